//! The rustdoc of QEMU's schemas, read back from their expansion as
//! rustdoc would read it: no reStructuredText left that Markdown shows
//! differently, and nothing outside a fenced `text` block that rustdoc
//! would take for Rust code and run as a doc test.

use std::path::Path;

use proc_macro2::{TokenStream, TokenTree};
use qapi_schema::{Loader, Release};

/// Every `#[doc = "..."]` text in `tokens`, in order.
fn docs(tokens: TokenStream, out: &mut Vec<String>) {
    let mut after_pound = false;
    for tree in tokens {
        match &tree {
            TokenTree::Group(group) => {
                if after_pound {
                    if let Ok(syn::MetaNameValue { path, value, .. }) = syn::parse2(group.stream())
                    {
                        if let (true, syn::Expr::Lit(lit)) = (path.is_ident("doc"), value) {
                            if let syn::Lit::Str(text) = lit.lit {
                                out.push(text.value());
                            }
                        }
                    }
                }
                docs(group.stream(), out);
            }
            TokenTree::Punct(p) if p.as_char() == '#' => {
                after_pound = true;
                continue;
            }
            _ => {}
        }
        after_pound = false;
    }
}

/// `line` without its code spans: a run of backticks up to the next run
/// of as many.
fn without_code_spans(line: &str) -> String {
    let mut prose = String::new();
    let mut rest = line;
    while let Some(start) = rest.find('`') {
        prose.push_str(&rest[..start]);
        let after = &rest[start..];
        let ticks = after.len() - after.trim_start_matches('`').len();
        let fence = &after[..ticks];
        let mut search = &after[ticks..];
        rest = loop {
            match search.find(fence) {
                // A longer run does not close the span.
                Some(i) if search[i + ticks..].starts_with('`') => {
                    let run = search[i..].len() - search[i..].trim_start_matches('`').len();
                    search = &search[i + run..];
                }
                Some(i) => break &search[i + ticks..],
                None => break "",
            }
        };
    }
    prose.push_str(rest);
    prose
}

/// What is wrong with one line of Markdown outside a fenced block.
fn problem(line: &str, previous_blank: bool) -> Option<&'static str> {
    // Code spans are what they are.
    let prose = without_code_spans(line);
    let at_ref = prose
        .char_indices()
        .filter(|&(_, c)| c == '@')
        .any(|(i, _)| {
            let before = prose[..i].chars().next_back();
            let after = prose[i + 1..].chars().next();
            !before.is_some_and(|c| c.is_alphanumeric())
                && after.is_some_and(|c| c.is_alphanumeric())
        });
    let tag = prose.match_indices('<').any(|(i, _)| {
        let escaped = prose[..i].ends_with('\\');
        let rest = &prose[i + 1..];
        !escaped && rest.starts_with(|c: char| c.is_ascii_alphabetic()) && !rest.starts_with("http")
    });
    if line.starts_with("    ") && previous_blank && !line.trim().is_empty() {
        Some("an indented block rustdoc would run as Rust")
    } else if line.trim_start().starts_with(".. ") {
        Some("an rST directive")
    } else if line.trim_end().ends_with("::") {
        Some("an rST literal marker")
    } else if at_ref {
        Some("an @reference")
    } else if tag {
        Some("text Markdown takes for an HTML tag")
    } else {
        None
    }
}

/// Checks the rustdoc of the schemas `names` of QEMU release `dir` (in
/// `schemas/`), read in `release`'s dialect.
fn docs_read_as_markdown(release: Release, names: &[&str]) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../schemas")
        .join(format!("qemu-{}", release.version()));
    let mut failures = Vec::new();
    let mut passed = 0;
    for name in names {
        let schema = Loader::new()
            .release(release)
            .load_in(&root, name)
            .unwrap_or_else(|e| panic!("{e}"));
        let tokens: TokenStream = qapi_codegen::generate(&schema)
            .parse()
            .expect("the expansion lexes");
        let mut texts = Vec::new();
        docs(tokens, &mut texts);
        assert!(
            texts.len() > 20,
            "{name}: too few docs found: {}",
            texts.len()
        );
        let before = failures.len();
        for text in &texts {
            let mut fenced = false;
            let mut previous_blank = true;
            for line in text.lines() {
                if line.starts_with("```") {
                    fenced = !fenced;
                } else if let Some(what) = problem(line, previous_blank).filter(|_| !fenced) {
                    failures.push(format!("{name}: {what}: {line}"));
                }
                previous_blank = line.trim().is_empty();
            }
            assert!(!fenced, "{name}: a fence is left open in:\n{text}");
        }
        passed += usize::from(failures.len() == before);
    }
    println!("{passed} passed, {} failed", names.len() - passed);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn qemu_docs_read_as_markdown() {
    docs_read_as_markdown(
        Release::V10_0,
        &[
            "qapi/qapi-schema.json",
            "qga/qapi-schema.json",
            "storage-daemon/qapi/qapi-schema.json",
            "tests/qapi-schema/doc-good.json",
        ],
    );
}

/// 7.2's docs are not reStructuredText: `Note:` and `Example:` sections.
#[test]
fn qemu_7_2_docs_read_as_markdown() {
    docs_read_as_markdown(
        Release::V7_2,
        &[
            "qapi/qapi-schema.json",
            "qga/qapi-schema.json",
            "storage-daemon/qapi/qapi-schema.json",
        ],
    );
}

#[test]
fn the_checks_see_what_they_look_for() {
    for (line, previous_blank) in [
        ("    let x = 1;", true),
        (".. note:: x", false),
        ("Example::", false),
        ("see @device", false),
        ("id=<ID>", false),
    ] {
        assert!(problem(line, previous_blank).is_some(), "{line}");
    }
    for line in [
        "see `device`",
        "a@b",
        "id=\\<ID>",
        "<https://qemu.org>",
        "``@x``",
    ] {
        assert_eq!(problem(line, false), None, "{line}");
    }
}
