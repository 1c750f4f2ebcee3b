//! Introspection per target follows each entry's own condition, not
//! reachability: facts the captures of other binaries showed.

mod common;

use serde_json::Value;

fn schema_of(target: &str) -> Vec<Value> {
    let server = common::server(target);
    let mut session = server.session();
    session.feed(br#"{"execute": "qmp_capabilities"}"#);
    let reply = session.feed(br#"{"execute": "query-qmp-schema"}"#).text;
    let reply: Value = serde_json::from_str(reply.trim_end()).expect("JSON");
    reply["return"].as_array().cloned().expect("a list")
}

/// The entry whose members include `member` with a value of enum values.
fn enum_with_value<'a>(entries: &'a [Value], value: &str) -> Option<&'a Value> {
    entries.iter().find(|e| {
        e["meta-type"] == "enum"
            && e["values"]
                .as_array()
                .is_some_and(|v| v.iter().any(|x| x == value))
    })
}

#[test]
fn s390x_keeps_entries_whose_users_are_compiled_out() {
    // S390CpuPolarization ('horizontal', 'vertical') is used only by
    // commands that need CONFIG_KVM, which s390x lacks; it is still there.
    let s390x = schema_of("s390x");
    assert!(enum_with_value(&s390x, "vertical").is_some());
    let x86 = schema_of("x86_64");
    assert!(enum_with_value(&x86, "vertical").is_none());
}

#[test]
fn member_conditions_apply_per_target() {
    // CpuModelExpansionInfo's 'deprecated-props' exists only on s390x.
    let has_member = |entries: &[Value]| {
        entries.iter().any(|e| {
            e["members"]
                .as_array()
                .is_some_and(|m| m.iter().any(|m| m["name"] == "deprecated-props"))
        })
    };
    assert!(has_member(&schema_of("s390x")));
    assert!(!has_member(&schema_of("x86_64")));
    assert!(!has_member(&schema_of("aarch64")));
}
