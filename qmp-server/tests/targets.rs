//! The built-in target table gives exactly the atoms inferred from the
//! real builds, for all 30 binaries: the same observable atoms (atoms no
//! schema element of a binary depends on cannot be inferred, and are
//! listed apart).

mod common;

use std::collections::BTreeSet;

use qapi_runtime::TargetSet;
use serde_json::Value;

#[test]
fn table_matches_real_builds() {
    let text = std::fs::read_to_string(common::qmp_dir().join("build-config-inferred.json"))
        .expect("config");
    let config: Value = serde_json::from_str(&text).expect("JSON");
    let config = config.as_object().expect("an object");
    let ours: BTreeSet<&str> = TargetSet::builtin_names().collect();
    let theirs: BTreeSet<&str> = config.keys().map(String::as_str).collect();
    assert_eq!(ours, theirs);
    for (name, entry) in config {
        let want: BTreeSet<&str> = ["target_macros", "config_defined"]
            .iter()
            .flat_map(|k| entry[*k].as_array().into_iter().flatten())
            .filter_map(Value::as_str)
            .collect();
        let unobservable: BTreeSet<&str> = entry["config_unobservable"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let target = TargetSet::builtin(name).expect("listed");
        let got: BTreeSet<&str> = target
            .atoms()
            .filter(|a| !unobservable.contains(a))
            .collect();
        assert_eq!(got, want, "{name}");
    }
}
