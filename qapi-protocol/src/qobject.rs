//! QEMU's model of a parsed JSON value, the QObject, which a request's
//! `id` is echoed from.

use indexmap::IndexMap;
use serde_json::{Number, Value};

/// A value as QEMU's JSON parser makes it.  It is JSON's model except for
/// numbers, which QEMU holds as it read them: an `int64` if the literal is
/// an integer that fits, else a `uint64` if it fits, else a double, which
/// is infinite past the largest one.  A JSON number cannot hold an
/// infinity, so [`QObject`] keeps what a reply that echoes the value must
/// show (`inf`, as QEMU writes it) and [`Value::from`] converts for the
/// type checks.
///
/// The type is the crate's own: public enum variants named `String` or
/// `Null` would make rustc spell out `std::string::String` and
/// `qapi_runtime::Null` in the diagnostics of every crate that uses this
/// one.
#[derive(Clone, Debug, PartialEq)]
pub enum QObject {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer literal that fits in an `int64`.
    Int(i64),
    /// An integer literal past `int64` that fits in a `uint64`.
    Uint(u64),
    /// Any other number.
    Double(f64),
    /// A string.
    String(String),
    /// An array.
    List(Vec<QObject>),
    /// An object, its members in the order they came: QEMU's order for
    /// writing them depends on it.
    Dict(IndexMap<String, QObject>),
}

impl From<QObject> for Value {
    /// The value as JSON.  An infinity becomes the largest double of its
    /// sign: still a double, which no integer member takes, as in QEMU.
    fn from(object: QObject) -> Value {
        match object {
            QObject::Null => Value::Null,
            QObject::Bool(b) => Value::Bool(b),
            QObject::Int(i) => Value::from(i),
            QObject::Uint(u) => Value::from(u),
            QObject::Double(f) => {
                // The parser makes no NaN, so only an infinity is not
                // finite.
                let finite = if f.is_finite() {
                    f
                } else {
                    f64::MAX.copysign(f)
                };
                Number::from_f64(finite).map_or(Value::Null, Value::Number)
            }
            QObject::String(s) => Value::String(s),
            QObject::List(items) => Value::Array(items.into_iter().map(Value::from).collect()),
            QObject::Dict(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(key, value)| (key, Value::from(value)))
                    .collect(),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn to_json() {
        let object = QObject::Dict(IndexMap::from([
            ("i".to_owned(), QObject::Int(-1)),
            ("u".to_owned(), QObject::Uint(u64::MAX)),
            (
                "d".to_owned(),
                QObject::List(vec![
                    QObject::Double(2.5),
                    QObject::Double(f64::INFINITY),
                    QObject::Double(f64::NEG_INFINITY),
                ]),
            ),
            ("s".to_owned(), QObject::String("x".into())),
            ("n".to_owned(), QObject::Null),
            ("b".to_owned(), QObject::Bool(true)),
        ]));
        assert_eq!(
            Value::from(object),
            json!({
                "i": -1, "u": u64::MAX, "d": [2.5, f64::MAX, f64::MIN],
                "s": "x", "n": null, "b": true
            })
        );
    }
}
