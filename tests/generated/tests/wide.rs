//! Object types wider than one group of members (16): all their members
//! decode, in schema order, and encode back.

use qapi_generated_tests::wide::{Kind, Wide, WideUnion, WideUnionBranch};
use qapi_runtime::codec::Path;
use qapi_runtime::{to_json, Decode};
use serde_json::{json, Map, Value};

/// An object with members `m0`..`m{n-1}` (even: integers, odd: strings),
/// and `extra` added.
fn object(n: usize, extra: &[(&str, Value)]) -> Value {
    let mut members: Map<String, Value> = (0..n)
        .map(|i| {
            let value = if i % 2 == 0 {
                json!(i)
            } else {
                json!(format!("s{i}"))
            };
            (format!("m{i}"), value)
        })
        .collect();
    for (name, value) in extra {
        members.insert((*name).to_owned(), value.clone());
    }
    Value::Object(members)
}

fn error<T: Decode + std::fmt::Debug>(value: Value) -> String {
    T::decode(value, &Path::Root).unwrap_err().to_string()
}

#[test]
fn every_member_of_every_group() {
    let value = object(40, &[]);
    let wide = Wide::decode(value.clone(), &Path::Root).expect("decodes");
    assert_eq!((wide.m0, wide.m38), (0, 38));
    assert_eq!(wide.m39.as_deref(), Some("s39"));
    assert_eq!(to_json(&wide), Some(value.clone()));
    let read: Wide = serde_json::from_str(&value.to_string()).expect("deserializes");
    assert_eq!(read, wide);
}

#[test]
fn the_first_error_in_schema_order_across_groups() {
    // m0 is missing and m30 has the wrong type: QEMU visits m0 first.
    let mut value = object(40, &[("m30", json!("x"))]);
    value.as_object_mut().map(|o| o.remove("m0"));
    assert_eq!(error::<Wide>(value), "Parameter 'm0' is missing");
    assert_eq!(
        error::<Wide>(object(40, &[("m20", json!("x")), ("m35", json!(1))])),
        "Invalid parameter type for 'm20', expected: integer"
    );
    // Members left over are reported after every member is read.
    assert_eq!(
        error::<Wide>(object(40, &[("zz", json!(1)), ("m38", json!(null))])),
        "Invalid parameter type for 'm38', expected: integer"
    );
    assert_eq!(
        error::<Wide>(object(40, &[("zz", json!(1))])),
        "Parameter 'zz' is unexpected"
    );
}

#[test]
fn a_discriminator_after_the_first_group() {
    let value = object(
        17,
        &[
            ("kind", json!("one")),
            ("m18", json!(18)),
            ("m19", json!("s19")),
            ("x", json!(5)),
        ],
    );
    let union = WideUnion::decode(value.clone(), &Path::Root).expect("decodes");
    assert_eq!(union.branch.tag(), Kind::One);
    let WideUnionBranch::One(one) = &union.branch else {
        panic!("the branch is 'one'");
    };
    assert_eq!((one.x, union.m18), (5, 18));
    assert_eq!(to_json(&union), Some(value.clone()));
    let read: WideUnion = serde_json::from_str(&value.to_string()).expect("deserializes");
    assert_eq!(read, union);
    // The discriminator is visited in its place: after m16, before m18.
    let mut no_kind = value.clone();
    no_kind.as_object_mut().map(|o| o.remove("kind"));
    no_kind["m18"] = json!("x");
    assert_eq!(error::<WideUnion>(no_kind), "Parameter 'kind' is missing");
    let mut bad_m16 = value.clone();
    bad_m16["m16"] = json!("x");
    bad_m16["kind"] = json!("three");
    assert_eq!(
        error::<WideUnion>(bad_m16),
        "Invalid parameter type for 'm16', expected: integer"
    );
    // The branch is read after the whole base.
    let mut bad_branch = value;
    bad_branch["x"] = json!("x");
    bad_branch["m19"] = json!(19);
    assert_eq!(
        error::<WideUnion>(bad_branch),
        "Invalid parameter type for 'm19', expected: string"
    );
}
