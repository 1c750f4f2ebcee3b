//! Reading a documentation comment block (`##` ... `##`) into a [`Doc`]:
//! what every release shares (the comment lines, the `##` lines), and
//! 10.0's paragraph parser.  7.2's is in `doc_sections`.

use super::doc_style::{self, Fault};
use super::lexer::Tok;
use super::{is_py_space, FileParser};
use crate::doc::{Doc, SectionKind};
use crate::error::{Error, Result};
use crate::release::DocDialect;

/// `@name:` at the start of a line: the name and the rest of the line
/// after the colon and any spaces.
fn match_at_name_colon(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix('@')?;
    let colon = rest.find(':')?;
    Some((&rest[..colon], rest[colon + 1..].trim_start_matches(' ')))
}

/// A tagged section line (`Returns:`, `Since: 1.0`, ...): the tag word and
/// the text after it.  `Tag::` is rST markup, not a section.
fn match_tag(line: &str) -> Option<(&'static str, &str)> {
    const TAGS: [&str; 8] = [
        "Returns", "Errors", "Since", "Notes", "Note", "Examples", "Example", "TODO",
    ];
    TAGS.iter().find_map(|&tag| {
        let rest = line.strip_prefix(tag)?;
        if rest.starts_with("::") {
            return None;
        }
        let rest = rest.strip_prefix(':')?;
        Some((tag, rest.trim_start_matches(' ')))
    })
}

/// Number of leading whitespace characters.
pub(super) fn indentation(line: &str) -> usize {
    line.chars().take_while(|&c| is_py_space(c)).count()
}

/// The text of doc comment line `comment` (from its `#`) after `# `, or
/// `""` for a bare `#`; the message if the space is missing.
pub(super) fn comment_text(comment: &str) -> std::result::Result<&str, &'static str> {
    let rest = comment.strip_prefix('#').unwrap_or(comment);
    if rest.is_empty() {
        return Ok("");
    }
    rest.strip_prefix(' ').ok_or("missing space after #")
}

fn tag_kind(tag: &str) -> SectionKind {
    match tag {
        "Returns" => SectionKind::Returns,
        "Errors" => SectionKind::Errors,
        "Since" => SectionKind::Since,
        _ => SectionKind::Todo,
    }
}

impl<'s> FileParser<'_, 's> {
    /// Reads a doc comment block into the schema's docs; the current token
    /// is its opening `##`.  A block is one doc, except that 7.2 starts a
    /// new free-form doc at each `=` heading that does not come first.
    pub(super) fn read_doc_block(&mut self) -> Result<()> {
        if self.lex.comment() != "##" {
            return Err(self.error_here("junk after '##' at start of documentation comment"));
        }
        match self.reader.rules.docs {
            DocDialect::Paragraphs => {
                let doc = self.get_doc()?;
                self.reader.docs.push(doc);
                Ok(())
            }
            DocDialect::Sections => self.get_docs_by_sections(),
        }
    }

    /// Reads the next comment of a block: `None` at the closing `##`,
    /// otherwise the comment from its `#`.
    pub(super) fn doc_comment(&mut self) -> Result<Option<&'s str>> {
        self.lex.accept(false).map_err(|msg| self.error_here(msg))?;
        if self.lex.tok != Tok::Comment {
            return Err(self.error_here("documentation comment must end with '##'"));
        }
        let text = self.lex.comment();
        if text.starts_with("##") {
            if text != "##" {
                return Err(self.error_here("junk after '##' at end of documentation comment"));
            }
            self.literal.end();
            return Ok(None);
        }
        Ok(Some(text))
    }

    /// Reads the next comment line of a block: `None` at the closing `##`,
    /// otherwise the text after `# ` without trailing whitespace.
    fn doc_line(&mut self) -> Result<Option<&'s str>> {
        let Some(comment) = self.doc_comment()? else {
            return Ok(None);
        };
        let line = comment_text(comment)
            .map_err(|msg| self.error_here(msg))?
            .trim_end_matches(is_py_space);
        if self.reader.rules.doc_line_style {
            self.check_style(line)?;
        }
        Ok(Some(line))
    }

    /// 10.2's line rules, outside literal blocks.
    fn check_style(&mut self, line: &str) -> Result<()> {
        if self.literal.exempts(line) {
            return Ok(());
        }
        match doc_style::check(line) {
            None => Ok(()),
            Some(fault @ Fault::TooLong) => Err(self.error_here(fault.message())),
            Some(fault @ Fault::OneSpace(at)) => {
                // QEMU points `3 + at` characters into the source line,
                // whatever precedes the `#`.
                let col = self.lex.col_after(3 + at);
                let location = self.reader.sources.locate(self.lex.info(), Some(col));
                Err(Error::new(Some(location), fault.message()))
            }
        }
    }

    /// Reads the indented continuation of a description or tagged section.
    /// Returns the first line that does not belong to it.
    fn doc_indented(&mut self, doc: &mut Doc) -> Result<Option<&'s str>> {
        let mut line = self.doc_line()?;
        while line == Some("") {
            doc.append_line("");
            line = self.doc_line()?;
        }
        let Some(first) = line else { return Ok(None) };
        let indent = indentation(first);
        if indent == 0 {
            return Ok(Some(first));
        }
        doc.append_line(first);
        // QEMU tests the de-indent only on the line right after the first
        // indented one; from then on a shorter indent just ends the block.
        let mut strict = true;
        loop {
            let Some(line) = self.doc_line()? else {
                return Ok(None);
            };
            if match_at_name_colon(line).is_some() {
                return Ok(Some(line));
            }
            if !line.is_empty() && indentation(line) < indent {
                if !strict {
                    return Ok(Some(line));
                }
                return Err(self.error_here(format!(
                    "unexpected de-indent (expected at least {indent} spaces)"
                )));
            }
            doc.append_line(line);
            strict = false;
        }
    }

    /// Reads the rest of a plain paragraph, up to a blank line.
    fn doc_paragraph(&mut self, doc: &mut Doc) -> Result<Option<&'s str>> {
        loop {
            match self.doc_line()? {
                Some(line) if !line.is_empty() => doc.append_line(line),
                other => return Ok(other),
            }
        }
    }

    /// Reads a run of `@name:` descriptions of `kind`, each with its
    /// continuation.  Returns the first line after the run.
    fn doc_descriptions(
        &mut self,
        doc: &mut Doc,
        kind: SectionKind,
        mut line: Option<&'s str>,
    ) -> Result<Option<&'s str>> {
        while let Some((name, text)) = line.and_then(match_at_name_colon) {
            doc.new_description(self.lex.info(), kind, name)
                .map_err(|msg| self.error(self.lex.info(), msg))?;
            if !text.is_empty() {
                doc.append_line(text);
            }
            line = self.doc_indented(doc)?;
        }
        Ok(line)
    }

    /// Reads a doc comment block the 10.0 way, after its opening `##`.
    fn get_doc(&mut self) -> Result<Doc> {
        let info = self.lex.info();
        let rules = self.reader.rules;
        let mut line = self.doc_line()?;
        let mut doc = match line {
            Some(first) if first.starts_with('@') => {
                let Some(symbol) = first.strip_suffix(':') else {
                    return Err(self.error_here("line should end with ':'"));
                };
                let symbol = &symbol[1..];
                if symbol.is_empty() {
                    return Err(self.error_here("name required after '@'"));
                }
                let mut doc = Doc::new(info, Some(symbol.to_owned()), rules);
                let line = self.doc_line()?;
                self.definition_doc(&mut doc, line)?;
                doc
            }
            _ => {
                let mut doc = Doc::new(info, None, rules);
                doc.ensure_untagged_section(self.lex.info());
                let mut first = true;
                while let Some(text) = line {
                    if let Some((name, _)) = match_at_name_colon(text) {
                        return Err(self.error_here(format!(
                            "'@{name}:' not allowed in free-form documentation"
                        )));
                    }
                    if text.starts_with('=') && !first && self.reader.rules.heading_rules {
                        return Err(
                            self.error_here("'=' heading must come first in a comment block")
                        );
                    }
                    doc.append_line(text);
                    line = self.doc_line()?;
                    first = false;
                }
                doc
            }
        };
        self.accept()?;
        doc.end(&self.reader.sources)?;
        Ok(doc)
    }

    /// Reads the sections of definition documentation, starting at `line`.
    fn definition_doc(&mut self, doc: &mut Doc, mut line: Option<&'s str>) -> Result<()> {
        let mut no_more_args = false;
        loop {
            while line == Some("") {
                line = self.doc_line()?;
            }
            let Some(text) = line else { return Ok(()) };
            if text == "Features:" {
                if doc.has_features() {
                    return Err(self.error_here("duplicated 'Features:' line"));
                }
                let mut next = self.doc_line()?;
                while next == Some("") {
                    next = self.doc_line()?;
                }
                line = self.doc_descriptions(doc, SectionKind::Feature, next)?;
                if !doc.has_features() {
                    return Err(self.error_here("feature descriptions expected"));
                }
                no_more_args = true;
            } else if let Some((name, _)) = match_at_name_colon(text) {
                if no_more_args {
                    return Err(
                        self.error_here(format!("description of '@{name}:' follows a section"))
                    );
                }
                line = self.doc_descriptions(doc, SectionKind::Member, Some(text))?;
                no_more_args = true;
            } else if let Some((tag, rest)) = match_tag(text) {
                if tag.starts_with("Note") {
                    return Err(self.error_here(format!(
                        "The '{tag}' section is no longer supported. Please use rST's \
                         '.. note::' or '.. admonition:: notes' directives, or another \
                         suitable admonition instead."
                    )));
                }
                if tag.starts_with("Example") {
                    return Err(self.error_here(format!(
                        "The '{tag}' section is no longer supported. Please use the \
                         '.. qmp-example::' directive, or other suitable markup instead."
                    )));
                }
                doc.new_tagged_section(self.lex.info(), tag_kind(tag), tag)
                    .map_err(|msg| self.error(self.lex.info(), msg))?;
                if !rest.is_empty() {
                    doc.append_line(rest);
                }
                line = self.doc_indented(doc)?;
                no_more_args = true;
            } else if text.starts_with('=') && self.reader.rules.heading_rules {
                return Err(self.error_here("unexpected '=' markup in definition documentation"));
            } else {
                doc.ensure_untagged_section(self.lex.info());
                doc.append_line(text);
                line = self.doc_paragraph(doc)?;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_colon() {
        assert_eq!(match_at_name_colon("@foo:  bar"), Some(("foo", "bar")));
        assert_eq!(
            match_at_name_colon("@see http://x"),
            Some(("see http", "//x"))
        );
        assert_eq!(match_at_name_colon("@:"), Some(("", "")));
        assert_eq!(match_at_name_colon("@foo"), None);
        assert_eq!(match_at_name_colon(" @foo:"), None);
    }

    #[test]
    fn tags() {
        assert_eq!(match_tag("Returns: x"), Some(("Returns", "x")));
        assert_eq!(match_tag("Notes:"), Some(("Notes", "")));
        assert_eq!(match_tag("Note:"), Some(("Note", "")));
        assert_eq!(match_tag("Examples::"), None);
        assert_eq!(match_tag("Since 1.0"), None);
        assert_eq!(match_tag("TODO: later"), Some(("TODO", "later")));
        assert_eq!(tag_kind("TODO").to_string(), "Todo");
    }

    #[test]
    fn indentation_counts_unicode_space() {
        assert_eq!(indentation("   x"), 3);
        assert_eq!(indentation("\u{a0}x"), 1);
        assert_eq!(indentation("x  "), 0);
    }
}
