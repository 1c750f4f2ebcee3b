//! Where QEMU's captures are, and reading them.  Each test binary uses a
//! different part of this module.

#![allow(dead_code)]

use serde_json::Value;

pub use qapi_test_support::qmp_dir;

/// A captured reply, parsed.
pub fn reply(target: &str, name: &str) -> Value {
    let path = qmp_dir().join(target).join(format!("{name}.raw"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The atoms defined in a target binary.
pub fn atoms(target: &str) -> Vec<String> {
    let path = qmp_dir().join("build-config-inferred.json");
    let config: Value =
        serde_json::from_str(&std::fs::read_to_string(path).expect("config")).expect("JSON");
    let entry = &config[target];
    ["target_macros", "config_defined"]
        .iter()
        .flat_map(|k| entry[*k].as_array().cloned().unwrap_or_default())
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}
