//! QEMU 10.2's style rules for doc comment lines: at most 70 columns, and
//! two spaces between sentences, except inside literal blocks.

use super::is_py_space;

/// The longest line, counting the `# ` before the text.
const MAX_COLUMNS: usize = 70;

/// Whether the lines being read are a literal block (after a `::` line or
/// a `.. qmp-example::` directive), which the rules leave alone.
///
/// The block lasts while lines stay indented at least as deep as its first
/// non-empty line; a first line without indentation sets nothing, so the
/// next one decides (QEMU's quirk, kept).
#[derive(Debug, Default)]
pub(super) struct Literal {
    /// `Some(indent)` inside a block; 0 until a line sets it.
    indent: Option<usize>,
}

impl Literal {
    /// Ends any block: a doc comment's closing `##`.
    pub fn end(&mut self) {
        self.indent = None;
    }

    /// Takes in line `text` (after `# `, trailing space removed) and says
    /// whether it is exempt from the rules.
    pub fn exempts(&mut self, text: &str) -> bool {
        if starts_literal(text) {
            self.indent = Some(0);
            return true;
        }
        if let Some(indent) = self.indent {
            if !text.is_empty() {
                let ind = text.chars().take_while(|&c| is_py_space(c)).count();
                if indent == 0 {
                    self.indent = Some(ind);
                } else if ind < indent {
                    self.indent = None;
                }
            }
        }
        self.indent.is_some()
    }
}

/// `::` alone (after spaces), or `.. qmp-example::`.
fn starts_literal(text: &str) -> bool {
    let directive = || {
        let rest = text.strip_prefix("..")?;
        let name = rest.trim_start_matches(' ');
        (name.len() < rest.len()).then_some(())?;
        let after = name.strip_prefix("qmp-example")?;
        (after.trim_start_matches(' ') == "::").then_some(())
    };
    text.trim_start_matches(' ') == "::" || directive().is_some()
}

/// A style fault of one line.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Fault {
    /// The line is too long; reported at the comment's `#`.
    TooLong,
    /// One space after the sentence ending at this character index of the
    /// text; reported `3 + index` characters into the source line.
    OneSpace(usize),
}

impl Fault {
    pub fn message(&self) -> &'static str {
        match self {
            Fault::TooLong => "documentation line longer than 70 characters",
            Fault::OneSpace(_) => {
                "Use two spaces between sentences\n\
                 If this not the end of a sentence, please report a bug."
            }
        }
    }
}

/// The first fault of line `text`, the length checked first.
pub(super) fn check(text: &str) -> Option<Fault> {
    // Bytes bound characters from above: count characters only for lines
    // that may be too long.
    let too_long = text.len() + 2 > MAX_COLUMNS && text.chars().count() + 2 > MAX_COLUMNS;
    if too_long && !is_url(text) {
        return Some(Fault::TooLong);
    }
    one_space(text).map(Fault::OneSpace)
}

/// A URL alone on its line (after spaces) may be as long as it is.
fn is_url(text: &str) -> bool {
    let text = text.trim_start_matches(' ');
    ["http://", "https://", "ftp://"]
        .iter()
        .find_map(|scheme| text.strip_prefix(scheme))
        .is_some_and(|rest| !rest.contains(' '))
}

/// The index (in characters) of the first sentence end followed by one
/// space and a capital, a digit or `(`, other than `e.g.` and a one-digit
/// list number.
///
/// Every character the rule looks at is ASCII, so bytes are scanned; the
/// index is counted in characters only for the line at fault.
fn one_space(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = (0..bytes.len().saturating_sub(2)).find(|&p| {
        matches!(bytes[p], b'.' | b'!' | b'?')
            && bytes[p + 1] == b' '
            && matches!(bytes[p + 2], b'A'..=b'Z' | b'0'..=b'9' | b'(')
            && !is_eg(text, p)
            && !is_list_number(&text[..p])
    })?;
    Some(text[..at].chars().count())
}

/// `e.g.` ending at byte `p`, starting a word.
fn is_eg(text: &str, p: usize) -> bool {
    let word_char = |c: char| c.is_alphanumeric() || c == '_';
    p >= 3
        && &text.as_bytes()[p - 3..=p] == b"e.g."
        && !text[..p - 3].chars().next_back().is_some_and(word_char)
}

/// Spaces and one decimal digit: a numbered list item before its `.`.
/// (Python's `\d` is Unicode category Nd; `is_numeric` also takes the few
/// other numerals, which no doc comment starts a line with.)
fn is_list_number(before: &str) -> bool {
    let mut chars = before.trim_start_matches(' ').chars();
    chars.next().is_some_and(char::is_numeric) && chars.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_counts_characters_and_spares_urls() {
        let line = |n: usize| "x".repeat(n);
        assert_eq!(check(&line(68)), None);
        assert_eq!(check(&line(69)), Some(Fault::TooLong));
        assert_eq!(check(&"é".repeat(68)), None);
        let url = format!("   https://{}", line(80));
        assert_eq!(check(&url), None);
        assert_eq!(check(&format!("{url} z")), Some(Fault::TooLong));
        assert_eq!(check(&format!("\t{url}")), Some(Fault::TooLong));
        assert_eq!(check(&format!("file://{}", line(80))), Some(Fault::TooLong));
    }

    #[test]
    fn one_space_between_sentences() {
        assert_eq!(check("Foo. Bar"), Some(Fault::OneSpace(3)));
        assert_eq!(check("Foo.  Bar. (x)"), Some(Fault::OneSpace(9)));
        assert_eq!(check("Foo? 1"), Some(Fault::OneSpace(3)));
        for fine in [
            "Foo.  Bar",
            "Foo. bar",
            "Foo.\tBar",
            "Foo, e.g. Bar",
            "(e.g. CPU)",
            "1. Bar",
            "   1. Bar",
            "Foo.",
        ] {
            assert_eq!(check(fine), None, "{fine}");
        }
        for bad in ["E.g. Bar", "xe.g. Bar", "i.e. Bar", "10. Bar", "see 1. Bar"] {
            assert!(check(bad).is_some(), "{bad}");
        }
        // Only the first candidate that is not excused counts.
        assert_eq!(check("e.g. Foo. Bar"), Some(Fault::OneSpace(8)));
    }

    #[test]
    fn literal_blocks() {
        let mut lit = Literal::default();
        assert!(!lit.exempts("Example::"));
        assert!(lit.exempts("::"));
        assert!(lit.exempts("  indented. Line"));
        assert!(lit.exempts(""));
        assert!(lit.exempts("    deeper"));
        assert!(!lit.exempts(" less"));
        assert!(lit.exempts("..  qmp-example  ::"));
        assert!(lit.exempts("unindented first line"));
        assert!(lit.exempts("   sets the indent"));
        assert!(!lit.exempts("back"));
        assert!(!lit.exempts("  .. qmp-example::"));
        assert!(lit.exempts(".. qmp-example::"));
        lit.end();
        assert!(!lit.exempts("   after the block"));
    }
}
