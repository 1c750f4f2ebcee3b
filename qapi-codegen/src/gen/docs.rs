//! Rustdoc for generated items: the schema's doc comment, its features,
//! and the item's condition, since one binary now serves every target.

use std::fmt::{self, Write};

use proc_macro2::TokenStream;
use qapi_schema::model::{Entity, Feature};
use qapi_schema::{Doc, IfCond, SectionKind};
use quote::quote;

use super::context::{Context, Place};
use super::markdown::{self, Links};
use crate::rules;

/// The attributes for the item generated at `place` from `entity`,
/// documented in `doc`, a QAPI `kind` ("struct", "command", ...): its
/// documentation, and `#[deprecated]` if it has that feature.
pub fn item_attrs(
    ctx: &Context,
    place: Place,
    kind: &str,
    entity: &Entity,
    doc: Option<&Doc>,
) -> TokenStream {
    let links = |name: &str| ctx.doc_link(name, place);
    let mut text = String::new();
    if let Some(doc) = doc {
        push_paragraph(&mut text, &markdown::from_rst(&doc.body().text, &links));
        for section in doc.sections() {
            // The label as the schema writes it (7.2's `Notes:`).
            let label: &dyn fmt::Display = match &section.tag {
                Some(tag) => tag,
                None => &section.kind,
            };
            let markdown = match section.kind {
                SectionKind::Plain => markdown::from_rst(&section.text, &links),
                SectionKind::Todo => continue,
                // QMP, not prose: shown as written.
                SectionKind::Example => {
                    markdown::labelled(label, &markdown::literal(&section.text))
                }
                _ => markdown::labelled(label, &markdown::from_rst_tagged(&section.text, &links)),
            };
            push_paragraph(&mut text, &markdown);
        }
    }
    if text.is_empty() {
        // The one line every item gets: what it is called on the wire.
        text = format!("QAPI {kind} `{}`.", entity.name);
    }
    push_features(&mut text, doc, &entity.features, &links);
    push_condition(&mut text, entity.ifcond.as_ref());
    with_deprecation(&text, &entity.features)
}

/// The attributes for a member, value or branch of an item at `place`,
/// documented in `doc`.
pub fn member_attrs(
    ctx: &Context,
    place: Place,
    name: &str,
    doc: Option<&Doc>,
    ifcond: Option<&IfCond>,
    features: &[Feature],
) -> TokenStream {
    let links = |name: &str| ctx.doc_link(name, place);
    let mut text = String::new();
    if let Some(section) = doc.and_then(|d| d.arg(name)) {
        push_paragraph(&mut text, &markdown::from_rst_tagged(&section.text, &links));
    }
    push_features(&mut text, doc, features, &links);
    push_condition(&mut text, ifcond);
    with_deprecation(&text, features)
}

/// Appends a paragraph of Markdown.
fn push_paragraph(text: &mut String, paragraph: &str) {
    if paragraph.is_empty() {
        return;
    }
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(paragraph);
}

fn push_features(text: &mut String, doc: Option<&Doc>, features: &[Feature], links: Links) {
    if features.is_empty() {
        return;
    }
    let mut list = String::from("**Features:**\n");
    for f in features {
        let description = doc
            .and_then(|d| d.feature(&f.name))
            .map(|s| markdown::inline(&s.text.replace('\n', " "), links));
        // Writing to a `String` cannot fail.
        let _ = write!(list, "\n- `{}`", f.name);
        if let Some(d) = description {
            let _ = write!(list, ": {d}");
        }
        if let Some(c) = &f.ifcond {
            let _ = write!(list, " (if `{c}`)");
        }
    }
    push_paragraph(text, &list);
}

fn push_condition(text: &mut String, ifcond: Option<&IfCond>) {
    if let Some(c) = ifcond {
        push_paragraph(text, &format!("**Available only if** `{c}`."));
    }
}

fn with_deprecation(text: &str, features: &[Feature]) -> TokenStream {
    let deprecated = features
        .iter()
        .any(|f| f.name == "deprecated")
        .then(|| quote!(#[deprecated]));
    // Undocumented members get no doc attribute at all: it would say
    // nothing the field's name does not.
    let doc = (!text.is_empty()).then(|| {
        let text = rules::text_literal(text);
        quote!(#[doc = #text])
    });
    quote!(#doc #deprecated)
}
