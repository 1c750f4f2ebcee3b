//! The client against real QEMU 10.0.2 (`qemu-system-x86_64 -machine q35`
//! and `qemu-system-aarch64 -machine virt`, TCG, stopped): every
//! argument-less query decoded strictly, events, a block node, file
//! descriptors, out-of-band execution, and many calls at once with
//! events among them.

mod common;

use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::os::fd::AsFd;
use std::time::Duration;

use common::{argumentless_queries, machine, sweep, Qemu};
use qapi_client::{Client, Error, ErrorClass, Events, TypedEvent};
use qapi_qemu::v10_0::system::events::AnyEvent;
use qapi_qemu::v10_0::system::{self as qemu, commands};
use qapi_test_support::{qemu_binary, required};
use serde_json::json;

/// How long a test waits for an event.
const EVENT_TIMEOUT: Duration = Duration::from_secs(10);

/// `qemu-system-x86_64 -machine q35`, if QEMU 10.0.2 is installed (see
/// [`required`]).
fn q35(name: &str) -> Option<Qemu> {
    let binary = required("qemu-system-x86_64 10.0.2", qemu_binary("x86_64"))?;
    let command = machine(binary, &["-machine", "q35", "-name", "qapi-test"]);
    Some(Qemu::start(command, name))
}

/// `qemu-system-aarch64 -machine virt` (its default CPU), if QEMU 10.0.2 is
/// installed.
fn virt(name: &str) -> Option<Qemu> {
    let binary = required("qemu-system-aarch64 10.0.2", qemu_binary("aarch64"))?;
    Some(Qemu::start(machine(binary, &["-machine", "virt"]), name))
}

/// Every argument-less query of `qemu`'s own schema decodes strictly
/// through 10.0's types.
async fn strict_sweep(mut qemu: Qemu, what: &str) {
    let client = qemu.connect().await;
    let queries = argumentless_queries(&client).await;
    assert!(queries.len() > 30, "{queries:?}");
    let sweep = sweep(&client, &qemu::SCHEMA, &queries).await;
    println!("{}", sweep.report(what));
    assert!(sweep.failed.is_empty(), "{}", sweep.report(what));
    assert!(sweep.decoded > 30, "{}", sweep.report(what));
}

#[tokio::test]
async fn every_query_decodes_strictly_x86_64_q35() {
    let Some(qemu) = q35("sweep-x86_64") else {
        return;
    };
    strict_sweep(qemu, "qemu-system-x86_64 10.0.2 -machine q35").await;
}

#[tokio::test]
async fn every_query_decodes_strictly_aarch64_virt() {
    let Some(qemu) = virt("sweep-aarch64") else {
        return;
    };
    strict_sweep(qemu, "qemu-system-aarch64 10.0.2 -machine virt").await;
}

/// The next event, read through 10.0's events; fails the test if none
/// comes in time, or it is not one of the schema's.
async fn next_event(events: &mut Events) -> AnyEvent {
    let event = tokio::time::timeout(EVENT_TIMEOUT, events.recv_typed::<AnyEvent>())
        .await
        .expect("an event in time")
        .expect("the connection goes on");
    match event {
        TypedEvent::Known { event, .. } => event,
        other => panic!("not an event of 10.0's schema: {other:?}"),
    }
}

#[tokio::test]
async fn run_state_changes_come_as_typed_events() {
    let Some(mut qemu) = q35("events") else {
        return;
    };
    let client = qemu.connect().await;
    let mut events = client.events();
    let status = client.execute(&commands::QueryStatus).await;
    assert_eq!(status.expect("a status").status, qemu::RunState::Prelaunch);

    client.execute(&commands::Cont).await.expect("runs");
    assert_eq!(
        next_event(&mut events).await,
        AnyEvent::Resume(qemu::events::Resume)
    );
    client.execute(&commands::Stop).await.expect("stops");
    assert_eq!(
        next_event(&mut events).await,
        AnyEvent::Stop(qemu::events::Stop)
    );
    client
        .execute(&commands::SystemReset)
        .await
        .expect("resets");
    match next_event(&mut events).await {
        AnyEvent::Reset(reset) => {
            assert!(!reset.guest, "asked for by the host");
            assert_eq!(reset.reason, qemu::ShutdownCause::HostQmpSystemReset);
        }
        other => panic!("{other:?}"),
    }
    // A machine reset while not running is as if never started.
    let status = client.execute(&commands::QueryStatus).await;
    assert_eq!(status.expect("a status").status, qemu::RunState::Prelaunch);
}

/// `blockdev-add` of a `null-co` node named `name`, typed.
fn null_node(name: &str) -> commands::BlockdevAdd {
    commands::BlockdevAdd(qemu::BlockdevOptions {
        node_name: Some(name.into()),
        discard: None,
        cache: None,
        active: None,
        read_only: Some(true),
        auto_read_only: None,
        force_share: None,
        detect_zeroes: None,
        branch: qemu::BlockdevOptionsBranch::NullCo(qemu::BlockdevOptionsNull {
            size: Some(1 << 20),
            latency_ns: None,
            read_zeroes: Some(true),
        }),
    })
}

/// The node names `query-named-block-nodes` gives.
async fn node_names(client: &Client) -> Vec<String> {
    let nodes = client
        .execute(&commands::QueryNamedBlockNodes { flat: Some(true) })
        .await
        .expect("the nodes");
    nodes.into_iter().filter_map(|n| n.node_name).collect()
}

#[tokio::test]
async fn a_null_block_node_added_seen_and_deleted() {
    let Some(mut qemu) = q35("blockdev") else {
        return;
    };
    let client = qemu.connect().await;
    assert!(
        node_names(&client).await.is_empty(),
        "-nodefaults: no nodes"
    );
    client
        .execute(&null_node("null0"))
        .await
        .expect("the node is added");
    let nodes = client
        .execute(&commands::QueryNamedBlockNodes { flat: Some(true) })
        .await
        .expect("the nodes");
    let [node] = nodes.as_slice() else {
        panic!("one node: {nodes:?}")
    };
    assert_eq!(node.node_name.as_deref(), Some("null0"));
    assert_eq!(node.drv, "null-co");
    assert!(node.ro);
    assert_eq!(node.image.virtual_size, 1 << 20);
    let again = client.execute(&null_node("null0")).await.unwrap_err();
    assert_eq!(
        again.to_string(),
        "GenericError: Duplicate nodes with node-name='null0'"
    );
    client
        .execute(&commands::BlockdevDel {
            node_name: "null0".into(),
        })
        .await
        .expect("the node is deleted");
    assert!(node_names(&client).await.is_empty(), "gone");
}

#[tokio::test]
async fn getfd_and_closefd_with_a_real_descriptor() {
    let Some(mut qemu) = q35("getfd") else {
        return;
    };
    let client = qemu.connect().await;
    let getfd = commands::Getfd {
        fdname: "pipe0".into(),
    };
    // Without a descriptor QEMU refuses: the one passed below is what it
    // takes.
    let none = client.execute(&getfd).await.unwrap_err();
    assert_eq!(
        none.to_string(),
        "GenericError: No file descriptor supplied via SCM_RIGHTS"
    );
    let mut file = tempfile("getfd");
    file.write_all(b"kept").expect("writes");
    client
        .execute_with_fds(&getfd, &[file.as_fd()])
        .await
        .expect("QEMU takes the descriptor");
    let closefd = commands::Closefd {
        fdname: "pipe0".into(),
    };
    client.execute(&closefd).await.expect("QEMU closes it");
    let again = client.execute(&closefd).await.unwrap_err();
    assert_eq!(
        again.to_string(),
        "GenericError: File descriptor named 'pipe0' not found"
    );
    // Ours is still open: QEMU had a duplicate.
    let mut text = String::new();
    file.seek(SeekFrom::Start(0)).expect("seeks");
    file.read_to_string(&mut text).expect("still ours");
    assert_eq!(text, "kept");
}

#[tokio::test]
async fn add_fd_puts_a_descriptor_in_a_set() {
    let Some(mut qemu) = q35("add-fd") else {
        return;
    };
    let client = qemu.connect().await;
    let file = tempfile("add-fd");
    let added = client
        .execute_with_fds(
            &commands::AddFd {
                fdset_id: Some(7),
                opaque: Some("test file".into()),
            },
            &[file.as_fd()],
        )
        .await
        .expect("added");
    assert_eq!(added.fdset_id, 7);
    let sets = client
        .execute(&commands::QueryFdsets)
        .await
        .expect("the sets");
    let [set] = sets.as_slice() else {
        panic!("one set: {sets:?}")
    };
    assert_eq!(set.fdset_id, 7);
    let fds: Vec<_> = set
        .fds
        .iter()
        .map(|fd| (fd.fd, fd.opaque.as_deref()))
        .collect();
    assert_eq!(fds, [(added.fd, Some("test file"))]);
    client
        .execute(&commands::RemoveFd {
            fdset_id: 7,
            fd: Some(added.fd),
        })
        .await
        .expect("removed");
    let sets = client.execute(&commands::QueryFdsets).await;
    assert!(sets.expect("the sets").is_empty());
}

/// A new file in the temporary folder, opened for reading and writing
/// and already unlinked.
fn tempfile(name: &str) -> std::fs::File {
    let path = std::env::temp_dir().join(format!("qapi-client-{name}-{}.tmp", std::process::id()));
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(true)
        .open(&path)
        .expect("a temporary file");
    std::fs::remove_file(&path).expect("unlinked");
    file
}

#[test]
fn the_blocking_client_passes_descriptors() {
    let Some(qemu) = q35("blocking-getfd") else {
        return;
    };
    let socket = qemu.socket().to_owned();
    let client = qapi_test_support::retry("QEMU's socket", Duration::from_secs(30), || {
        qapi_client::blocking::Client::connect_unix(&socket)
    });
    let file = tempfile("blocking-getfd");
    client
        .call_with_fds("getfd", json!({"fdname": "p"}), &[file.as_fd()])
        .expect("QEMU takes the descriptor");
    client
        .execute(&commands::Closefd { fdname: "p".into() })
        .expect("and closes it");
}

#[tokio::test]
async fn out_of_band_calls() {
    let Some(mut qemu) = q35("oob") else {
        return;
    };
    let client = qemu.connect().await;
    assert!(client.oob(), "QEMU offers oob, and it was negotiated");
    let yank = commands::Yank {
        instances: Vec::new(),
    };
    client.execute_oob(&yank).await.expect("yank of nothing");
    // migrate-pause allows oob too; with no migration QEMU says why not.
    let err = client
        .execute_oob(&commands::MigratePause)
        .await
        .unwrap_err();
    let Error::Qmp(err) = err else {
        panic!("{err}")
    };
    assert_eq!(err.class, ErrorClass::GenericError);
    assert!(err.desc.contains("migrate-pause"), "{}", err.desc);
    let status = client.execute(&commands::QueryStatus).await;
    assert_eq!(
        status.expect("in band after").status,
        qemu::RunState::Prelaunch
    );
}

/// How many calls are made, by how many tasks at once (each makes its
/// calls one after the other, so that calls keep coming while the
/// machine is resumed and stopped), and how many times it is.
const CALLS: usize = 1000;
const TASKS: usize = 100;
const TOGGLES: usize = 50;

/// One of three calls with replies of three shapes, checked: a reply
/// given to the wrong call would not pass.  Gives whether the machine was
/// running, for a status.
async fn checked_call(client: &Client, i: usize) -> Option<bool> {
    match i % 3 {
        0 => {
            let status = client.execute(&commands::QueryStatus).await;
            let status = status.expect("a status");
            let want = match status.status {
                qemu::RunState::Running => true,
                qemu::RunState::Paused | qemu::RunState::Prelaunch => false,
                other => panic!("call {i}: {other:?}"),
            };
            assert_eq!(status.running, want, "call {i}");
            Some(status.running)
        }
        1 => {
            let name = client.execute(&commands::QueryName).await;
            assert_eq!(name.expect("a name").name.as_deref(), Some("qapi-test"));
            None
        }
        _ => {
            let ty = client
                .call("qom-get", json!({"path": "/machine", "property": "type"}))
                .await;
            assert_eq!(ty.expect("a type"), json!("pc-q35-10.0-machine"));
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_calls_at_once_with_events_among_them() {
    let Some(mut qemu) = q35("many") else {
        return;
    };
    let client = qemu.connect().await;
    let mut events = client.events();
    let mut tasks = tokio::task::JoinSet::new();
    for task in 0..TASKS {
        let client = client.clone();
        tasks.spawn(async move {
            let mut seen = Vec::new();
            for i in (task..CALLS).step_by(TASKS) {
                seen.extend(checked_call(&client, i).await);
            }
            seen
        });
    }
    let toggler = tokio::spawn({
        let client = client.clone();
        async move {
            for _ in 0..TOGGLES {
                client.execute(&commands::Cont).await.expect("runs");
                client.execute(&commands::Stop).await.expect("stops");
            }
        }
    });
    let mut seen = Vec::new();
    while let Some(done) = tasks.join_next().await {
        seen.extend(done.expect("every call got its own reply"));
    }
    toggler.await.expect("every toggle answered");
    assert!(
        seen.contains(&true) && seen.contains(&false),
        "the machine ran and stopped while the calls went on"
    );
    for n in 0..TOGGLES {
        let resume = next_event(&mut events).await;
        assert_eq!(resume, AnyEvent::Resume(qemu::events::Resume), "RESUME {n}");
        let stop = next_event(&mut events).await;
        assert_eq!(stop, AnyEvent::Stop(qemu::events::Stop), "STOP {n}");
    }
    let more = tokio::time::timeout(Duration::from_millis(200), events.recv()).await;
    assert!(more.is_err(), "no other event: {more:?}");
}
