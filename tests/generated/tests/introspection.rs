//! The generated introspection data, evaluated for a target's atoms, is
//! exactly what that QEMU binary answers to `query-qmp-schema` (content;
//! the wire's key order is the server's business), and the generated
//! command metadata gives exactly its commands.

mod common;

use std::collections::BTreeSet;

use qapi_generated_tests::qemu::SCHEMA;
use qapi_runtime::Cond;
use serde_json::Value;

fn defined(atoms: &[String]) -> impl Fn(&str) -> bool + '_ {
    move |a| atoms.iter().any(|x| x == a)
}

#[test]
fn query_qmp_schema_matches_real_binaries() {
    for target in ["x86_64", "aarch64"] {
        let atoms = common::atoms(target);
        let ours = SCHEMA.introspection.evaluate(&defined(&atoms));
        let theirs = common::reply(target, "query-qmp-schema")["return"]
            .as_array()
            .cloned()
            .expect("an array");
        assert_eq!(ours.len(), theirs.len(), "{target}: number of entries");
        let mismatches: Vec<_> = ours
            .iter()
            .zip(&theirs)
            .enumerate()
            .filter(|(_, (a, b))| a != b)
            .collect();
        for (i, (a, b)) in mismatches.iter().take(3) {
            println!("{target} entry {i}:\n  ours:   {a}\n  theirs: {b}");
        }
        assert!(
            mismatches.is_empty(),
            "{target}: {} entries differ",
            mismatches.len()
        );
    }
}

#[test]
fn commands_per_target_match_real_binaries() {
    for target in ["x86_64", "aarch64"] {
        let atoms = common::atoms(target);
        let ours: BTreeSet<&str> = SCHEMA
            .commands
            .iter()
            .filter(|c| Cond::holds(c.cond.as_ref(), &defined(&atoms)))
            .map(|c| c.name)
            .collect();
        let reply = common::reply(target, "query-commands");
        let theirs: BTreeSet<&str> = reply["return"]
            .as_array()
            .expect("an array")
            .iter()
            .filter_map(|c| c["name"].as_str())
            .collect();
        assert_eq!(ours, theirs, "{target}");
    }
}

#[test]
fn every_target_has_its_own_entry_set() {
    let x86 = SCHEMA
        .introspection
        .evaluate(&defined(&common::atoms("x86_64")));
    let arm = SCHEMA
        .introspection
        .evaluate(&defined(&common::atoms("aarch64")));
    let names = |v: &[Value]| {
        v.iter()
            .filter_map(|e| e["name"].as_str().map(str::to_owned))
            .collect::<BTreeSet<_>>()
    };
    assert!(names(&x86).contains("rtc-reset-reinjection"));
    assert!(!names(&arm).contains("rtc-reset-reinjection"));
}
