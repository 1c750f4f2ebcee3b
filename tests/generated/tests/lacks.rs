//! Conditions decided at run time give what a `cfg` mapping decides at
//! compile time: the schema expanded once, decoding for a target set, is
//! compared with the same schema expanded with its atom compiled out
//! (`CONFIG_KVM` lacking) and kept (`CONFIG_KVM` there), value by value.
//! And a reply is checked against the target set before it is sent.

use qapi_generated_tests::{kvm_at_run_time as rt, kvm_compiled_out as out, kvm_kept as kept};
use qapi_runtime::codec::Path;
use qapi_runtime::meta::SchemaMeta;
use qapi_runtime::{to_json, Decode, Lacks, Registry, TargetSet};
use serde::Serialize;
use serde_json::{json, Value};

fn target(kvm: bool) -> TargetSet {
    let atoms: &[&str] = if kvm { &["CONFIG_KVM"] } else { &[] };
    TargetSet::new("t", "x", atoms.iter().copied())
}

fn lacks(schema: &SchemaMeta, kvm: bool) -> Lacks {
    Lacks::of(schema, &[target(kvm)])
}

/// `value` decoded as `T` for what `lacks` describes, and encoded again.
fn decode<T: Decode + Serialize>(value: &Value, lacks: &Lacks) -> Result<Value, String> {
    T::decode_for(value.clone(), &Path::Root, lacks)
        .map(|t| to_json(&t).expect("encodes"))
        .map_err(|e| e.to_string())
}

/// Values of each type, good and bad, and how many of them decode.
macro_rules! same_as_compiled {
    ($($ty:ident: [$($value:expr),* $(,)?];)*) => {{
        let (mut compared, mut decoded) = (0, 0);
        for kvm in [false, true] {
            let (at_run_time, compiled) = (lacks(&rt::SCHEMA, kvm), lacks(&out::SCHEMA, kvm));
            $(for value in [$($value),*] {
                let got = decode::<rt::$ty>(&value, &at_run_time);
                let want = if kvm {
                    decode::<kept::$ty>(&value, &compiled)
                } else {
                    decode::<out::$ty>(&value, &compiled)
                };
                assert_eq!(got, want, "{} {value} with CONFIG_KVM {kvm}", stringify!($ty));
                compared += 1;
                decoded += usize::from(got.is_ok());
            })*
        }
        (compared, decoded)
    }};
}

#[test]
fn run_time_conditions_decode_as_compiled_ones() {
    let (compared, decoded) = same_as_compiled! {
        Accel: [json!("tcg"), json!("kvm"), json!("xen"), json!(1)];
        MachineInfo: [
            json!({"accel": "tcg", "name": "pc"}),
            json!({"accel": "kvm", "name": "pc", "kvm-slots": 4, "kvm-mode": "split"}),
            json!({"accel": "tcg", "name": "pc", "kvm-mode": "split"}),
            json!({"accel": "tcg", "name": "pc", "kvm": {"present": true}, "kvm-mode": "x"}),
            json!({"accel": "tcg", "name": "pc", "kvm-slots": 4, "other": 1, "kvm-mode": "x"}),
            json!({"accel": "kvm", "name": 1, "kvm-slots": 4, "kvm-mode": "x"}),
        ];
        AccelInfo: [
            json!({"accel": "tcg", "threads": 2}),
            json!({"accel": "kvm", "present": true}),
            json!({"accel": "kvm", "threads": 2}),
        ];
        Probe: [
            json!({"method": "plain", "threads": 1}),
            json!({"method": "checked", "present": true}),
        ];
        InfoOrName: [json!("x"), json!({"present": true}), json!(1)];
        Machines: [
            json!({"list": [{"accel": "tcg", "name": "a"}, {"accel": "kvm", "name": "b"}]}),
            json!({"list": [{"accel": "tcg", "name": "a", "kvm-slots": 1}]}),
            json!({"list": [], "by-name": {"present": false}}),
        ];
    };
    println!("{compared} compared, {decoded} decoded");
    // Both outcomes are exercised, with and without the atom.
    assert!(
        decoded > 8 && decoded < compared - 8,
        "{decoded} of {compared}"
    );
}

#[test]
fn a_conditional_required_member_is_required_where_every_target_has_it() {
    let without = json!({"accel": "tcg", "name": "pc"});
    let kvm = lacks(&rt::SCHEMA, true);
    assert_eq!(
        decode::<rt::MachineInfo>(&without, &kvm),
        Err("Parameter 'kvm-mode' is missing".into())
    );
    // For no target, a build may lack it.
    assert_eq!(
        decode::<rt::MachineInfo>(&without, Lacks::none()),
        Ok(without.clone())
    );
    // In a set where one target has it and another does not, it may be
    // left out, and given.
    let both = Lacks::of(&rt::SCHEMA, &[target(true), target(false)]);
    assert_eq!(decode::<rt::MachineInfo>(&without, &both), Ok(without));
    let with = json!({"accel": "kvm", "name": "pc", "kvm-mode": "split"});
    assert_eq!(decode::<rt::MachineInfo>(&with, &both), Ok(with));
}

#[test]
fn a_reply_holding_what_the_target_lacks_is_an_error() {
    let machine = |accel| rt::MachineInfo {
        accel,
        kvm: None,
        kvm_slots: None,
        kvm_mode: None,
        name: "pc".into(),
    };
    let mut registry = Registry::for_target(&rt::SCHEMA, &[target(false)], &[]);
    let _ =
        registry.register::<rt::commands::QueryMachine, _>(move |_| Ok(machine(rt::Accel::Kvm)));
    assert_eq!(
        registry.call("query-machine", json!({})).unwrap_err().desc,
        "The reply of command query-machine holds what this target lacks: \
         Parameter 'accel' does not accept value 'kvm'"
    );
    let _ =
        registry.register::<rt::commands::QueryMachine, _>(move |_| Ok(machine(rt::Accel::Tcg)));
    assert_eq!(
        registry.call("query-machine", json!({})),
        Ok(json!({"accel": "tcg", "name": "pc"}))
    );
    // Where every target requires `kvm-mode`, a reply without it is as
    // wrong.
    let mut registry = Registry::for_target(&rt::SCHEMA, &[target(true)], &[]);
    let _ =
        registry.register::<rt::commands::QueryMachine, _>(move |_| Ok(machine(rt::Accel::Kvm)));
    assert_eq!(
        registry.call("query-machine", json!({})).unwrap_err().desc,
        "The reply of command query-machine holds what this target lacks: \
         Parameter 'kvm-mode' is missing"
    );
}

#[test]
fn arguments_are_checked_for_the_target_with_or_without_a_handler() {
    let args = json!({"machines": {"list": [{"accel": "kvm", "name": "a"}]}});
    for kvm in [false, true] {
        let registry = Registry::for_target(&rt::SCHEMA, &[target(kvm)], &[]);
        let err = registry.call("set-machines", args.clone()).unwrap_err();
        let want = if kvm {
            "Parameter 'machines.list[0].kvm-mode' is missing"
        } else {
            "Parameter 'accel' does not accept value 'kvm'"
        };
        assert_eq!(err.desc, want);
    }
}
