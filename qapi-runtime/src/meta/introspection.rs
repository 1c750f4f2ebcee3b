//! The data of `query-qmp-schema` as static, pre-rendered text: at run
//! time, a target set's reply is the concatenation of the fragments whose
//! conditions hold, with no JSON parsed and no number given.

use crate::Cond;

/// The `query-qmp-schema` entries of a whole schema, with QEMU's
/// numbering, as static data made when the schema is compiled.
///
/// Types are numbered once for the whole schema, as QEMU's generator does
/// (its C holds every entry, each under its `#if`): an entry a target set
/// lacks leaves a gap, and the others keep their numbers, for one target
/// or several alike.
#[derive(Clone, Copy, Debug)]
pub struct Introspection {
    /// The entries, in QEMU's order.
    pub entries: &'static [IntroElement],
    /// The conditions the elements refer to.
    pub conds: &'static [Cond],
}

/// An element of a JSON array (an entry, a member, an enum value, a
/// branch, a feature), written as QEMU writes it.
#[derive(Clone, Copy, Debug)]
pub struct IntroElement {
    /// Index into [`Introspection::conds`] of the condition under which
    /// the element exists; none for an element that always does.
    pub cond: Option<u16>,
    /// The element's text, in pieces: an array with conditional elements
    /// is a piece of its own.
    pub parts: &'static [IntroPart],
}

/// A piece of an element's text.
#[derive(Clone, Copy, Debug)]
pub enum IntroPart {
    /// JSON text as QEMU writes it (QDict key order, `", "`, `": "`).
    Text(&'static str),
    /// An array some of whose elements are conditional.
    Array(&'static [IntroElement]),
}

impl Introspection {
    /// The reply's `return` value, as QEMU writes it, with the elements
    /// whose conditions `holds` accepts.  Each distinct condition is asked
    /// about once.
    pub fn render(&self, holds: &dyn Fn(&Cond) -> bool) -> String {
        let present: Vec<bool> = self.conds.iter().map(holds).collect();
        let mut out = String::with_capacity(self.entries.len() * 160);
        write_array(&mut out, self.entries, &present);
        out
    }

    /// The entries present where `defined` says which atoms are defined,
    /// as values: for tools and tests (it parses [`Introspection::render`]'s
    /// text; a server sends that text).
    pub fn evaluate(&self, defined: &dyn Fn(&str) -> bool) -> Vec<serde_json::Value> {
        self.evaluate_with(&|cond: &Cond| cond.eval(defined))
    }

    /// The entries whose conditions `holds` accepts, as values (`|_| true`
    /// gives the whole schema, every conditional element in it).
    pub fn evaluate_with(&self, holds: &dyn Fn(&Cond) -> bool) -> Vec<serde_json::Value> {
        // Generated text is JSON: a failure would leave the list empty.
        serde_json::from_str(&self.render(holds)).unwrap_or_default()
    }
}

/// Writes `elements` as a JSON array, leaving out those whose condition
/// is not `present`.
fn write_array(out: &mut String, elements: &[IntroElement], present: &[bool]) {
    out.push('[');
    let mut first = true;
    for element in elements {
        // An index outside the table (no generated data has one) is a
        // condition that never holds.
        if element
            .cond
            .is_some_and(|i| !present.get(usize::from(i)).copied().unwrap_or(false))
        {
            continue;
        }
        if !first {
            out.push_str(", ");
        }
        first = false;
        for part in element.parts {
            match part {
                IntroPart::Text(text) => out.push_str(text),
                IntroPart::Array(items) => write_array(out, items, present),
            }
        }
    }
    out.push(']');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `[{"a": [1, 2?]}, 3?]`, where `?` marks condition 0.
    static DATA: Introspection = Introspection {
        entries: &[
            IntroElement {
                cond: None,
                parts: &[
                    IntroPart::Text("{\"a\": "),
                    IntroPart::Array(&[
                        IntroElement {
                            cond: None,
                            parts: &[IntroPart::Text("1")],
                        },
                        IntroElement {
                            cond: Some(0),
                            parts: &[IntroPart::Text("2")],
                        },
                    ]),
                    IntroPart::Text("}"),
                ],
            },
            IntroElement {
                cond: Some(0),
                parts: &[IntroPart::Text("3")],
            },
        ],
        conds: &[Cond::Atom("A")],
    };

    #[test]
    fn elements_whose_condition_fails_are_left_out_with_their_separator() {
        assert_eq!(DATA.render(&|_| true), r#"[{"a": [1, 2]}, 3]"#);
        assert_eq!(DATA.render(&|_| false), r#"[{"a": [1]}]"#);
        assert_eq!(DATA.evaluate(&|a| a == "A").len(), 2);
    }
}
