//! QEMU 7.2's doc comment parser: each line of a block is handled by the
//! mode the doc is in (body, member descriptions, feature descriptions,
//! other sections), and any line may start a tagged section (`Since:`,
//! `Note:`, `Example:`, ...).  Text on a tag's or `@name:`'s line sets the
//! indentation every later line of the section needs.
//!
//! [`Block`] is the whole algorithm, fed one comment line at a time;
//! [`FileParser::get_docs_by_sections`] reads the lines and locates the
//! messages at the current line.

use super::doc::{comment_text, indentation};
use super::{is_py_space, FileParser};
use crate::doc::{Doc, Section, SectionKind};
use crate::error;
use crate::release::Rules;
use crate::source::Info;

impl FileParser<'_, '_> {
    /// Reads a doc comment block the 7.2 way, after its opening `##`, into
    /// the schema's docs.
    pub(super) fn get_docs_by_sections(&mut self) -> error::Result<()> {
        let mut block = Block::new(self.lex.info(), self.reader.rules);
        while let Some(comment) = self.doc_comment()? {
            block
                .comment(self.lex.info(), comment)
                .map_err(|msg| self.error_here(msg))?;
        }
        // 7.2 ends the doc before it reads the next token, so an empty
        // section is reported before a bad token after the block.
        let docs = block.end().map_err(|msg| self.error_here(msg))?;
        self.reader.docs.extend(docs);
        self.accept()
    }
}

/// What the lines of a definition doc are read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// The body, before any description or section.
    Body,
    /// Member descriptions.
    Args,
    /// After `Features:`: feature descriptions.
    Features,
    /// Tagged and untagged sections, which nothing else may follow.
    Various,
}

/// A message for the line being read.
type Fault = String;

/// The section tags (written with a colon after them), with their kind.
/// There is no `Errors:`.
const TAGS: [(&str, SectionKind); 7] = [
    ("Returns", SectionKind::Returns),
    ("Since", SectionKind::Since),
    ("Note", SectionKind::Note),
    ("Notes", SectionKind::Note),
    ("Example", SectionKind::Example),
    ("Examples", SectionKind::Example),
    ("TODO", SectionKind::Todo),
];

/// A line's first word: up to its first ASCII space (tabs do not split).
fn first_word(line: &str) -> &str {
    line.split(' ').next().unwrap_or(line)
}

/// The tag (without its colon) and kind of section tag `word`.
fn section_tag(word: &str) -> Option<(&'static str, SectionKind)> {
    let word = word.strip_suffix(':')?;
    TAGS.iter().find(|(tag, _)| *tag == word).copied()
}

/// The name described by `@name:` word `word`, which may hold colons.
fn description_name(word: &str) -> Option<&str> {
    word.strip_prefix('@')?.strip_suffix(':')
}

/// Splits a tag or `@name:` line into the width of its prefix (the
/// characters up to the last colon of its first run of non-whitespace,
/// and the whitespace after it) and the rest.  The width is the
/// indentation the section's later lines need, or 0 when nothing follows
/// the prefix.  `None` if the run holds no colon, which only a word with a
/// tab or other non-space whitespace allows (QEMU 7.2 crashes then).
fn split_prefix(line: &str) -> Option<(usize, &str)> {
    let run = line.find(is_py_space).unwrap_or(line.len());
    let colon = line[..run].rfind(':')? + 1;
    let rest = line[colon..].trim_start_matches(is_py_space);
    let width = match rest {
        "" => 0,
        _ => line[..line.len() - rest.len()].chars().count(),
    };
    Some((width, rest))
}

/// An `@name:` at the start of `line` (the name one or more characters
/// without whitespace, up to the run's last colon): text may not start so.
fn leading_at_name(line: &str) -> Option<&str> {
    let rest = line.strip_prefix('@')?;
    let run = &rest[..rest.find(is_py_space).unwrap_or(rest.len())];
    let colon = run.rfind(':').filter(|&i| i > 0)?;
    Some(&line[..colon + 2])
}

/// `line` without its first `n` characters.
fn skip_chars(line: &str, n: usize) -> &str {
    line.char_indices().nth(n).map_or("", |(i, _)| &line[i..])
}

/// One `##` ... `##` comment block being read.  It yields one doc, or
/// several: a `=` heading after some text starts a new free-form doc.
#[derive(Debug)]
pub(super) struct Block {
    /// The line of the opening `##`, shared by every doc of the block.
    info: Info,
    rules: &'static Rules,
    /// Docs ended by a heading.
    done: Vec<Doc>,
    /// The doc being read; its last section is the one being read.
    doc: Doc,
    mode: Mode,
    /// How far the current section's lines must be indented; that much
    /// is removed from them.
    indent: usize,
}

impl Block {
    /// A block opened by the `##` on line `info`.
    pub fn new(info: Info, rules: &'static Rules) -> Block {
        Block {
            info,
            rules,
            done: Vec::new(),
            doc: Doc::new(info, None, rules),
            mode: Mode::Body,
            indent: 0,
        }
    }

    /// Reads comment `comment` (from its `#`), on line `at`.
    pub fn comment(&mut self, at: Info, comment: &str) -> Result<(), Fault> {
        // Headings are seen in the raw comment, `#` included.
        if comment.starts_with("# =") {
            if self.doc.symbol.is_some() {
                return Err("unexpected '=' markup in definition documentation".to_owned());
            }
            if !self.doc.body().text.is_empty() {
                let fresh = Doc::new(self.info, None, self.rules);
                let mut ended = std::mem::replace(&mut self.doc, fresh);
                ended.end_section()?;
                self.done.push(ended);
            }
        }
        let line = comment_text(comment)?;
        match self.mode {
            Mode::Body => self.body_line(at, line),
            Mode::Args => self.descriptions_line(at, line, SectionKind::Member),
            Mode::Features => self.descriptions_line(at, line, SectionKind::Feature),
            Mode::Various => self.various_line(at, line),
        }
    }

    /// Ends the block at its closing `##`: its docs, in order.
    pub fn end(mut self) -> Result<impl Iterator<Item = Doc>, Fault> {
        self.doc.end_section()?;
        Ok(self.done.into_iter().chain(std::iter::once(self.doc)))
    }

    fn body_line(&mut self, at: Info, line: &str) -> Result<(), Fault> {
        if self.doc.symbol.is_none() && self.doc.body().text.is_empty() {
            if let Some(symbol) = line.strip_prefix('@') {
                let Some(symbol) = symbol.strip_suffix(':') else {
                    return Err("line should end with ':'".to_owned());
                };
                if symbol.is_empty() {
                    return Err("name required after '@'".to_owned());
                }
                self.doc.symbol = Some(symbol.to_owned());
                return Ok(());
            }
        }
        if self.doc.symbol.is_none() {
            // Free-form docs have a body only.
            return self.append(line);
        }
        let word = first_word(line);
        if description_name(word).is_some() {
            self.mode = Mode::Args;
            self.descriptions_line(at, line, SectionKind::Member)
        } else if line == "Features:" {
            self.mode = Mode::Features;
            Ok(())
        } else if section_tag(word).is_some() {
            self.mode = Mode::Various;
            self.various_line(at, line)
        } else {
            self.append(line)
        }
    }

    /// A line in mode `Args` (`kind` member) or `Features` (`kind`
    /// feature).
    fn descriptions_line(&mut self, at: Info, line: &str, kind: SectionKind) -> Result<(), Fault> {
        let word = first_word(line);
        if let Some(name) = description_name(word) {
            return self.start_description(at, kind, name, line);
        }
        if section_tag(word).is_some() {
            self.mode = Mode::Various;
            return self.various_line(at, line);
        }
        // After a blank line, unindented text ends the descriptions.
        let after_blank = self.doc.current().text.ends_with("\n\n")
            && line.starts_with(|c: char| !is_py_space(c));
        if !after_blank {
            return self.append(line);
        }
        if kind == SectionKind::Member && line == "Features:" {
            self.mode = Mode::Features;
            return Ok(());
        }
        self.doc.end_section()?;
        self.doc.push_section(at, SectionKind::Plain, None);
        self.indent = 0;
        self.mode = Mode::Various;
        self.various_line(at, line)
    }

    fn various_line(&mut self, at: Info, line: &str) -> Result<(), Fault> {
        let word = first_word(line);
        if description_name(word).is_some() {
            let first = self.doc.sections().next().map_or("None", Section::label);
            return Err(format!("'{word}' can't follow '{first}' section"));
        }
        let Some((tag, kind)) = section_tag(word) else {
            return self.append(line);
        };
        // A tag has no whitespace, so its line has a prefix.
        let (indent, rest) = split_prefix(line).unwrap_or((0, ""));
        self.doc.check_new_section(kind)?;
        self.doc.end_section()?;
        self.doc.push_section(at, kind, Some(tag));
        self.start_text(indent, rest);
        Ok(())
    }

    fn start_description(
        &mut self,
        at: Info,
        kind: SectionKind,
        name: &str,
        line: &str,
    ) -> Result<(), Fault> {
        let Some((indent, rest)) = split_prefix(line) else {
            return Err(format!("invalid parameter name '{}'", name.escape_debug()));
        };
        self.doc.check_new_description(kind, name)?;
        self.doc.end_section()?;
        self.doc.push_description(at, kind, name);
        self.start_text(indent, rest);
        Ok(())
    }

    /// The text on a new section's first line, after its tag or name.
    fn start_text(&mut self, indent: usize, rest: &str) {
        self.indent = indent;
        self.doc.append_line(rest.trim_end_matches(is_py_space));
    }

    /// Appends a line of text to the current section.
    fn append(&mut self, line: &str) -> Result<(), Fault> {
        if let Some(name) = leading_at_name(line) {
            return Err(format!("'{name}' not allowed in free-form documentation"));
        }
        let mut text = line;
        // A line of whitespace only is not blank: it must be indented too.
        if !line.is_empty() {
            if indentation(line) < self.indent {
                return Err(format!(
                    "unexpected de-indent (expected at least {} spaces)",
                    self.indent
                ));
            }
            text = skip_chars(line, self.indent);
        }
        self.doc.append_line(text.trim_end_matches(is_py_space));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::release::Release;
    use crate::source::FileId;

    fn info(line: u32) -> Info {
        Info {
            file: FileId(0),
            line,
        }
    }

    /// Reads the comment lines of a block (without its `##` lines), as
    /// if the opening `##` were on line 1: its docs, or the message and
    /// the line it is for (the line after the last for the closing `##`).
    fn read(lines: &[&str]) -> Result<Vec<Doc>, (u32, String)> {
        let mut block = Block::new(info(1), Release::V7_2.rules());
        for (i, line) in lines.iter().enumerate() {
            let at = i as u32 + 2;
            block.comment(info(at), line).map_err(|m| (at, m))?;
        }
        let end = lines.len() as u32 + 2;
        Ok(block.end().map_err(|m| (end, m))?.collect())
    }

    fn one(lines: &[&str]) -> Doc {
        let mut docs = read(lines).expect("the block is fine");
        assert_eq!(docs.len(), 1);
        docs.remove(0)
    }

    fn fails(lines: &[&str]) -> (u32, String) {
        read(lines).expect_err("the block is wrong")
    }

    /// Each section after the body and the descriptions: its label and text.
    fn sections(doc: &Doc) -> Vec<(&str, &str)> {
        doc.sections()
            .map(|s| (s.label(), s.text.as_str()))
            .collect()
    }

    fn args(doc: &Doc) -> Vec<(&str, &str)> {
        doc.args().map(|(n, s)| (n, s.text.as_str())).collect()
    }

    #[test]
    fn words_and_prefixes() {
        assert_eq!(first_word("@a:\tx y"), "@a:\tx");
        assert_eq!(section_tag("Notes:"), Some(("Notes", SectionKind::Note)));
        assert_eq!(section_tag("Errors:"), None);
        assert_eq!(section_tag("Since"), None);
        assert_eq!(description_name("@a::"), Some("a:"));
        assert_eq!(description_name("@:"), Some(""));
        assert_eq!(split_prefix("@arg2: the second"), Some((7, "the second")));
        assert_eq!(split_prefix("Since:      1.0"), Some((12, "1.0")));
        assert_eq!(split_prefix("@a: "), Some((0, "")));
        assert_eq!(split_prefix("@a:\tb: x"), Some((4, "b: x")));
        assert_eq!(split_prefix("@a\tb: x"), None);
        assert_eq!(leading_at_name("@a:x"), Some("@a:"));
        assert_eq!(leading_at_name("@foo:bar:baz x:"), Some("@foo:bar:"));
        assert_eq!(leading_at_name("@a:\tx"), Some("@a:"));
        assert_eq!(leading_at_name("@::"), Some("@::"));
        for fine in ["@:x", "@foo bar: x", "@see http://x", " @a:", "a@b:"] {
            assert_eq!(leading_at_name(fine), None, "{fine}");
        }
    }

    #[test]
    fn text_on_the_tag_line_sets_the_indentation() {
        // doc-good: `@arg2: the second` / `#        argument`.
        let doc = one(&["# @cmd:", "# @arg2: the second", "#        argument"]);
        assert_eq!(args(&doc), [("arg2", "the second\nargument")]);
        // s7: the indentation is that of the tag line's text.
        let doc = one(&["# @x:", "# Since:      1.0", "#             2.0"]);
        assert_eq!(sections(&doc), [("Since", "1.0\n2.0")]);
        // w2: nothing but whitespace after `@a:` sets none.
        let doc = one(&["# @x:", "# @a: ", "#     text"]);
        assert_eq!(args(&doc), [("a", "text")]);
        // x4: without text on the tag line, only the whole-text strip.
        let doc = one(&["# @x:", "# @a:", "#    first", "#      second", "#   third"]);
        assert_eq!(args(&doc), [("a", "first\n     second\n  third")]);
    }

    #[test]
    fn de_indent() {
        // doc-bad-indent: the line after `@a: line one`.
        let lines = [
            "# @foo:",
            "# @a: line one",
            "# line two is wrongly indented",
        ];
        let want = "unexpected de-indent (expected at least 4 spaces)";
        assert_eq!(fails(&lines), (4, want.to_owned()));
        // d4: any later line, not just the second.
        let lines = [
            "# @x:",
            "# Returns: lots",
            "#          of",
            "#     of stuff",
        ];
        let want = "unexpected de-indent (expected at least 9 spaces)";
        assert_eq!(fails(&lines), (5, want.to_owned()));
        // A blank line is fine, a line of whitespace is not.
        let lines = ["# @x:", "# Since: 1.0", "#", "# More text"];
        let want = "unexpected de-indent (expected at least 7 spaces)";
        assert_eq!(fails(&lines), (5, want.to_owned()));
        let lines = ["# @x:", "# Since: 1.0", "#  "];
        assert!(fails(&lines).1.starts_with("unexpected de-indent"));
    }

    #[test]
    fn empty_sections() {
        // doc-empty-section: at the closing `##`.
        let lines = ["# @foo:", "#", "# Note:"];
        assert_eq!(fails(&lines), (5, "empty doc section 'Note'".to_owned()));
        // d1: `@a:` and a blank line, then text: at the text's line.
        let lines = ["# @x:", "# @a:", "#", "# Some text"];
        assert_eq!(fails(&lines), (5, "empty doc section 'a'".to_owned()));
        // y3: whitespace only.
        let lines = ["# @x:", "# Since:   "];
        assert_eq!(fails(&lines), (4, "empty doc section 'Since'".to_owned()));
        // doc-duplicated-arg: the duplicate is seen first.
        let lines = ["# @x:", "# @a:", "# @a:"];
        assert_eq!(
            fails(&lines),
            (4, "'a' parameter name duplicated".to_owned())
        );
        // The body may be empty.
        assert_eq!(one(&["# @x:"]).body().text, "");
    }

    #[test]
    fn tags_anywhere_and_sections_to_the_end() {
        // d5: tags need no blank line before them; TODO may repeat.
        let doc = one(&[
            "# @x:",
            "#     Indented body",
            "#       more",
            "# Since: 1.0",
            "# TODO: x",
            "# TODO: y",
        ]);
        assert_eq!(doc.body().text, "Indented body\n      more");
        assert_eq!(
            sections(&doc),
            [("Since", "1.0"), ("TODO", "x"), ("TODO", "y")]
        );
        // y2: `Features:` is text once sections started.
        let doc = one(&[
            "# @x:",
            "# Note:",
            "# a",
            "# Note: b",
            "# TODO: c",
            "# TODO:",
            "# d",
            "# Features:",
            "# Example:",
            "# Features:",
            "#   x",
        ]);
        assert_eq!(
            sections(&doc),
            [
                ("Note", "a"),
                ("Note", "b"),
                ("TODO", "c"),
                ("TODO", "d\nFeatures:"),
                ("Example", "Features:\n  x")
            ]
        );
        // s1: blank lines do not end a section; b1: nor are they merged.
        let doc = one(&["# @x:", "# Since:", "# 1.0", "#", "#", "# More text"]);
        assert_eq!(sections(&doc), [("Since", "1.0\n\n\nMore text")]);
        let lines = ["# @x:", "# Since: 1", "# Since: 2"];
        assert_eq!(fails(&lines), (4, "duplicated 'Since' section".to_owned()));
    }

    #[test]
    fn mode_switches() {
        // x1: a description needs no blank line before it.
        let doc = one(&["# @x:", "# Body text", "# @a: x"]);
        assert_eq!(
            (doc.body().text.as_str(), args(&doc)),
            ("Body text", vec![("a", "x")])
        );
        // f8: unindented text after a blank line is an untagged section.
        let doc = one(&["# @x:", "# @a: x", "#", "# Features:", "#", "# Some para"]);
        assert_eq!(args(&doc), [("a", "x")]);
        assert_eq!(sections(&doc), [("None", "Some para")]);
        // x2: `Features:` right after a description is its text.
        let doc = one(&["# @x:", "# @a:", "# desc", "# Features:", "# @f: x"]);
        assert_eq!(args(&doc), [("a", "desc\nFeatures:"), ("f", "x")]);
        assert_eq!(doc.features().count(), 0);
        // f2: text after `Features:` goes to the body.
        let doc = one(&["# @x:", "#", "# Features:", "# Not a feature", "# @feat: x"]);
        assert_eq!(doc.body().text, "Not a feature");
        let features: Vec<_> = doc.features().map(|(n, s)| (n, s.text.as_str())).collect();
        assert_eq!(features, [("feat", "x")]);
        // doc-interleaved-section, f3: the first section names itself.
        let lines = [
            "# @x:",
            "# @a: x",
            "#",
            "# Note: a section.",
            "#",
            "# @b: y",
        ];
        let want = "'@b:' can't follow 'Note' section";
        assert_eq!(fails(&lines), (7, want.to_owned()));
        let lines = ["# @x:", "# @a: x", "#", "# text", "# @b: y"];
        let want = "'@b:' can't follow 'None' section";
        assert_eq!(fails(&lines), (6, want.to_owned()));
    }

    #[test]
    fn at_names_in_text() {
        // s3, x3: in any doc, any appended line.
        let lines = ["# @x:", "# @a:x"];
        let want = "'@a:' not allowed in free-form documentation";
        assert_eq!(fails(&lines), (3, want.to_owned()));
        let lines = ["# @x:", "# Example:", "# @foo:bar"];
        let want = "'@foo:' not allowed in free-form documentation";
        assert_eq!(fails(&lines), (4, want.to_owned()));
        let lines = ["# Free", "# @foo: x"];
        let want = "'@foo:' not allowed in free-form documentation";
        assert_eq!(fails(&lines), (3, want.to_owned()));
        // c1: QEMU 7.2 crashes; this is our message.
        assert!(fails(&["# @x:", "# @a\tb: x"])
            .1
            .starts_with("invalid parameter name"));
        // w1: the symbol line is not right-stripped.
        let want = "line should end with ':'";
        assert_eq!(fails(&["# @foo: "]), (2, want.to_owned()));
        assert_eq!(fails(&["# @:"]), (2, "name required after '@'".to_owned()));
    }

    #[test]
    fn heading_split() {
        // h1: a heading after text starts a new free-form doc; the blank
        // line before `= Another` went into the second.
        let docs = read(&[
            "# = Title",
            "# Some text",
            "# == Sub",
            "# more",
            "#",
            "# = Another",
        ])
        .expect("the block is fine");
        let bodies: Vec<_> = docs.iter().map(|d| d.body().text.as_str()).collect();
        assert_eq!(bodies, ["= Title\nSome text", "== Sub\nmore", "= Another"]);
        assert!(docs.iter().all(|d| d.symbol.is_none() && d.info == info(1)));
        // A blank line first is text already.
        let docs = read(&["#", "# = Not first"]).expect("the block is fine");
        let bodies: Vec<_> = docs.iter().map(|d| d.body().text.as_str()).collect();
        assert_eq!(bodies, ["", "= Not first"]);
        // h3, h6: no heading in a definition doc, unless indented.
        let lines = ["# @x:", "# text", "# = bad"];
        let want = "unexpected '=' markup in definition documentation";
        assert_eq!(fails(&lines), (4, want.to_owned()));
        assert_eq!(
            one(&["# @x:", "# text", "#     = x"]).body().text,
            "text\n    = x"
        );
    }
}
