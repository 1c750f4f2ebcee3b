//! Generated types against what real QEMU 10.0.2 sends: every captured
//! reply decodes into the command's return type and encodes back to the
//! same JSON, and decoding gives QEMU's own errors.

mod common;

use qapi_generated_tests::qemu::{self, commands, events::AnyEvent};
use qapi_runtime::codec::Path;
use qapi_runtime::{to_json, Command, Decode, QapiEnum};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Map, Value};
use std::fmt::Debug;

/// Decodes `value` as `T`, encodes it again and checks that nothing changed;
/// serde_json reading its text (a deserializer that keys members by name)
/// gives the same value.
fn round_trip<T: DeserializeOwned + Serialize + PartialEq + Debug>(value: &Value) -> T {
    let decoded =
        T::decode(value.clone(), &Path::Root).unwrap_or_else(|e| panic!("decoding failed: {e}"));
    assert_eq!(to_json(&decoded).as_ref(), Some(value));
    let read: T = serde_json::from_str(&value.to_string())
        .unwrap_or_else(|e| panic!("deserializing failed: {e}"));
    assert_eq!(read, decoded);
    decoded
}

fn ret<C: Command>(target: &str) -> C::Ret
where
    C::Ret: PartialEq + Debug,
{
    let reply = common::reply(target, C::NAME);
    round_trip::<C::Ret>(&reply["return"])
}

#[test]
fn captured_replies_round_trip() {
    for target in ["x86_64", "aarch64"] {
        let version = ret::<commands::QueryVersion>(target);
        assert_eq!(
            (version.qemu.major, version.qemu.minor, version.qemu.micro),
            (10, 0, 2)
        );
        assert_eq!(version.package, "Debian 1:10.0.2+ds-2+deb13u1~bpo12+1");
        let info = ret::<commands::QueryTarget>(target);
        assert_eq!(info.arch.as_str(), target);
        let commands = ret::<commands::QueryCommands>(target);
        assert!(commands.iter().any(|c| c.name == "qmp_capabilities"));
        ret::<commands::QmpCapabilities>(target);
        // The whole introspection reply: hundreds of SchemaInfo union values.
        let schema = ret::<commands::QueryQmpSchema>(target);
        assert!(schema.len() > 1000);
    }
}

#[test]
fn greeting_parts_decode() {
    let greeting = common::reply("x86_64", "greeting");
    round_trip::<qemu::VersionInfo>(&greeting["QMP"]["version"]);
    let caps = round_trip::<Vec<qemu::QMPCapability>>(&greeting["QMP"]["capabilities"]);
    assert_eq!(caps, [qemu::QMPCapability::Oob]);
}

#[test]
fn unions_put_the_discriminator_in_the_branch() {
    let value = json!({"name": "0", "meta-type": "object", "members": [], "bogus": "x"});
    let err = qemu::SchemaInfo::decode(value, &Path::Root).unwrap_err();
    assert_eq!(err.to_string(), "Parameter 'bogus' is unexpected");
    let info = round_trip::<qemu::SchemaInfo>(
        &json!({"name": "str", "meta-type": "builtin", "json-type": "string"}),
    );
    assert_eq!(info.branch.tag(), qemu::SchemaMetaType::Builtin);
    let err = qemu::SchemaInfo::decode(json!({"name": "x", "meta-type": "bogus"}), &Path::Root)
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Parameter 'meta-type' does not accept value 'bogus'"
    );
}

#[test]
fn absent_and_null_stay_apart() {
    // 'backing' is an optional BlockdevRefOrNull: absent, null and a
    // reference are three different values.
    let base = json!({"driver": "qcow2", "node-name": "n", "file": "f"});
    let absent = round_trip::<qemu::BlockdevOptions>(&base);
    let mut with_null = base.clone();
    with_null["backing"] = Value::Null;
    let null = round_trip::<qemu::BlockdevOptions>(&with_null);
    let mut with_ref = base.clone();
    with_ref["backing"] = json!("other");
    let reference = round_trip::<qemu::BlockdevOptions>(&with_ref);
    let backing = |o: &qemu::BlockdevOptions| match &o.branch {
        qemu::BlockdevOptionsBranch::Qcow2(q) => q.backing.clone().map(|b| *b),
        other => panic!("wrong branch {other:?}"),
    };
    assert_eq!(backing(&absent), None);
    assert_eq!(
        backing(&null),
        Some(qemu::BlockdevRefOrNull::Null(qapi_runtime::Null))
    );
    assert_eq!(
        backing(&reference),
        Some(qemu::BlockdevRefOrNull::Reference("other".into()))
    );
}

#[test]
fn serde_gives_the_same_shape() {
    let value = json!({"qemu": {"major": 10, "minor": 0, "micro": 2}, "package": "x"});
    let version: qemu::VersionInfo = serde_json::from_value(value.clone()).expect("deserializes");
    assert_eq!(serde_json::to_value(&version).expect("serializes"), value);
    let err = serde_json::from_value::<qemu::VersionInfo>(json!({"package": "x"})).unwrap_err();
    assert_eq!(err.to_string(), "Parameter 'qemu' is missing");
    let text = serde_json::to_string(&qemu::RunState::Inmigrate).expect("serializes");
    assert_eq!(text, "\"inmigrate\"");
}

#[test]
fn events_decode_by_name() {
    let data = json!({"guest": false, "reason": "host-qmp-quit"});
    let event = AnyEvent::decode("SHUTDOWN", data.clone())
        .expect("known")
        .expect("valid");
    assert_eq!(event.name(), "SHUTDOWN");
    assert_eq!(event.data(), Some(data));
    assert!(AnyEvent::decode("NO_SUCH_EVENT", json!({})).is_none());
    let invalid = AnyEvent::decode(
        "SHUTDOWN",
        json!({"guest": "no", "reason": "host-qmp-quit"}),
    )
    .expect("known")
    .expect_err("invalid");
    assert_eq!(
        invalid.to_string(),
        "Invalid parameter type for 'guest', expected: boolean"
    );
    let stop = AnyEvent::decode("STOP", json!({}))
        .expect("known")
        .expect("valid");
    assert_eq!(stop.data(), None);
}

/// Decodes `arguments` with command type `C`, as a server would; the
/// error message if it fails.
fn decode_args<C: Command>(arguments: Value) -> Option<String> {
    C::decode(arguments, &Path::Root)
        .err()
        .map(|e| e.to_string())
}

#[test]
fn argument_errors_match_the_transcript() {
    let path = common::qmp_dir().join("qmp-protocol-transcript-x86_64.json");
    let cases: Vec<Value> =
        serde_json::from_str(&std::fs::read_to_string(path).expect("transcript")).expect("JSON");
    let (mut checked, mut failed) = (0, 0);
    for case in &cases {
        let sent = case["sent"].as_str().unwrap_or_default();
        let Ok(Value::Object(request)) = serde_json::from_str::<Value>(sent.trim()) else {
            continue;
        };
        // Arguments that are not an object are the dispatcher's to reject.
        let (Some(Value::String(name)), Some(arguments @ Value::Object(_))) =
            (request.get("execute"), request.get("arguments"))
        else {
            continue;
        };
        let received: Value =
            match serde_json::from_str(case["received"].as_str().unwrap_or_default().trim()) {
                Ok(v) => v,
                Err(_) => continue,
            };
        let want = received["error"]["desc"].as_str().map(str::to_owned);
        // Only argument errors come from decoding; other errors come from
        // the command itself, after its arguments decoded fine.
        let want =
            want.filter(|d| d.starts_with("Parameter") || d.starts_with("Invalid parameter"));
        let got = match name.as_str() {
            "qmp_capabilities" => decode_args::<commands::QmpCapabilities>(arguments.clone()),
            "qom-list" => decode_args::<commands::QomList>(arguments.clone()),
            "qom-get" => decode_args::<commands::QomGet>(arguments.clone()),
            "qom-list-types" => decode_args::<commands::QomListTypes>(arguments.clone()),
            "set-action" => decode_args::<commands::SetAction>(arguments.clone()),
            "migrate-set-parameters" => {
                decode_args::<commands::MigrateSetParameters>(arguments.clone())
            }
            "balloon" => decode_args::<commands::Balloon>(arguments.clone()),
            "query-status" => decode_args::<commands::QueryStatus>(arguments.clone()),
            "query-version" => decode_args::<commands::QueryVersion>(arguments.clone()),
            _ => continue,
        };
        checked += 1;
        if got != want {
            failed += 1;
            println!(
                "FAIL {}: sent {sent:?}: want {want:?}, got {got:?}",
                case["case"]
            );
        }
    }
    println!("{} passed, {failed} failed", checked - failed);
    assert!(
        checked >= 10,
        "only {checked} transcript cases were checked"
    );
    assert_eq!(failed, 0);
}

#[test]
fn enums_know_their_values() {
    assert_eq!(qemu::RunState::NAMES[0], "debug");
    assert_eq!(
        qemu::RunState::from_name("running"),
        Some(qemu::RunState::Running)
    );
    assert_eq!(format!("{:?}", qemu::RunState::Running), "running");
    assert_eq!(qemu::SysEmuTarget::X86_64.as_str(), "x86_64");
}

#[test]
fn typed_handlers_and_execute() {
    let mut registry = qapi_runtime::Registry::new();
    registry.register::<commands::QueryStatus, _>(|_args| {
        Ok(qemu::StatusInfo {
            running: false,
            status: qemu::RunState::Prelaunch,
        })
    });
    registry.register::<commands::QomList, _>(|args| {
        Ok(vec![qemu::ObjectPropertyInfo {
            name: args.path,
            r#type: "child<container>".into(),
            description: None,
            default_value: None,
        }])
    });
    let status = qapi_runtime::execute(&registry, commands::QueryStatus).expect("runs");
    assert_eq!(status.status, qemu::RunState::Prelaunch);
    let list = qapi_runtime::execute(
        &registry,
        commands::QomList {
            path: "/machine".into(),
        },
    )
    .expect("runs");
    assert_eq!(list[0].name, "/machine");
    let err = registry.call("qom-list", json!({})).unwrap_err();
    assert_eq!(err.desc, "Parameter 'path' is missing");
    let err = registry.call("query-version", json!({})).unwrap_err();
    assert_eq!(
        (err.class, err.desc.as_str()),
        (
            "CommandNotFound",
            "The command query-version has not been found"
        )
    );
}

/// `MigrationParameters` has 29 members, more than one tuple of the
/// runtime's member codec holds: members of every group decode, encode in
/// schema order, and the first bad member in schema order is reported.
#[test]
fn large_structs_span_several_member_groups() {
    let value = json!({
        "announce-initial": 50,
        "cpu-throttle-tailslow": true,
        "tls-creds": "tls0",
        "multifd-compression": "zstd",
        "x-vcpu-dirty-limit-period": 1000,
        "direct-io": false
    });
    let params = round_trip::<qemu::MigrationParameters>(&value);
    assert_eq!(params.announce_initial, Some(50));
    assert_eq!(params.direct_io, Some(false));
    assert_eq!(
        params.multifd_compression,
        Some(qemu::MultiFDCompression::Zstd)
    );
    let keys: Vec<String> = to_json(&params)
        .expect("serializes")
        .as_object()
        .expect("an object")
        .keys()
        .cloned()
        .collect();
    assert_eq!(
        keys,
        [
            "announce-initial",
            "cpu-throttle-tailslow",
            "tls-creds",
            "multifd-compression",
            "x-vcpu-dirty-limit-period",
            "direct-io"
        ]
    );

    let bad_late = json!({"direct-io": 1, "announce-initial": "x"});
    let err = qemu::MigrationParameters::decode(bad_late, &Path::Root).unwrap_err();
    // QEMU's words for a uint64 member that is not a number.
    assert_eq!(
        err.to_string(),
        "Parameter 'announce-initial' expects uint64"
    );
    let bad_second_group = json!({"direct-io": 1});
    let err = qemu::MigrationParameters::decode(bad_second_group, &Path::Root).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid parameter type for 'direct-io', expected: boolean"
    );
}

/// `blockdev-add`'s arguments nested `depth` levels deep through `file`,
/// the innermost `file` being `innermost`.
fn nested_blockdev(depth: usize, innermost: Value) -> Value {
    // Built by hand: `json!` would copy the inner value at every level.
    let node = |file: Value| {
        let mut node = Map::new();
        node.insert("driver".to_owned(), json!("qcow2"));
        node.insert("file".to_owned(), file);
        node
    };
    let mut value = node(innermost);
    value.insert("node-name".to_owned(), json!("n"));
    (0..depth).fold(Value::Object(value), |inner, _| Value::Object(node(inner)))
}

/// QMP allows 1,024 levels of nesting, and decoding takes a few kilobytes
/// of stack a level: the decoder grows its stack as it goes, and a
/// command's argument check drops what it decoded with room to spare, so
/// that even a thread with a small stack checks QMP's deepest (QEMU's
/// message here).
#[test]
fn the_deepest_arguments_check_on_a_small_stack() {
    type Check = fn(Value, &qapi_runtime::Lacks) -> Result<(), qapi_runtime::DecodeError>;
    let check = |check_args: Check, args: Value| {
        std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || check_args(args, qapi_runtime::Lacks::none()).map_err(|e| e.to_string()))
            .expect("spawns")
            .join()
            .expect("no overflow")
    };
    let blockdev_add = commands::BlockdevAdd::META.check_args;
    assert_eq!(
        check(blockdev_add, nested_blockdev(1021, json!("base"))),
        Ok(())
    );
    assert_eq!(
        check(blockdev_add, nested_blockdev(1021, json!(5))),
        Err("Invalid parameter type for 'file', expected: BlockdevRef".to_owned())
    );
    let deep_any = (0..1020).fold(json!(0), |inner, _| Value::Array(vec![inner]));
    let args = json!({"path": "/", "property": "p", "value": deep_any});
    assert_eq!(check(commands::QomSet::META.check_args, args), Ok(()));
}
