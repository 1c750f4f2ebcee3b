//! JSON output exactly as QEMU writes it: compact with `", "` and `": "`,
//! object keys in QDict order, non-ASCII and control characters as
//! `\uXXXX` (upper-case hex), doubles as `%.17g`.

use std::fmt::Write;

use serde_json::{Number, Value};

use crate::qdict;
use crate::qobject::QObject;

/// Writes `value` to `out`.
pub fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => write_bool(out, *b),
        Value::Number(n) => write_number(out, n),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => write_list(out, items, write_value),
        Value::Object(map) => write_dict(
            out,
            map.iter().map(|(key, value)| (key.as_str(), value)),
            write_value,
        ),
    }
}

/// Writes `object` to `out`: an infinity as `inf`, which QEMU writes
/// although it is no JSON.
pub fn write_qobject(out: &mut String, object: &QObject) {
    match object {
        QObject::Null => out.push_str("null"),
        QObject::Bool(b) => write_bool(out, *b),
        QObject::Int(i) => {
            let _ = write!(out, "{i}");
        }
        QObject::Uint(u) => {
            let _ = write!(out, "{u}");
        }
        QObject::Double(f) => out.push_str(&format_g17(*f)),
        QObject::String(s) => write_str(out, s),
        QObject::List(items) => write_list(out, items, write_qobject),
        QObject::Dict(members) => write_dict(
            out,
            members.iter().map(|(key, value)| (key.as_str(), value)),
            write_qobject,
        ),
    }
}

/// A member of [`write_object`]: its key, and what writes its value.
pub type Member<'a> = (&'a str, &'a dyn Fn(&mut String));

/// An object whose members are already rendered (or values), in QDict
/// order.
pub fn write_object(out: &mut String, members: &[Member<'_>]) {
    write_dict(out, members.iter().copied(), |out, write| write(out));
}

fn write_bool(out: &mut String, b: bool) {
    out.push_str(if b { "true" } else { "false" });
}

fn write_list<T>(out: &mut String, items: &[T], write: impl Fn(&mut String, &T)) {
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        write(out, item);
    }
    out.push(']');
}

/// Writes members in QDict order.
fn write_dict<'a, T: Copy>(
    out: &mut String,
    members: impl Iterator<Item = (&'a str, T)>,
    write: impl Fn(&mut String, T),
) {
    let members: Vec<(&str, T)> = members.collect();
    out.push('{');
    for (i, index) in qdict::order(members.iter().map(|(key, _)| *key))
        .into_iter()
        .enumerate()
    {
        if i > 0 {
            out.push_str(", ");
        }
        let (key, value) = members[index];
        write_str(out, key);
        out.push_str(": ");
        write(out, value);
    }
    out.push('}');
}

fn write_number(out: &mut String, n: &Number) {
    if let Some(i) = n.as_i64() {
        let _ = write!(out, "{i}");
    } else if let Some(u) = n.as_u64() {
        let _ = write!(out, "{u}");
    } else {
        out.push_str(&format_g17(n.as_f64().unwrap_or(0.0)));
    }
}

/// C's `%.17g`.
pub fn format_g17(x: f64) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() {
            "-0".into()
        } else {
            "0".into()
        };
    }
    if !x.is_finite() {
        return if x.is_nan() {
            "nan".into()
        } else if x > 0.0 {
            "inf".into()
        } else {
            "-inf".into()
        };
    }
    let sci = format!("{x:.16e}");
    let (mantissa, exp) = sci.split_once('e').unwrap_or((&sci, "0"));
    let exp: i32 = exp.parse().unwrap_or(0);
    let trim = |s: &str| -> String {
        if s.contains('.') {
            s.trim_end_matches('0').trim_end_matches('.').to_owned()
        } else {
            s.to_owned()
        }
    };
    if !(-4..17).contains(&exp) {
        let sign = if exp < 0 { '-' } else { '+' };
        format!("{}e{sign}{:02}", trim(mantissa), exp.abs())
    } else {
        trim(&format!("{x:.*}", (16 - exp) as usize))
    }
}

/// A string literal with QEMU's escapes.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) > 0xFFFF => {
                let v = c as u32 - 0x10000;
                let _ = write!(
                    out,
                    "\\u{:04X}\\u{:04X}",
                    0xD800 + (v >> 10),
                    0xDC00 + (v & 0x3FF)
                );
            }
            c if (c as u32) < 0x20 || (c as u32) >= 0x7F => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `value` as QEMU writes it.
pub fn to_string(value: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, value);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn like_qemu() {
        assert_eq!(
            to_string(&json!({"major": 10, "minor": 0, "micro": 2})),
            r#"{"micro": 2, "minor": 0, "major": 10}"#
        );
        assert_eq!(
            to_string(&json!({"a": [1, 2.5, null, true]})),
            r#"{"a": [1, 2.5, null, true]}"#
        );
        assert_eq!(
            to_string(&json!("caf\u{e9}\u{1}\u{7f}/\u{1f600}")),
            r#""caf\u00E9\u0001\u007F/\uD83D\uDE00""#
        );
        assert_eq!(to_string(&json!({})), "{}");
        assert_eq!(to_string(&json!([])), "[]");
    }

    #[test]
    fn qobjects_with_infinities() {
        let mut out = String::new();
        let object = QObject::Dict(
            [
                ("major", QObject::Int(10)),
                ("minor", QObject::Uint(u64::MAX)),
                (
                    "micro",
                    QObject::List(vec![
                        QObject::Double(f64::INFINITY),
                        QObject::Double(f64::NEG_INFINITY),
                        QObject::Double(f64::MAX),
                        QObject::Null,
                    ]),
                ),
            ]
            .into_iter()
            .map(|(key, value)| (key.to_owned(), value))
            .collect(),
        );
        write_qobject(&mut out, &object);
        assert_eq!(
            out,
            r#"{"micro": [inf, -inf, 1.7976931348623157e+308, null], "minor": 18446744073709551615, "major": 10}"#
        );
    }

    #[test]
    fn doubles_as_percent_17g() {
        assert_eq!(format_g17(2.5), "2.5");
        assert_eq!(format_g17(0.1), "0.10000000000000001");
        assert_eq!(format_g17(1e20), "1e+20");
        assert_eq!(format_g17(1.8446744073709552e19), "1.8446744073709552e+19");
        assert_eq!(format_g17(0.0001), "0.0001");
        assert_eq!(format_g17(0.00001), "1.0000000000000001e-05");
        assert_eq!(format_g17(-3.0), "-3");
        assert_eq!(format_g17(123456789.0), "123456789");
    }
}
