//! Greeting, `qmp_capabilities`, `query-version`, `query-target`,
//! `query-commands` and `query-qmp-schema`, byte for byte against real
//! `qemu-system-x86_64` and `qemu-system-aarch64`.

mod common;

use qmp_server::targets;

#[test]
fn replies_match_real_binaries() {
    let (mut passed, mut failed) = (0, 0);
    for target in ["x86_64", "aarch64"] {
        let server = common::server(target);
        let mut session = server.session();
        let mut check = |name: &str, got: String| {
            let path = common::qmp_dir().join(target).join(format!("{name}.raw"));
            let want = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if got.as_bytes() == want.as_slice() {
                passed += 1;
            } else {
                failed += 1;
                let at = got
                    .bytes()
                    .zip(&want)
                    .position(|(a, b)| a != *b)
                    .unwrap_or(got.len().min(want.len()));
                let from = at.saturating_sub(60);
                println!(
                    "FAIL {target}/{name} at byte {at}:\n  want ...{}\n  got  ...{}",
                    String::from_utf8_lossy(&want[from..(at + 60).min(want.len())]),
                    &got[from.min(got.len())..(at + 60).min(got.len())]
                );
            }
        };
        check("greeting", server.greeting().to_owned());
        check(
            "qmp_capabilities",
            session.feed(br#"{"execute": "qmp_capabilities"}"#).text,
        );
        for command in [
            "query-version",
            "query-target",
            "query-commands",
            "query-qmp-schema",
        ] {
            check(
                command,
                session
                    .feed(format!(r#"{{"execute": "{command}"}}"#).as_bytes())
                    .text,
            );
        }
    }
    println!("{passed} passed, {failed} failed");
    assert_eq!(failed, 0);
}

#[test]
fn every_target_answers() {
    for name in targets::names() {
        let target = targets::binary(name).expect("listed");
        let server = common::server(name);
        let mut session = server.session();
        session.feed(br#"{"execute": "qmp_capabilities"}"#);
        let reply = session.feed(br#"{"execute": "query-target"}"#).text;
        assert_eq!(
            reply,
            format!("{{\"return\": {{\"arch\": \"{}\"}}}}\r\n", target.arch),
            "{name}"
        );
        let schema = session.feed(br#"{"execute": "query-qmp-schema"}"#).text;
        assert!(
            schema.starts_with("{\"return\": [{\"name\": \"query-status\""),
            "{name}"
        );
    }
}
