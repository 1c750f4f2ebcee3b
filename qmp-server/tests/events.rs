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
    server
        .emit_event(&events::Stop)
        .expect("every target has it");
    server
        .emit_event(&events::Resume)
        .expect("every target has it");
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
    server
        .emit_event(&events::Shutdown {
            guest: true,
            reason: ShutdownCause::GuestShutdown,
        })
        .expect("every target has it");
    let line = first.pending_events();
    assert!(line.ends_with("\"event\": \"SHUTDOWN\", \"data\": {\"guest\": true, \"reason\": \"guest-shutdown\"}}\r\n"), "{line}");
    // An event arriving between replies comes before the next reply.
    server
        .emit_event(&events::Stop)
        .expect("every target has it");
    let out = first.feed(br#"{"execute": "query-status"}"#).text;
    assert!(
        out.contains("\"event\": \"STOP\"}\r\n{\"return\": "),
        "{out}"
    );
}

/// An event the target lacks, or one holding a part the target lacks, is
/// not sent: no binary of the target could send it.
#[test]
fn events_the_target_could_not_send_are_refused() {
    use qapi_runtime::TargetSet;
    use qmp_server::schema::{S390CpuPolarization, SocketAddress, UnixSocketAddress};
    use qmp_server::Chardev;

    let x86 = common::server("x86_64");
    let polarization = events::CpuPolarizationChange {
        polarization: S390CpuPolarization::Horizontal,
    };
    assert_eq!(
        x86.emit_event(&polarization).map_err(|e| e.to_string()),
        Err("This target has no event CPU_POLARIZATION_CHANGE".into())
    );

    // A build without CONFIG_LINUX has no abstract unix sockets.
    let target = TargetSet::new("t", "x86_64", ["TARGET_X86_64", "TARGET_I386"]);
    let server = qmp_server::server(&target.into(), &[Chardev::Unix("qmp.sock".into())]);
    let mut session = server.session();
    session.feed(br#"{"execute": "qmp_capabilities"}"#);
    let connected = |r#abstract| events::NetdevStreamConnected {
        netdev_id: "n".into(),
        addr: SocketAddress::Unix(UnixSocketAddress {
            path: "/s".into(),
            r#abstract,
            tight: None,
        }),
    };
    assert_eq!(
        server
            .emit_event(&connected(Some(true)))
            .map_err(|e| e.to_string()),
        Err(
            "The event NETDEV_STREAM_CONNECTED holds what this target lacks: \
             Parameter 'addr.abstract' is unexpected"
                .into()
        )
    );
    assert_eq!(session.pending_events(), "");
    server
        .emit_event(&connected(None))
        .expect("the target has all of it");
    // Members in QDict order, as QEMU writes them.
    let line = session.pending_events();
    let data =
        "\"data\": {\"netdev-id\": \"n\", \"addr\": {\"path\": \"/s\", \"type\": \"unix\"}}}\r\n";
    assert!(line.ends_with(data), "{line}");
    // The full build has them.
    x86.emit_event(&connected(Some(true)))
        .expect("x86_64 has abstract sockets");
}
