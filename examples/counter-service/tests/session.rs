//! The session logic alone, no transport: which lines come out at once,
//! which requests become jobs, and when the session stops reading.

use qapi_runtime::qmp::Session;
use serde_json::{json, Value};

use counter_service::Counter;

fn negotiated(
    server: &std::sync::Arc<qapi_runtime::qmp::Server<Counter>>,
    oob: bool,
) -> Session<Counter> {
    let mut session = server.session();
    let caps = if oob { r#"["oob"]"# } else { "[]" };
    let reply = session.feed(
        format!(r#"{{"execute": "qmp_capabilities", "arguments": {{"enable": {caps}}}}}"#)
            .as_bytes(),
    );
    assert_eq!(reply.text, "{\"return\": {}}\r\n");
    session
}

const WAIT: &str = r#"{"execute": "wait-for", "arguments": {"value": 1}, "id": "w"}"#;
const PING_OOB: &str = r#"{"exec-oob": "ping", "id": "p"}"#;

#[tokio::test]
async fn an_oob_request_is_answered_while_the_in_band_job_runs() {
    let server = counter_service::server();
    let mut session = negotiated(&server, true);
    let sent = format!(r#"{WAIT}{{"execute": "ping", "id": "i"}}{PING_OOB}"#);
    assert_eq!(
        session.feed(sent.as_bytes()).text,
        "{\"return\": {}, \"id\": \"p\"}\r\n"
    );
    let jobs: Vec<_> = session.take_jobs().collect();
    assert_eq!(jobs.len(), 1);
    assert!(jobs[0].in_band());
    assert!(session.output().is_none(), "the in-band ping waits");
    assert!(session.wants_input(), "with oob, reading goes on");

    // Another session ends the wait.
    let mut other = negotiated(&server, false);
    other.feed(br#"{"execute": "add", "arguments": {"delta": 1}}"#);
    let mut jobs = jobs.into_iter();
    let done = jobs.next().expect("one job").await;
    session.finish(done);
    let lines = messages(&session.output().expect("lines").text);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[0]["event"], "COUNTER_CHANGED");
    assert_eq!(
        (&lines[1]["id"], &lines[1]["return"]["value"]),
        (&json!("w"), &json!(1))
    );
    assert_eq!(lines[2], json!({"return": {}, "id": "i"}));
}

/// The messages of `text`, one a line.
fn messages(text: &str) -> Vec<Value> {
    text.lines()
        .map(|line| serde_json::from_str(line).expect("JSON"))
        .collect()
}

#[test]
fn reading_stops_at_eight_waiting_requests_with_oob_and_at_once_without() {
    let server = counter_service::server();
    let mut with_oob = negotiated(&server, true);
    with_oob.feed(WAIT.as_bytes());
    for n in 0..8 {
        assert!(with_oob.wants_input(), "{n} requests wait");
        with_oob.feed(br#"{"execute": "ping"}"#);
    }
    assert!(!with_oob.wants_input());
    // An out-of-band request is answered, not queued.
    with_oob.input(PING_OOB.as_bytes());
    assert!(with_oob.output().is_some());

    let mut without = negotiated(&server, false);
    without.feed(WAIT.as_bytes());
    assert!(!without.wants_input());
}

#[tokio::test]
async fn without_oob_exec_oob_waits_its_turn_and_is_an_error() {
    let server = counter_service::server();
    let mut session = negotiated(&server, false);
    session.feed(WAIT.as_bytes());
    session.input(PING_OOB.as_bytes());
    assert!(session.output().is_none(), "it waits its turn, in band");
    negotiated(&server, false).feed(br#"{"execute": "add", "arguments": {"delta": 1}}"#);
    let job = session.take_jobs().next().expect("the wait");
    session.finish(job.await);
    let lines = messages(&session.output().expect("lines").text);
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert_eq!(lines[1]["id"], "w");
    assert_eq!(
        lines[2],
        json!({"id": "p", "error": {"class": "GenericError",
            "desc": "QMP input member 'exec-oob' is unexpected"}})
    );
}
