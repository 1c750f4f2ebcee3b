//! Events: typed emission reaches every negotiated session, in QEMU's
//! format, and no session still negotiating.

mod common;

use qmp_server::schema::{events, ShutdownCause};

#[test]
fn events_reach_negotiated_sessions_only() {
    let server = common::server("x86_64");
    let mut first = server.session();
    let mut second = server.session();
    let mut waiting = server.session();
    first.feed(br#"{"execute": "qmp_capabilities"}"#);
    second.feed(br#"{"execute": "qmp_capabilities", "arguments": {"enable": ["oob"]}}"#);
    server.emit_event(&events::Stop);
    server.emit_event(&events::Resume);
    let lines = first.pending_events();
    let lines: Vec<&str> = lines.split_terminator("\r\n").collect();
    assert_eq!(lines.len(), 2);
    for (line, name) in lines.iter().zip(["STOP", "RESUME"]) {
        // {"timestamp": {"seconds": S, "microseconds": U}, "event": NAME}
        let rest = line
            .strip_prefix("{\"timestamp\": {\"seconds\": ")
            .expect("a timestamp first");
        let (seconds, rest) = rest
            .split_once(", \"microseconds\": ")
            .expect("microseconds");
        let (micros, rest) = rest.split_once("}, ").expect("end of timestamp");
        assert!(seconds.parse::<u64>().expect("seconds") > 1_700_000_000);
        assert!(micros.parse::<u32>().expect("microseconds") < 1_000_000);
        assert_eq!(rest, format!("\"event\": \"{name}\"}}"));
    }
    assert_eq!(second.pending_events().matches("\"event\"").count(), 2);
    assert_eq!(waiting.pending_events(), "");
    // Events with data carry it, encoded by the generated type.
    server.emit_event(&events::Shutdown {
        guest: true,
        reason: ShutdownCause::GuestShutdown,
    });
    let line = first.pending_events();
    assert!(line.ends_with("\"event\": \"SHUTDOWN\", \"data\": {\"guest\": true, \"reason\": \"guest-shutdown\"}}\r\n"), "{line}");
    // An event arriving between replies comes before the next reply.
    server.emit_event(&events::Stop);
    let out = first.feed(br#"{"execute": "query-status"}"#).text;
    assert!(
        out.contains("\"event\": \"STOP\"}\r\n{\"return\": "),
        "{out}"
    );
}
