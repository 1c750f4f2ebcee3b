//! Atoms mapped to `cfg` predicates: what cannot hold is compiled out, its
//! metadata stays.

use qapi_generated_tests::{speed_compiled_out, speed_kept};
use qapi_runtime::{Command, Registry, TargetSet};
use serde_json::json;

#[test]
fn kept_where_the_predicate_holds() {
    assert_eq!(speed_kept::commands::SetSpeed::NAME, "set-speed");
    let mut registry = Registry::for_target(
        &speed_kept::SCHEMA,
        &[TargetSet::new("t", "x", ["CONFIG_SPEED"])],
        &[],
    );
    registry.register::<speed_kept::commands::SetSpeed, _>(|args| {
        Ok(speed_kept::Options {
            verbose: args.speed > 0,
        })
    });
    assert_eq!(
        registry
            .call("set-speed", json!({"speed": 3}))
            .expect("runs"),
        json!({"verbose": true})
    );
}

#[test]
fn compiled_out_keeps_its_metadata() {
    // The command type is gone (a ui-test shows the error), its metadata is not.
    let names: Vec<&str> = speed_compiled_out::SCHEMA
        .commands
        .iter()
        .map(|c| c.name)
        .collect();
    assert_eq!(names, ["ping", "set-speed", "configure", "list-things"]);
    let target = TargetSet::new("t", "x", ["CONFIG_SPEED"]);
    let registry = Registry::for_target(&speed_compiled_out::SCHEMA, &[target], &[]);
    let err = registry.call("set-speed", json!({"speed": 3})).unwrap_err();
    assert_eq!(
        err.desc,
        "The command set-speed is not implemented by this server"
    );
    // Introspection is the schema's, whatever is compiled.
    let entries = speed_compiled_out::SCHEMA
        .introspection
        .evaluate(&|a| a == "CONFIG_SPEED");
    assert!(entries.iter().any(|e| e["name"] == "set-speed"));
    // Everything else is there.
    assert_eq!(speed_compiled_out::commands::Ping::NAME, "ping");
}

/// Types and everything in them, under `CONFIG_KVM` mapped to a predicate
/// that never holds (`out`) and to one that always holds (`kept`).
mod types {
    use qapi_generated_tests::{kvm_compiled_out as out, kvm_kept as kept};
    use qapi_runtime::codec::Path;
    use qapi_runtime::{to_json, Command, Decode, Event, QapiEnum, Registry, TargetSet};
    use serde_json::{json, Value};

    fn decode<T: Decode>(value: Value) -> Result<T, String> {
        T::decode(value, &Path::Root).map_err(|e| e.to_string())
    }

    #[test]
    fn enum_values_compiled_out_are_gone() {
        assert_eq!(out::Accel::NAMES, ["tcg"]);
        assert_eq!(out::Accel::VALUES, [out::Accel::Tcg]);
        assert_eq!(out::Accel::Tcg.as_str(), "tcg");
        // QEMU names the root of the arguments 'null'.
        assert_eq!(
            decode::<out::Accel>(json!("kvm")),
            Err("Parameter 'null' does not accept value 'kvm'".into())
        );
        assert_eq!(kept::Accel::NAMES, ["tcg", "kvm"]);
        assert_eq!(kept::Accel::VALUES, [kept::Accel::Tcg, kept::Accel::Kvm]);
        assert_eq!(kept::Accel::Kvm.as_str(), "kvm");
        assert_eq!(decode::<kept::Accel>(json!("kvm")), Ok(kept::Accel::Kvm));
    }

    #[test]
    fn members_go_with_their_condition_or_their_type() {
        let info = json!({"accel": "tcg", "name": "pc"});
        let machine: out::MachineInfo = decode(info.clone()).expect("decodes");
        assert_eq!(to_json(&machine), Some(info));
        // Both members are gone: their names are unexpected.
        assert_eq!(
            decode::<out::MachineInfo>(json!({"accel": "tcg", "name": "pc", "kvm-slots": 4})).err(),
            Some("Parameter 'kvm-slots' is unexpected".into())
        );
        assert_eq!(
            decode::<out::MachineInfo>(
                json!({"accel": "tcg", "name": "pc", "kvm": {"present": true}})
            )
            .err(),
            Some("Parameter 'kvm' is unexpected".into())
        );
        let full = json!({"accel": "kvm", "kvm": {"present": true}, "kvm-slots": 4, "name": "pc"});
        let machine: kept::MachineInfo = decode(full.clone()).expect("decodes");
        assert_eq!(machine.kvm_slots, Some(4));
        assert_eq!(to_json(&machine), Some(full));
    }

    #[test]
    fn branches_go_with_their_tag_value_or_alone() {
        let tcg = json!({"accel": "tcg", "threads": 2});
        let info: out::AccelInfo = decode(tcg.clone()).expect("decodes");
        assert_eq!(info.branch.tag(), out::Accel::Tcg);
        assert_eq!(to_json(&info), Some(tcg));
        assert_eq!(
            decode::<out::AccelInfo>(json!({"accel": "kvm", "present": true})).err(),
            Some("Parameter 'accel' does not accept value 'kvm'".into())
        );
        // The tag value stays, its branch does not: QEMU's error for a
        // value the build does not accept.
        assert_eq!(out::ProbeMethod::NAMES, ["plain", "checked"]);
        assert_eq!(
            decode::<out::Probe>(json!({"method": "checked", "present": true})).err(),
            Some("Parameter 'method' does not accept value 'checked'".into())
        );
        let checked = json!({"method": "checked", "present": true});
        let probe: kept::Probe = decode(checked.clone()).expect("decodes");
        assert_eq!(probe.tag(), kept::ProbeMethod::Checked);
        assert_eq!(to_json(&probe), Some(checked));
    }

    #[test]
    fn alternatives_go_with_their_type() {
        assert_eq!(
            decode::<out::InfoOrName>(json!({"present": true})).err(),
            Some("Invalid parameter type for 'null', expected: InfoOrName".into())
        );
        assert_eq!(
            decode::<out::InfoOrName>(json!("x")),
            Ok(out::InfoOrName::Name("x".into()))
        );
        assert!(matches!(
            decode::<kept::InfoOrName>(json!({"present": true})),
            Ok(kept::InfoOrName::Info(kept::KvmInfo { present: true }))
        ));
    }

    #[test]
    fn commands_and_events_go_with_the_types_they_use() {
        // `query-kvm` and `KVM_READY` are compiled out with `KvmInfo`; their
        // metadata stays.
        let commands: Vec<&str> = out::SCHEMA.commands.iter().map(|c| c.name).collect();
        assert_eq!(commands, ["query-machine", "set-machines", "query-kvm"]);
        let events: Vec<&str> = out::SCHEMA.events.iter().map(|e| e.name).collect();
        assert_eq!(events, ["KVM_READY"]);
        assert_eq!(out::events::AnyEvent::NAMES, ["KVM_READY"]);
        assert!(out::events::AnyEvent::decode("KVM_READY", json!({"present": true})).is_none());
        let registry = Registry::for_target(
            &out::SCHEMA,
            &[TargetSet::new("t", "x", ["CONFIG_KVM"])],
            &[],
        );
        assert_eq!(
            registry.call("query-kvm", json!({})).unwrap_err().desc,
            "The command query-kvm is not implemented by this server"
        );

        assert_eq!(kept::commands::QueryKvm::NAME, "query-kvm");
        assert_eq!(kept::events::KvmReady::NAME, "KVM_READY");
        let event = kept::events::AnyEvent::decode("KVM_READY", json!({"present": true}))
            .expect("a known event")
            .expect("decodes");
        assert_eq!(event.data(), Some(json!({"present": true})));
    }
}

/// The guest agent with its platform atoms mapped to Rust's `cfg`, built
/// here for Linux.
#[cfg(target_os = "linux")]
#[test]
fn guest_agent_builds_for_its_platform() {
    use qapi_generated_tests::qga_native as qga;
    use qapi_runtime::QapiEnum;
    // Linux-only commands and types are there.
    assert_eq!(
        qga::commands::GuestGetDiskstats::NAME,
        "guest-get-diskstats"
    );
    let _: Option<qga::GuestDiskStats> = None;
    // The Windows-only `guest-get-devices` is not; its metadata is.
    let meta = qga::SCHEMA
        .commands
        .iter()
        .find(|c| c.name == "guest-get-devices")
        .expect("metadata stays");
    assert_eq!(
        meta.cond.map(|c| c.to_string()).as_deref(),
        Some("CONFIG_WIN32")
    );
    // `merged` is there unless CONFIG_WIN32: `not(windows)`.
    assert_eq!(
        qga::GuestExecCaptureOutputMode::NAMES.last(),
        Some(&"merged")
    );
    let registry = Registry::for_target(
        &qga::SCHEMA,
        &[TargetSet::new("qga", "x", ["CONFIG_WIN32"])],
        &[],
    );
    assert_eq!(
        registry
            .call("guest-get-devices", json!({}))
            .unwrap_err()
            .desc,
        "The command guest-get-devices is not implemented by this server"
    );
}
