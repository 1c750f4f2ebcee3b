//! The snapshot schemas' types in use: shapes, recursion, absent vs null.

use qapi_generated_tests::snapshots::{commands, types, unions};
use qapi_runtime::codec::Path;
use qapi_runtime::{to_json, Command, Decode, Event, Null};
use serde_json::json;

#[test]
fn struct_with_base_and_keyword_member() {
    let value = json!({"id": 1, "color": "blue", "points": [{"x": 0.5, "y": 1.0}], "type": 7});
    let shape = types::Shape::decode(value.clone(), &Path::Root).expect("decodes");
    assert_eq!(
        (shape.id, shape.color.clone(), shape.r#type),
        (1, types::Color::Blue, 7)
    );
    assert_eq!(to_json(&shape), Some(value));
    // `Debug` is the type's name and its QAPI JSON.
    assert_eq!(
        format!("{:?}", shape.points[0]),
        r#"Point {"x":0.5,"y":1.0}"#
    );
    let err = types::Shape::decode(
        json!({"id": 1, "color": "red", "points": [{"x": 1}], "type": 1}),
        &Path::Root,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "Parameter 'points[0].y' is missing");
    let err = types::Shape::decode(
        json!({"id": 1, "color": "red", "points": [], "type": 256}),
        &Path::Root,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "Parameter 'type' expects uint8_t");
}

/// JSON has no NaN or infinity: such a `number` encodes, prints and
/// compares as `null`, as `qapi_schema!`'s docs say.
#[test]
fn non_finite_numbers_are_null() {
    let point = |x: f64| types::Point {
        x,
        y: 0.0,
        extra: None,
    };
    assert_eq!(
        to_json(&point(f64::NAN)),
        Some(json!({"x": null, "y": 0.0}))
    );
    assert_eq!(
        format!("{:?}", point(f64::INFINITY)),
        r#"Point {"x":null,"y":0.0}"#
    );
    assert_eq!(point(f64::NAN), point(f64::NEG_INFINITY));
    assert_ne!(point(f64::NAN), point(1.0));
}

#[test]
fn enums_compare_and_hash_by_value() {
    use qapi_runtime::QapiEnum;
    use std::collections::HashSet;
    let all: HashSet<types::Color> = types::Color::VALUES.iter().cloned().collect();
    assert_eq!(all.len(), types::Color::VALUES.len());
    assert!(all.contains(&types::Color::Green));
    assert_eq!(types::Color::Red, types::Color::Red);
    assert_ne!(types::Color::Red, types::Color::Blue);
    assert_eq!(types::Color::from_name("blue"), Some(types::Color::Blue));
}

#[test]
fn recursive_union_round_trips() {
    let value = json!({"kind": "pair", "left": {"kind": "leaf", "value": 1},
                       "right": {"kind": "empty", "name": "e"}});
    let node = unions::Node::decode(value.clone(), &Path::Root).expect("decodes");
    assert!(matches!(node.branch, unions::NodeBranch::Pair(_)));
    assert_eq!(to_json(&node), Some(value));
    let err = unions::Node::decode(json!({"kind": "leaf"}), &Path::Root).unwrap_err();
    assert_eq!(err.to_string(), "Parameter 'value' is missing");
}

#[test]
fn absent_null_and_value_differ() {
    let absent = unions::Holder::decode(json!({}), &Path::Root).expect("decodes");
    let null = unions::Holder::decode(json!({"maybe": null}), &Path::Root).expect("decodes");
    let text = unions::Holder::decode(json!({"maybe": "x"}), &Path::Root).expect("decodes");
    assert_eq!(absent.maybe, None);
    assert_eq!(null.maybe, Some(unions::NodeOrNull::N(Null)));
    assert_eq!(text.maybe, Some(unions::NodeOrNull::Ref("x".into())));
    assert_eq!(to_json(&null), Some(json!({"maybe": null})));
    assert_eq!(to_json(&absent), Some(json!({})));
    let err = unions::Holder::decode(json!({"maybe": 1}), &Path::Root).unwrap_err();
    assert_eq!(
        err.to_string(),
        "Invalid parameter type for 'maybe', expected: NodeOrNull"
    );
}

#[test]
fn commands_and_events_carry_their_metadata() {
    use commands::commands as cmd;
    assert_eq!(cmd::SetSpeed::NAME, "set-speed");
    assert!(cmd::SetSpeed::META.flags.allow_preconfig);
    assert_eq!(
        cmd::SetSpeed::META.cond.map(|c| c.to_string()).as_deref(),
        Some("CONFIG_SPEED")
    );
    assert_eq!(cmd::Configure::META.features[0].name, "unstable");
    assert!(cmd::ListThings::META.flags.allow_oob);
    assert_eq!(to_json(&cmd::Ping), Some(json!({})));
    // Unit carriers: their name as `Debug`, all equal, decoded from `{}`.
    assert_eq!(format!("{:?}", cmd::Ping.clone()), "Ping");
    assert_eq!(cmd::Ping, cmd::Ping);
    assert_eq!(
        cmd::Ping::decode(json!({}), &Path::Root).ok(),
        Some(cmd::Ping)
    );
    let err = cmd::Ping::decode(json!({"x": 1}), &Path::Root).unwrap_err();
    assert_eq!(err.to_string(), "Parameter 'x' is unexpected");
    assert_eq!(
        to_json(&commands::events::SpeedChanged { speed: 3 }),
        Some(json!({"speed": 3}))
    );
    assert!(!<commands::events::Started as Event>::META.has_data);
    assert_eq!(commands::SCHEMA.commands.len(), 4);
}

#[test]
fn runtime_named_through_a_facade() {
    use qapi_generated_tests::through_facade::{commands, Options, SCHEMA};
    use qapi_runtime::{Registry, TargetSet};
    let mut registry =
        Registry::for_target(&SCHEMA, &[TargetSet::new("t", "x", ["CONFIG_SPEED"])], &[]);
    registry.register::<commands::SetSpeed, _>(|args| {
        Ok(Options {
            verbose: args.unit.is_some(),
        })
    });
    assert_eq!(
        registry.call("set-speed", json!({"speed": 3, "unit": "rpm"})),
        Ok(json!({"verbose": true}))
    );
    let err = registry.call("set-speed", json!({})).unwrap_err();
    assert_eq!(err.desc, "Parameter 'speed' is missing");
}
