//! The 65 cases of the protocol transcript captured from real
//! `qemu-system-x86_64`, byte for byte (timestamps aside): cases 0-57 on
//! one connection, then a new connection from case 58 on.

mod common;

use serde_json::Value;

/// String `key` of case number `index` of the transcript: a malformed
/// capture fails, naming the case, rather than compare "" with "".
fn field<'a>(case: &'a Value, index: usize, key: &str) -> &'a str {
    case[key].as_str().unwrap_or_else(|| {
        panic!(
            "malformed transcript: case {index} ({}) has no string `{key}`",
            case["case"]
        )
    })
}

#[test]
fn transcript_x86_64() {
    let path = common::qmp_dir().join("qmp-protocol-transcript-x86_64.json");
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("transcript")).expect("JSON");
    assert_eq!(cases.len(), 65);
    let server = common::server("x86_64");
    let mut session = None;
    let (mut passed, mut failed) = (0, 0);
    for (index, case) in cases.iter().enumerate() {
        let name = field(case, index, "case");
        let sent = common::latin1(field(case, index, "sent"));
        let want = common::latin1(field(case, index, "received"));
        let mut got = Vec::new();
        if name.starts_with("greeting") {
            session = Some(server.session());
            got.extend_from_slice(server.greeting().as_bytes());
        }
        let session = session.as_mut().expect("a greeting comes first");
        let output = session.feed(&sent);
        got.extend_from_slice(output.text.as_bytes());
        if output.close {
            got.extend_from_slice(b"<EOF>");
        }
        let (got, want) = (
            common::without_timestamps(&String::from_utf8_lossy(&got)),
            common::without_timestamps(&String::from_utf8_lossy(&want)),
        );
        if got == want {
            passed += 1;
        } else {
            failed += 1;
            println!("FAIL {name}:\n  want {want:?}\n  got  {got:?}");
        }
    }
    println!("{passed} passed, {failed} failed");
    assert_eq!(failed, 0);
}
