//! The built-in target table gives exactly the atoms inferred from the
//! real builds, for all 30 binaries: the same observable atoms (atoms no
//! schema element of a binary depends on cannot be inferred, and are
//! listed apart).

mod common;

use std::collections::BTreeSet;

use qmp_server::targets;
use serde_json::Value;

/// The strings of list `key` of target `name`'s entry: a malformed entry
/// fails, naming the target, rather than read as an empty list.
fn strings<'a>(entry: &'a Value, name: &str, key: &str) -> Vec<&'a str> {
    let malformed = "malformed build-config-inferred.json";
    let list = entry[key]
        .as_array()
        .unwrap_or_else(|| panic!("{malformed}: {name}'s `{key}` is not a list"));
    list.iter()
        .map(|value| {
            value.as_str().unwrap_or_else(|| {
                panic!("{malformed}: {name}'s `{key}` holds {value}, not a string")
            })
        })
        .collect()
}

#[test]
fn table_matches_real_builds() {
    let text = std::fs::read_to_string(common::qmp_dir().join("build-config-inferred.json"))
        .expect("config");
    let config: Value = serde_json::from_str(&text).expect("JSON");
    let config = config.as_object().expect("an object");
    let ours: BTreeSet<&str> = targets::names().collect();
    let theirs: BTreeSet<&str> = config.keys().map(String::as_str).collect();
    assert_eq!(ours, theirs);
    for (name, entry) in config {
        let mut want = BTreeSet::from_iter(strings(entry, name, "target_macros"));
        want.extend(strings(entry, name, "config_defined"));
        let unobservable = BTreeSet::from_iter(strings(entry, name, "config_unobservable"));
        let target = targets::binary(name).expect("listed");
        let got: BTreeSet<&str> = target
            .atoms()
            .filter(|a| !unobservable.contains(a))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}
