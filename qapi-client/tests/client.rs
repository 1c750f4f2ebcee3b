//! The client against `qmp-server` (QEMU 10.0.2's answers, in process) and
//! against scripted servers that misbehave or are newer than the schema.

use std::os::fd::AsFd;
use std::time::Duration;

use qapi_client::{Client, Disconnect, Error, ErrorClass, EventsError, Options, TypedEvent};
use qapi_qemu::v10_0::system::events::AnyEvent;
use qapi_qemu::v10_0::system::{self as qemu, commands};
use qapi_runtime::{to_json, QapiEnum, UnknownValue};
use qmp_server::Chardev;
use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, DuplexStream};
use tokio::task::JoinHandle;

/// A client connected to `qmp-server` for `target`, in process.
async fn served(target: &str, options: Options) -> Client {
    let target = qmp_server::targets::binary(target).expect("a target");
    let server = qmp_server::server(&target.into(), &[Chardev::Unix("qmp.sock".into())]);
    let (ours, theirs) = tokio::io::duplex(1 << 16);
    let (read, write) = tokio::io::split(theirs);
    tokio::spawn(qapi_runtime::qmp::serve_connection(server, read, write));
    options.connect(ours).await.expect("connects")
}

const GREETING: &str = "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 2, \
                        \"major\": 11}, \"package\": \"\"}, \"capabilities\": [\"oob\"]}}\n";

/// The server side of a scripted connection: reads requests, writes
/// whatever the test says.
struct Script {
    lines: tokio::io::Lines<BufReader<tokio::io::ReadHalf<DuplexStream>>>,
    write: tokio::io::WriteHalf<DuplexStream>,
}

impl Script {
    /// Greets, answers the negotiation, and hands over the connection.
    async fn start(options: Options) -> (Client, Script) {
        let (ours, theirs) = tokio::io::duplex(1 << 20);
        let (read, write) = tokio::io::split(theirs);
        let mut script = Script {
            lines: BufReader::new(read).lines(),
            write,
        };
        let server = async {
            script.send(GREETING).await;
            let request = script.request().await;
            assert_eq!(request["execute"], "qmp_capabilities");
            script.reply(&request, json!({})).await;
        };
        let (client, ()) = tokio::join!(options.connect(ours), server);
        (client.expect("connects"), script)
    }

    async fn request(&mut self) -> Value {
        let line = self
            .lines
            .next_line()
            .await
            .expect("reads")
            .expect("a request");
        serde_json::from_str(&line).expect("a request is JSON")
    }

    async fn send(&mut self, text: &str) {
        self.write.write_all(text.as_bytes()).await.expect("writes");
    }

    async fn reply(&mut self, request: &Value, value: Value) {
        let text = json!({"return": value, "id": request["id"]}).to_string() + "\n";
        self.send(&text).await;
    }
}

/// Calls `name` without arguments in a task of its own.
fn spawn_call(client: &Client, name: &'static str) -> JoinHandle<Result<Value, Error>> {
    let client = client.clone();
    tokio::spawn(async move { client.call(name, json!({})).await })
}

#[tokio::test]
async fn typed_and_untyped_calls_against_qmp_server() {
    let client = served("x86_64", Options::default()).await;
    assert_eq!(client.greeting().version.major, 10);
    assert!(client.oob(), "the server offers oob");
    let version = client
        .execute(&commands::QueryVersion)
        .await
        .expect("a version");
    assert_eq!(
        (version.qemu.major, version.qemu.minor, version.qemu.micro),
        (10, 0, 2)
    );
    let target = client
        .call("query-target", json!({}))
        .await
        .expect("a target");
    assert_eq!(target, json!({"arch": "x86_64"}));
    let err = client.call("no-such-command", json!({})).await.unwrap_err();
    let Error::Qmp(err) = err else {
        panic!("{err}")
    };
    assert_eq!(err.class, ErrorClass::CommandNotFound);
    assert_eq!(err.desc, "The command no-such-command has not been found");
    let err = client
        .execute(&commands::QomList {
            path: "/nowhere".into(),
        })
        .await;
    assert_eq!(
        err.unwrap_err().to_string(),
        "DeviceNotFound: Device '/nowhere' not found"
    );
}

#[tokio::test]
async fn arguments_are_checked_locally_with_qemus_words() {
    let client = served("x86_64", Options::default().schema(&qemu::SCHEMA)).await;
    let unchecked = served("x86_64", Options::default()).await;
    for (name, arguments) in [
        ("qom-list", json!({})),
        ("qom-list", json!({"path": 1})),
        (
            "qom-get",
            json!({"path": "/", "property": "type", "extra": true}),
        ),
        ("set-action", json!({"panic": "bogus"})),
    ] {
        let local = client.call(name, arguments.clone()).await.unwrap_err();
        let remote = unchecked.call(name, arguments).await.unwrap_err();
        assert_eq!(local.to_string(), remote.to_string(), "{name}");
    }
}

#[tokio::test]
async fn many_calls_at_once_over_one_connection() {
    let client = served("aarch64", Options::default()).await;
    let mut calls = tokio::task::JoinSet::new();
    for i in 0..1000 {
        let client = client.clone();
        calls.spawn(async move {
            let (name, want) = if i % 2 == 0 {
                ("query-target", json!({"arch": "aarch64"}))
            } else {
                (
                    "query-status",
                    json!({"running": false, "status": "prelaunch"}),
                )
            };
            assert_eq!(client.call(name, json!({})).await.expect("answered"), want);
        });
    }
    while let Some(done) = calls.join_next().await {
        done.expect("every call got its own reply");
    }
}

#[tokio::test]
async fn out_of_band_execution() {
    let negotiated = served("x86_64", Options::default()).await;
    assert!(negotiated.oob(), "qmp-server offers oob");
    let plain = served("x86_64", Options::default().oob(false)).await;
    assert!(!plain.oob());
    let yank = commands::Yank {
        instances: Vec::new(),
    };
    let err = plain.execute_oob(&yank).await.unwrap_err();
    assert_eq!(err.to_string(), "out-of-band execution was not negotiated");
    let err = negotiated
        .execute_oob(&commands::QueryStatus)
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "command query-status does not allow out-of-band execution"
    );

    // An out-of-band reply overtakes the in-band call still running.
    let (client, mut script) = Script::start(Options::default()).await;
    let slow = spawn_call(&client, "slow");
    let in_band = script.request().await;
    let oob = tokio::spawn({
        let client = client.clone();
        async move { client.execute_oob(&yank).await }
    });
    let request = script.request().await;
    assert_eq!(request["exec-oob"], "yank");
    assert_eq!(request["arguments"], json!({"instances": []}));
    script.reply(&request, json!({})).await;
    oob.await.expect("joins").expect("yank answered");
    assert!(!slow.is_finished());
    script.reply(&in_band, json!("done")).await;
    assert_eq!(slow.await.expect("joins").expect("a reply"), json!("done"));
}

#[tokio::test]
async fn only_a_unix_socket_passes_file_descriptors() {
    let client = served("x86_64", Options::default()).await;
    let file = std::fs::File::open("Cargo.toml").expect("a file to pass");
    let err = client
        .execute_with_fds(&commands::Getfd { fdname: "f".into() }, &[file.as_fd()])
        .await
        .expect_err("refused");
    assert!(matches!(err, Error::FdPassing(_)), "{err}");
    assert_eq!(
        err.to_string(),
        "file descriptors can only be passed over a unix socket \
         (connect with connect_unix or connect_unix_stream)"
    );
    // Nothing was sent: the connection goes on.
    let status = client.execute(&commands::QueryStatus).await;
    assert_eq!(status.expect("a status").status, qemu::RunState::Prelaunch);
}

#[tokio::test]
async fn replies_match_their_calls_in_any_order() {
    let (client, mut script) = Script::start(Options::default()).await;
    let first = spawn_call(&client, "first");
    let a = script.request().await;
    let second = spawn_call(&client, "second");
    let b = script.request().await;
    // Out of order, with a reply to an id nobody sent in between.
    script.reply(&b, json!("b")).await;
    script.send("{\"return\": {}, \"id\": 987654}\n").await;
    script.reply(&a, json!("a")).await;
    assert_eq!(first.await.expect("joins").expect("a reply"), json!("a"));
    assert_eq!(second.await.expect("joins").expect("a reply"), json!("b"));
}

#[tokio::test]
async fn a_dropped_call_leaves_the_connection_usable() {
    let (client, mut script) = Script::start(Options::default()).await;
    let timed_out =
        tokio::time::timeout(Duration::from_millis(20), client.call("slow", json!({}))).await;
    assert!(timed_out.is_err(), "no reply yet");
    let slow = script.request().await;
    let next = spawn_call(&client, "next");
    let request = script.request().await;
    script.reply(&slow, json!("too late")).await;
    script.reply(&request, json!("next")).await;
    assert_eq!(next.await.expect("joins").expect("a reply"), json!("next"));
}

#[tokio::test]
async fn the_server_going_away_fails_every_call() {
    let (client, mut script) = Script::start(Options::default()).await;
    let pending = spawn_call(&client, "never-answered");
    let _ = script.request().await;
    drop(script);
    let err = pending.await.expect("joins").unwrap_err();
    assert!(
        matches!(&err, Error::Disconnected(why) if matches!(**why, Disconnect::Closed)),
        "{err}"
    );
    let later = client.call("later", json!({})).await.unwrap_err();
    assert_eq!(later.to_string(), "the server closed the connection");
}

#[tokio::test]
async fn garbage_and_oversized_messages_end_the_connection() {
    let (client, mut script) = Script::start(Options::default()).await;
    let pending = spawn_call(&client, "x");
    let _ = script.request().await;
    script.send("}{]\n").await;
    let err = pending.await.expect("joins").unwrap_err();
    assert!(
        err.to_string().starts_with("the server broke the protocol"),
        "{err}"
    );

    let (client, mut script) = Script::start(Options::default().max_message(4096)).await;
    let pending = spawn_call(&client, "x");
    let request = script.request().await;
    let huge = json!({"return": "x".repeat(10_000), "id": request["id"]}).to_string();
    script.send(&huge).await;
    let err = pending.await.expect("joins").unwrap_err();
    assert_eq!(
        err.to_string(),
        "the server broke the protocol: a message longer than 4096 bytes"
    );
}

#[tokio::test]
async fn events_from_a_newer_server_reach_every_subscriber() {
    let (client, mut script) = Script::start(Options::default()).await;
    let mut first = client.events();
    let mut second = client.events();
    let stamp = "\"timestamp\": {\"seconds\": 1, \"microseconds\": 2}";
    script
        .send(&format!(
            "{{\"event\": \"STOP\", {stamp}}}\n\
             {{\"event\": \"X_NEW_EVENT\", \"data\": {{\"a\": 1}}, {stamp}}}\n\
             {{\"event\": \"RESET\", \"data\": {{\"guest\": true, \"reason\": \"guest-reset\", \
               \"x-new-member\": 5}}, {stamp}}}\n\
             {{\"event\": \"RESET\", \"data\": {{\"guest\": true, \"reason\": \"x-new-reason\"}}, \
               {stamp}}}\n\
             {{\"event\": \"RESET\", \"data\": {{\"guest\": \"yes\", \"reason\": \"host-qmp-quit\"}}, \
               {stamp}}}\n"
        ))
        .await;
    for events in [&mut first, &mut second] {
        let stop = events.recv_typed::<AnyEvent>().await.expect("an event");
        let TypedEvent::Known { event, timestamp } = stop else {
            panic!("{stop:?}")
        };
        assert_eq!(event, AnyEvent::Stop(qemu::events::Stop));
        assert_eq!((timestamp.seconds, timestamp.microseconds), (1, 2));
        match events.recv_typed::<AnyEvent>().await.expect("an event") {
            TypedEvent::Unknown(raw) => {
                assert_eq!(raw.name, "X_NEW_EVENT");
                assert_eq!(raw.data, json!({"a": 1}));
            }
            other => panic!("{other:?}"),
        }
        match events.recv_typed::<AnyEvent>().await.expect("an event") {
            TypedEvent::Known {
                event: AnyEvent::Reset(reset),
                ..
            } => assert!(reset.guest),
            other => panic!("{other:?}"),
        }
        // A value its enum lacks is unknown, with its name.
        match events.recv_typed::<AnyEvent>().await.expect("an event") {
            TypedEvent::Known {
                event: AnyEvent::Reset(reset),
                ..
            } => assert_eq!(
                reset.reason,
                qemu::ShutdownCause::Unknown(UnknownValue::new("x-new-reason"))
            ),
            other => panic!("{other:?}"),
        }
        // A member of the wrong type does not decode.
        match events.recv_typed::<AnyEvent>().await.expect("an event") {
            TypedEvent::Undecodable { raw, error } => {
                assert_eq!(raw.name, "RESET");
                assert_eq!(
                    error.to_string(),
                    "Invalid parameter type for 'guest', expected: boolean"
                );
            }
            other => panic!("{other:?}"),
        }
    }
    // The connection goes on.
    let call = spawn_call(&client, "after");
    let request = script.request().await;
    script.reply(&request, json!(1)).await;
    assert_eq!(call.await.expect("joins").expect("a reply"), json!(1));
    drop(script);
    let closed = first.recv().await.unwrap_err();
    assert!(matches!(closed, EventsError::Closed(_)), "{closed}");
}

#[tokio::test]
async fn events_from_start_miss_nothing_after_negotiation() {
    let (ours, theirs) = tokio::io::duplex(1 << 16);
    let (read, mut write) = tokio::io::split(theirs);
    let server = tokio::spawn(async move {
        let mut lines = BufReader::new(read).lines();
        write.write_all(GREETING.as_bytes()).await.expect("greets");
        let request: Value =
            serde_json::from_str(&lines.next_line().await.expect("reads").expect("a line"))
                .expect("JSON");
        // The event comes with the reply to the negotiation, before the
        // client's `connect` returns.
        let text = format!(
            "{}\n{{\"event\": \"STOP\", \"timestamp\": {{\"seconds\": 3, \"microseconds\": 4}}}}\n",
            json!({"return": {}, "id": request["id"]})
        );
        write.write_all(text.as_bytes()).await.expect("writes");
        (lines, write)
    });
    let client = Options::default()
        .events_from_start(true)
        .connect(ours)
        .await
        .expect("connects");
    let _server = server.await.expect("serves");
    let mut initial = client.initial_events().expect("kept");
    let event = initial.recv().await.expect("the event");
    assert_eq!((event.name.as_str(), event.timestamp.seconds), ("STOP", 3));
    assert!(client.initial_events().is_none(), "taken once");
}

#[tokio::test]
async fn a_slow_subscriber_lags_without_holding_anyone_up() {
    let (client, mut script) = Script::start(Options::default().event_capacity(8)).await;
    let mut slow = client.events();
    let mut text = String::new();
    for i in 0..100 {
        text.push_str(&format!(
            "{{\"event\": \"STOP\", \"timestamp\": {{\"seconds\": {i}, \"microseconds\": 0}}}}\n"
        ));
    }
    script.send(&text).await;
    // A call answered after the events gets through at once.
    let call = spawn_call(&client, "after");
    let request = script.request().await;
    script.reply(&request, json!(0)).await;
    assert_eq!(call.await.expect("joins").expect("a reply"), json!(0));
    let lagged = slow.recv().await.unwrap_err();
    assert!(matches!(lagged, EventsError::Lagged(92)), "{lagged}");
    let next = slow.recv().await.expect("the oldest kept");
    assert_eq!(next.timestamp.seconds, 92);
}

#[tokio::test]
async fn replies_with_members_the_schema_lacks_decode() {
    let (client, mut script) = Script::start(Options::default()).await;
    let call = tokio::spawn({
        let client = client.clone();
        async move { client.execute(&commands::QueryVersion).await }
    });
    let request = script.request().await;
    assert_eq!(request["execute"], "query-version");
    let reply = json!({
        "qemu": {"major": 11, "minor": 2, "micro": 0, "x-build": 7},
        "package": "", "x-new": [1, 2]
    });
    script.reply(&request, reply).await;
    let version = call.await.expect("joins").expect("decodes");
    assert_eq!(version.qemu.major, 11);
}

#[tokio::test]
async fn replies_with_values_and_branches_the_schema_lacks_decode() {
    let (client, mut script) = Script::start(Options::default()).await;
    let call = tokio::spawn({
        let client = client.clone();
        async move { client.execute(&commands::QueryCpusFast).await }
    });
    let request = script.request().await;
    let cpu = |target: &str, extra: Value| {
        let mut cpu = json!({"cpu-index": 0, "qom-path": "/cpu", "thread-id": 1, "target": target});
        cpu.as_object_mut()
            .expect("an object")
            .extend(extra.as_object().expect("an object").clone());
        cpu
    };
    let reply = json!([
        cpu("s390x", json!({"cpu-state": "x-new-state"})),
        cpu("x-new-arch", json!({"x-arch-state": {"a": [1]}, "b": 2})),
        cpu("x86_64", json!({})),
    ]);
    script.reply(&request, reply.clone()).await;
    let cpus = call.await.expect("joins").expect("decodes");
    let qemu::CpuInfoFastBranch::S390x(s390) = &cpus[0].branch else {
        panic!("{:?}", cpus[0])
    };
    assert_eq!(
        s390.cpu_state,
        qemu::S390CpuState::Unknown(UnknownValue::new("x-new-state"))
    );
    assert_eq!(s390.cpu_state.as_str(), "x-new-state");
    let qemu::CpuInfoFastBranch::Unknown(new) = &cpus[1].branch else {
        panic!("{:?}", cpus[1])
    };
    assert_eq!(new.tag().as_str(), "x-new-arch");
    assert_eq!(
        Value::Object(new.members().clone()),
        json!({"x-arch-state": {"a": [1]}, "b": 2})
    );
    assert_eq!(cpus[1].qom_path, "/cpu");
    assert_eq!(
        cpus[1].branch.tag(),
        qemu::SysEmuTarget::Unknown(UnknownValue::new("x-new-arch"))
    );
    assert_eq!(cpus[2].branch, qemu::CpuInfoFastBranch::X86_64);
    // What was read is written back as it came.
    assert_eq!(to_json(&cpus), Some(reply));
    // A server decodes strictly: the unknown value is QEMU's error.
    let strict = <qemu::SysEmuTarget as qapi_runtime::Decode>::decode(
        json!("x-new-arch"),
        &qapi_runtime::codec::Path::Root,
    );
    assert_eq!(
        strict.map_err(|e| e.to_string()),
        Err("Parameter 'null' does not accept value 'x-new-arch'".to_owned())
    );
}

#[tokio::test]
async fn the_servers_own_schema_says_what_it_has() {
    let x86 = served("x86_64", Options::default())
        .await
        .server_schema()
        .await;
    let arm = served("aarch64", Options::default())
        .await
        .server_schema()
        .await;
    let (x86, arm) = (x86.expect("a schema"), arm.expect("a schema"));
    assert!(x86.has_command("rtc-reset-reinjection"));
    assert!(!arm.has_command("rtc-reset-reinjection"));
    assert!(x86.has_command("query-version") && arm.has_command("query-version"));
    assert!(x86.has_event("RTC_CHANGE") && !x86.has_event("NO_SUCH_EVENT"));
    assert!(x86.has_argument("blockdev-add", "node-name"));
    assert!(
        x86.has_argument("blockdev-add", "filename"),
        "a member of a branch"
    );
    assert!(!x86.has_argument("query-version", "anything"));
    assert!(x86.accepts_value("set-action", "panic", "pause"));
    assert!(!x86.accepts_value("set-action", "panic", "no-such-action"));
}

#[test]
fn the_blocking_client_over_a_unix_socket() {
    let dir = std::env::temp_dir().join(format!("qapi-client-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder");
    let socket = dir.join("qmp.sock");
    let server_runtime = tokio::runtime::Runtime::new().expect("a runtime");
    let target = qmp_server::targets::binary("x86_64").expect("a target");
    let server = qmp_server::server(&target.into(), &[Chardev::Unix(socket.clone())]);
    let listening = socket.clone();
    server_runtime.spawn(async move { qapi_runtime::qmp::serve_unix(server, &listening).await });
    // The listener is bound in the task: wait for the socket.
    for _ in 0..200 {
        if socket.exists() {
            break;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let client = qapi_client::blocking::Client::connect_unix(&socket).expect("connects");
    let mut events = client.events();
    assert_eq!(client.greeting().version.minor, 0);
    let status = client.execute(&commands::QueryStatus).expect("a status");
    assert_eq!(status.status, qemu::RunState::Prelaunch);
    let threads: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            std::thread::spawn(move || client.call("query-target", json!({})))
        })
        .collect();
    for thread in threads {
        let target = thread.join().expect("joins").expect("a target");
        assert_eq!(target, json!({"arch": "x86_64"}));
    }
    assert!(events.recv_timeout(Duration::from_millis(10)).is_none());
    // `quit` emits SHUTDOWN before its reply.
    client.execute(&commands::Quit).expect("quits");
    let shutdown = events.recv_typed::<AnyEvent>().expect("an event");
    assert!(
        matches!(
            shutdown,
            TypedEvent::Known {
                event: AnyEvent::Shutdown(_),
                ..
            }
        ),
        "{shutdown:?}"
    );
    std::fs::remove_dir_all(&dir).ok();
}
