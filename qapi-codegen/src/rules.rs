//! The rules that map QAPI names and types to Rust: identifiers, case,
//! keywords, and the Rust type of each built-in.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use qapi_schema::model::Builtin;
use quote::quote;

/// Words that are reserved in Rust; all but the few that cannot be raw
/// identifiers become `r#word`.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "try", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "typeof",
    "unsized", "virtual", "yield", "union",
];

/// Keywords that cannot be raw identifiers: they get a trailing `_`.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Splits a QAPI name into words at `-`, `_` and `.`.
fn words(name: &str) -> impl Iterator<Item = &str> {
    name.split(['-', '_', '.']).filter(|w| !w.is_empty())
}

/// `UpperCamelCase` for a type or variant: `query-status` -> `QueryStatus`,
/// `x86_64` -> `X86_64` (digits on both sides of a break keep an `_`),
/// `BLOCK_JOB_COMPLETED` -> `BlockJobCompleted`.
pub fn upper_camel(name: &str) -> String {
    let shout = !name.chars().any(|c| c.is_ascii_lowercase());
    let mut out = String::with_capacity(name.len());
    for word in words(name) {
        if out.ends_with(|c: char| c.is_ascii_digit())
            && word.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push('_');
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            if shout {
                out.extend(chars.map(|c| c.to_ascii_lowercase()));
            } else {
                out.extend(chars);
            }
        }
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `snake_case` for a field: `node-name` -> `node_name`, `CPU` -> `cpu`.
pub fn snake(name: &str) -> String {
    let mut out: String = words(name)
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("_");
    if name.starts_with("__") {
        out.insert_str(0, "__");
    }
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// An identifier, escaped if it is a keyword.
pub fn ident(name: &str) -> Ident {
    if NOT_RAW.contains(&name) {
        Ident::new(&format!("{name}_"), Span::call_site())
    } else if KEYWORDS.contains(&name) {
        Ident::new_raw(name, Span::call_site())
    } else {
        Ident::new(name, Span::call_site())
    }
}

/// A string literal for long text (docs, introspection data): raw, so that
/// neither the generator nor rustc escapes or unescapes it character by
/// character.  Text a raw string cannot hold (a carriage return) gets an
/// ordinary literal.
pub fn text_literal(text: &str) -> Literal {
    if text.contains('\r') {
        return Literal::string(text);
    }
    // One `#` more than follows any `"` in the text.  Both are ASCII, so
    // bytes will do (a multi-byte character never contains them).
    let mut hashes = 1;
    let mut run = None;
    for &b in text.as_bytes() {
        run = match (b, run) {
            (b'"', _) => Some(0),
            (b'#', Some(n)) => Some(n + 1),
            _ => None,
        };
        if let Some(n) = run {
            hashes = hashes.max(n + 1);
        }
    }
    let fence = "#".repeat(hashes);
    format!("r{fence}\"{text}\"{fence}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// Makes every name unique by appending `_` to later repeats: distinct
/// QAPI names can map to one Rust name (`a` and `A` under
/// `member-name-exceptions`).
pub fn dedup(names: &mut [String]) {
    let mut seen = std::collections::HashSet::new();
    for name in names.iter_mut() {
        while !seen.insert(name.clone()) {
            name.push('_');
        }
    }
}

/// The Rust type of a built-in.
pub fn builtin_type(b: Builtin) -> TokenStream {
    match b {
        Builtin::Str => quote!(__q::String),
        Builtin::Number => quote!(f64),
        Builtin::Int | Builtin::Int64 => quote!(i64),
        Builtin::Int8 => quote!(i8),
        Builtin::Int16 => quote!(i16),
        Builtin::Int32 => quote!(i32),
        Builtin::Uint8 => quote!(u8),
        Builtin::Uint16 => quote!(u16),
        Builtin::Uint32 => quote!(u32),
        Builtin::Uint64 | Builtin::Size => quote!(u64),
        Builtin::Bool => quote!(bool),
        Builtin::Any => quote!(__q::Value),
        Builtin::Null => quote!(__q::Null),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_literals_are_raw_and_keep_the_text() {
        for text in [
            "plain",
            "a \"quote\"",
            "\"# and \"##",
            "back\\slash\nline",
            "cr\r\n",
        ] {
            let lit = text_literal(text);
            let parsed: syn::LitStr = syn::parse_quote!(#lit);
            assert_eq!(parsed.value(), text);
        }
        assert_eq!(
            text_literal("say \"#hi\"").to_string(),
            "r##\"say \"#hi\"\"##"
        );
    }

    #[test]
    fn camel() {
        assert_eq!(upper_camel("query-status"), "QueryStatus");
        assert_eq!(upper_camel("BlockdevOptions"), "BlockdevOptions");
        assert_eq!(upper_camel("x86_64"), "X86_64");
        assert_eq!(upper_camel("qcow2"), "Qcow2");
        assert_eq!(upper_camel("BLOCK_JOB_COMPLETED"), "BlockJobCompleted");
        assert_eq!(upper_camel("1g"), "_1g");
        assert_eq!(upper_camel("__org.qemu_x-foo"), "OrgQemuXFoo");
        assert_eq!(upper_camel("SHUTDOWN"), "Shutdown");
    }

    #[test]
    fn snake_case() {
        assert_eq!(snake("node-name"), "node_name");
        assert_eq!(snake("CPU"), "cpu");
        assert_eq!(snake("x-origin"), "x_origin");
        assert_eq!(snake("__org.qemu_x-member"), "__org_qemu_x_member");
        assert_eq!(snake("123"), "_123");
    }

    #[test]
    fn keywords() {
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("node_name").to_string(), "node_name");
        let mut names = vec!["a".to_owned(), "a".to_owned(), "a_".to_owned()];
        dedup(&mut names);
        assert_eq!(names, ["a", "a_", "a__"]);
    }
}
