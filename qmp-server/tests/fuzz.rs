//! No input crashes a session: random bytes, and QMP-like input mutated
//! at random, fed in random chunks to sessions of several targets.

mod common;

use qapi_test_support::Rng;

const SEEDS: &[&str] = &[
    r#"{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}"#,
    r#"{"execute": "qom-list", "arguments": {"path": "/machine"}, "id": [1, 2.5, null]}"#,
    r#"{"exec-oob": "migrate-pause", "id": "x"}"#,
    r#"{"execute": "migrate-set-parameters", "arguments": {"max-bandwidth": -1, "tls-creds": null}}"#,
    r#"{'execute': 'query-status', 'id': '\u00e9\ud83d\ude00'}"#,
    r#"{"execute": "blockdev-add", "arguments": {"driver": "qcow2", "node-name": "n", "file": {"driver": "file", "filename": "/x"}, "backing": null}}"#,
    r#"{"execute": "query-qmp-schema"}"#,
];

#[test]
fn sessions_survive_any_input() {
    let servers: Vec<_> = ["x86_64", "s390x", "riscv64"]
        .iter()
        .map(|t| common::server(t))
        .collect();
    let mut rng = Rng(7);
    let mut replies = 0usize;
    for round in 0..3000 {
        let server = &servers[round % servers.len()];
        let mut session = server.session();
        let mut input = Vec::new();
        for _ in 0..1 + rng.below(6) {
            let mut chunk = SEEDS[rng.below(SEEDS.len())].as_bytes().to_vec();
            for _ in 0..rng.below(4) {
                let at = rng.below(chunk.len() + 1);
                match rng.below(3) {
                    0 => chunk.insert(at, rng.next_u64() as u8),
                    1 if at < chunk.len() => {
                        chunk.remove(at);
                    }
                    _ => chunk.insert(at, b"{}[]:,'\"\\"[rng.below(9)]),
                }
            }
            input.extend_from_slice(&chunk);
        }
        if rng.below(4) == 0 {
            input = (0..rng.below(512)).map(|_| rng.next_u64() as u8).collect();
        }
        let mut rest = &input[..];
        while !rest.is_empty() {
            let n = 1 + rng.below(rest.len());
            let out = session.feed(&rest[..n]);
            replies += out.text.matches("\r\n").count();
            rest = &rest[n..];
        }
    }
    assert!(replies > 3000, "only {replies} replies");
}
