//! A shell line: a command's name, then its arguments as one JSON object
//! (`qom-list {"path": "/machine"}`) or as `KEY=VALUE` words, as QEMU's
//! `qmp-shell` takes them (`qom-list path=/machine`).

use serde_json::{Map, Value};

/// A line's command: its name and arguments (an object); `None` for a
/// blank line or a comment (`# ...`).
pub(crate) fn parse(line: &str) -> Result<Option<(String, Value)>, String> {
    let line = line.trim();
    if line.is_empty() || line.starts_with('#') {
        return Ok(None);
    }
    let (name, rest) = match line.split_once(char::is_whitespace) {
        Some((name, rest)) => (name, rest.trim_start()),
        None => (line, ""),
    };
    let arguments = if rest.starts_with('{') {
        serde_json::from_str::<Map<String, Value>>(rest)
            .map_err(|e| format!("the arguments are not a JSON object: {e}"))?
    } else {
        let mut object = Map::new();
        for word in words(rest)? {
            let (key, value) = word
                .split_once('=')
                .ok_or_else(|| format!("expected KEY=VALUE or a JSON object, not {word}"))?;
            insert(&mut object, key, value_of(value))?;
        }
        object
    };
    Ok(Some((name.to_owned(), Value::Object(arguments))))
}

/// A value as JSON when it is JSON (`1`, `true`, `"a b"`, `[1, 2]`); the
/// text inside single quotes, when quoted so; else the text as a string
/// (`/machine`).
fn value_of(text: &str) -> Value {
    if let Ok(value) = serde_json::from_str(text) {
        return value;
    }
    let quoted = text.len() >= 2 && text.starts_with('\'') && text.ends_with('\'');
    let text = if quoted {
        &text[1..text.len() - 1]
    } else {
        text
    };
    Value::String(text.to_owned())
}

/// Puts `value` at `key` of `object`, a dotted key (`a.b`) in nested
/// objects.
fn insert(object: &mut Map<String, Value>, key: &str, value: Value) -> Result<(), String> {
    let mut parts = key.split('.').peekable();
    let mut here = object;
    while let Some(part) = parts.next() {
        if part.is_empty() {
            return Err(format!("an empty name in key {key:?}"));
        }
        if parts.peek().is_none() {
            if here.contains_key(part) {
                return Err(format!("{key} is given twice"));
            }
            here.insert(part.to_owned(), value);
            return Ok(());
        }
        let next = here
            .entry(part)
            .or_insert_with(|| Value::Object(Map::new()));
        here = match next {
            Value::Object(object) => object,
            _ => return Err(format!("{key}: {part} is given a value already")),
        };
    }
    // `split` yields at least one part, and the last one returns.
    Err(format!("an empty key in {key:?}"))
}

/// `text` split at white space outside quotes and brackets, so that a
/// value may be `"a b"`, `'a b'` or `{"a": 1, "b": 2}`.
fn words(text: &str) -> Result<Vec<&str>, String> {
    let mut words = Vec::new();
    let mut start = None;
    let mut quote = None;
    let mut escaped = false;
    let mut depth = 0usize;
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if escaped {
                escaped = false;
            } else if c == '\\' && q == '"' {
                escaped = true;
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            c if c.is_whitespace() && depth == 0 => {
                if let Some(s) = start.take() {
                    words.push(&text[s..i]);
                }
                continue;
            }
            '"' | '\'' => quote = Some(c),
            '{' | '[' => depth += 1,
            '}' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        start.get_or_insert(i);
    }
    if quote.is_some() {
        return Err(format!("a quote is left open in {text}"));
    }
    if let Some(s) = start {
        words.push(&text[s..]);
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parsed(line: &str) -> (String, Value) {
        parse(line).expect("parses").expect("a command")
    }

    #[test]
    fn a_name_alone_has_no_arguments() {
        assert_eq!(parsed("query-target"), ("query-target".into(), json!({})));
        assert_eq!(
            parsed("  query-target  "),
            ("query-target".into(), json!({}))
        );
        assert_eq!(parse("").expect("parses"), None);
        assert_eq!(parse("   # a comment").expect("parses"), None);
    }

    #[test]
    fn arguments_as_json() {
        assert_eq!(
            parsed(r#"qom-list {"path": "/machine"}"#).1,
            json!({"path": "/machine"})
        );
        assert!(parse(r#"qom-list {"path": }"#).is_err());
    }

    #[test]
    fn arguments_as_key_value_words() {
        assert_eq!(
            parsed(r#"cmd a=/machine b=1 c=true d="x y" e='p q' f=[1, 2] g={"h": null}"#).1,
            json!({
                "a": "/machine", "b": 1, "c": true, "d": "x y", "e": "p q",
                "f": [1, 2], "g": {"h": null}
            })
        );
    }

    #[test]
    fn dotted_keys_nest() {
        assert_eq!(
            parsed("blockdev-add driver=qcow2 file.driver=file file.filename=/a.img").1,
            json!({"driver": "qcow2", "file": {"driver": "file", "filename": "/a.img"}})
        );
    }

    #[test]
    fn bad_words_are_errors() {
        assert!(parse("cmd novalue").is_err());
        assert!(parse("cmd a=1 a=2").is_err());
        assert!(parse("cmd a=1 a.b=2").is_err());
        assert!(parse("cmd a..b=2").is_err());
        assert!(parse("cmd =2").is_err());
        assert!(parse(r#"cmd a="open"#).is_err());
    }
}
