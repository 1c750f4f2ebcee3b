//! The client against an older QEMU: 7.2.22's `qemu-system-x86_64 -machine
//! q35` (Debian 12's, unpacked into `target/qemu-7.2.22` by
//! `.ci/fetch-qemu-7.2`), read with 7.2's types and with 10.0's.

mod common;

use std::path::PathBuf;

use common::{argumentless_queries, machine, sweep, Qemu};
use qapi_client::{Client, Error, ErrorClass};
use qapi_qemu::{v10_0, v7_2};
use qapi_test_support::require;
use serde_json::json;

/// Where `.ci/fetch-qemu-7.2` unpacks QEMU 7.2.22.
fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/qemu-7.2.22/root")
}

/// QEMU 7.2.22's `-machine q35`, if it is unpacked (see [`require`]).
fn q35_7_2(name: &str) -> Option<Qemu> {
    let root = root();
    let binary = root.join("usr/bin/qemu-system-x86_64");
    if !require(
        "QEMU 7.2.22 unpacked in target/qemu-7.2.22 (.ci/fetch-qemu-7.2)",
        binary.is_file(),
    ) {
        return None;
    }
    let mut command = machine(&binary, &["-machine", "q35"]);
    // Its own modules: 10.0.2's, where it looks by default, make it exit.
    // Its own firmware data, and the BIOS that 10.0.2's seabios brought.
    command
        .env(
            "QEMU_MODULE_DIR",
            root.join("usr/lib/x86_64-linux-gnu/qemu"),
        )
        .arg("-L")
        .arg(root.join("usr/share/qemu"))
        .args(["-L", "/usr/share/seabios"]);
    Some(Qemu::start(command, name))
}

/// Connects, and checks that it is 7.2.22 that answers.
async fn connect(qemu: &mut Qemu) -> Client {
    let client = qemu.connect().await;
    let version = &client.greeting().version;
    assert_eq!((version.major, version.minor, version.micro), (7, 2, 22));
    client
}

#[tokio::test]
async fn with_7_2s_types_every_query_decodes_strictly() {
    let Some(mut qemu) = q35_7_2("older-7.2") else {
        return;
    };
    let client = connect(&mut qemu).await;
    let queries = argumentless_queries(&client).await;
    let sweep = sweep(&client, &v7_2::system::SCHEMA, &queries).await;
    let what = "qemu-system-x86_64 7.2.22 -machine q35, 7.2's types";
    println!("{}", sweep.report(what));
    assert!(sweep.failed.is_empty(), "{}", sweep.report(what));
    assert!(sweep.decoded > 30, "{}", sweep.report(what));
}

/// The argument-less queries whose 7.2.22 replies 10.0's types cannot
/// decode strictly, sorted, and what the error names: a member that 10.0
/// requires and 7.2 did not send yet, one that 7.2 sends and 10.0 no
/// longer has, or an enum value 10.0 dropped.
const UNDECODABLE_WITH_10_0: &[(&str, &str)] = &[
    ("query-dirty-rate", "'calc-time-unit' is missing"),
    ("query-machines", "'null[0].acpi' is missing"),
    (
        "query-migrate-capabilities",
        "does not accept value 'compress'",
    ),
    (
        "query-migrate-parameters",
        "'decompress-threads' is unexpected",
    ),
    ("query-sev", "'sev-type' is missing"),
    ("query-status", "'singlestep' is unexpected"),
];

#[tokio::test]
async fn with_10_0s_types_only_what_changed_fails_and_the_connection_goes_on() {
    let Some(mut qemu) = q35_7_2("older-10.0") else {
        return;
    };
    let client = connect(&mut qemu).await;
    let queries = argumentless_queries(&client).await;
    let sweep = sweep(&client, &v10_0::system::SCHEMA, &queries).await;
    let what = "qemu-system-x86_64 7.2.22 -machine q35, 10.0's types";
    println!("{}", sweep.report(what));
    let failed: Vec<&str> = sweep
        .failed
        .iter()
        .map(|f| f.split(':').next().unwrap_or_default())
        .collect();
    let want: Vec<&str> = UNDECODABLE_WITH_10_0.iter().map(|(c, _)| *c).collect();
    assert_eq!(failed, want, "{}", sweep.report(what));
    for ((_, word), failure) in UNDECODABLE_WITH_10_0.iter().zip(&sweep.failed) {
        assert!(failure.contains(word), "{failure} names {word}");
    }
    assert!(sweep.decoded > 30, "{}", sweep.report(what));
    // Each failure was its reply's alone: the connection goes on.
    let version = client.execute(&v10_0::system::commands::QueryVersion).await;
    assert_eq!(version.expect("answered").qemu.micro, 22);
}

#[tokio::test]
async fn a_typed_reply_that_cannot_decode_fails_alone() {
    let Some(mut qemu) = q35_7_2("older-typed") else {
        return;
    };
    let client = connect(&mut qemu).await;
    // 10.0's MachineInfo requires `acpi`, which 7.2 does not send.
    let err = client
        .execute(&v10_0::system::commands::QueryMachines { compat_props: None })
        .await
        .expect_err("7.2's machines lack acpi");
    let Error::Decode { command, error } = &err else {
        panic!("{err}")
    };
    assert_eq!(command, "query-machines");
    assert!(error.to_string().contains("acpi"), "{err}");
    println!("{err}");
    // A member 7.2 sends and 10.0 dropped (`singlestep`) is ignored by a
    // typed call, which reads a reply tolerantly.
    let status = client.execute(&v10_0::system::commands::QueryStatus).await;
    assert_eq!(
        status.expect("the connection goes on").status,
        v10_0::system::RunState::Prelaunch
    );
    let machines = client
        .execute(&v7_2::system::commands::QueryMachines)
        .await
        .expect("7.2's types decode 7.2's machines");
    assert!(machines
        .iter()
        .any(|m| m.name == "q35" || m.alias.as_deref() == Some("q35")));
}

/// The commands that 10.0's schema has and 7.2's has not, sorted.
fn new_since_7_2() -> Vec<&'static str> {
    let old: Vec<&str> = v7_2::system::SCHEMA
        .commands
        .iter()
        .map(|c| c.name)
        .collect();
    let mut new: Vec<&str> = v10_0::system::SCHEMA
        .commands
        .iter()
        .map(|c| c.name)
        .filter(|name| !old.contains(name))
        .collect();
    new.sort_unstable();
    new
}

#[tokio::test]
async fn commands_added_since_7_2_are_absent() {
    let Some(mut qemu) = q35_7_2("older-absent") else {
        return;
    };
    let client = connect(&mut qemu).await;
    let schema = client.server_schema().await.expect("7.2's own schema");
    let new = new_since_7_2();
    println!("{} commands of 10.0 that 7.2 lacks: {new:?}", new.len());
    assert!(new.contains(&"blockdev-set-active"), "{new:?}");
    for name in new {
        assert!(!schema.has_command(name), "7.2 has {name}");
        let err = client.call(name, json!({})).await.unwrap_err();
        let Error::Qmp(err) = err else {
            panic!("{name}: {err}")
        };
        assert_eq!(err.class, ErrorClass::CommandNotFound, "{name}");
        assert_eq!(err.desc, format!("The command {name} has not been found"));
    }
    assert!(schema.has_command("query-machines"));
}
