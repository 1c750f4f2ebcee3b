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
        &TargetSet::custom("t", "x", ["CONFIG_SPEED"]),
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
    let target = TargetSet::custom("t", "x", ["CONFIG_SPEED"]);
    let registry = Registry::for_target(&speed_compiled_out::SCHEMA, &target, &[]);
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
