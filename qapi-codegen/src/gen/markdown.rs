//! QAPI doc text, which is reStructuredText, as the Markdown rustdoc reads.
//!
//! The two agree on paragraphs, lists, `*emphasis*` and ``` ``literals`` ```.
//! What QAPI docs use and Markdown reads differently is converted here:
//! `@name` references, literal blocks introduced by `::`, directives
//! (`qmp-example`, `note` and the other admonitions, `table`), roles such
//! as `:doc:`, and text that Markdown would take for HTML.  Every literal
//! block becomes a fenced `text` block, so that rustdoc never runs one as a
//! doc test; so does anything this does not understand, which keeps its
//! text as written.

/// Where `@name` links to, if anywhere: the path of its item, relative to
/// the documented item's module.
pub type Links<'a> = &'a dyn Fn(&str) -> Option<String>;

/// Free doc text (a doc comment's body, an untagged section) as Markdown.
pub fn from_rst(text: &str, links: Links) -> String {
    convert(&dedent(text, false), links)
}

/// The text of a tagged section (`@arg:`, `Returns:`, ...) as Markdown.
/// QAPI keeps its indentation, which only places it in the doc comment:
/// the text below the tag, or its lines after the first when it starts on
/// the tag's line, are indented alike.  Markdown would read that as code.
pub fn from_rst_tagged(text: &str, links: Links) -> String {
    convert(&dedent(text, true), links)
}

/// Text to show as written (a QMP example): a fenced `text` block, which
/// rustdoc neither formats nor runs as a doc test.
pub fn literal(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Markdown {
        text: String::with_capacity(text.len() + 16),
        links: &|_| None,
    };
    out.literal(&lines);
    out.finish()
}

/// A tagged section's Markdown after its bold label: on the label's line,
/// unless it starts with a block (a list, a text block) that needs a line
/// of its own.
pub fn labelled(label: impl std::fmt::Display, markdown: &str) -> String {
    let starts_block = markdown.starts_with("- ")
        || markdown.starts_with("* ")
        || markdown.starts_with("```")
        || markdown
            .split_once(". ")
            .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if starts_block {
        format!("**{label}:**\n\n{markdown}")
    } else {
        format!("**{label}:** {markdown}")
    }
}

fn convert(lines: &[&str], links: Links) -> String {
    let mut out = Markdown {
        text: String::with_capacity(lines.iter().map(|l| l.len() + 1).sum()),
        links,
    };
    out.blocks(lines);
    out.finish()
}

/// Inline markup of one line of prose: `@name` becomes code (a link, if
/// `links` has one), roles their text, and a `<` that would open an HTML
/// tag is escaped, as is `[`.  Code spans are left alone.
pub fn inline(line: &str, links: Links) -> String {
    let mut out = String::with_capacity(line.len());
    push_inline(&mut out, line, links);
    out
}

/// [`inline`], appended to `out`.
fn push_inline(out: &mut String, line: &str, links: Links) {
    // Most lines have nothing to convert.  (A URL has a colon.)
    if !line.contains(['@', ':', '<', '[', '`']) {
        out.push_str(line);
        return;
    }
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if c == '`' {
            // A code span, ``x`` or `x`: copied through its closing run.
            let ticks = rest.len() - rest.trim_start_matches('`').len();
            let fence = &rest[..ticks];
            let end = rest[ticks..]
                .find(fence)
                .map_or(rest.len(), |i| ticks + i + ticks);
            out.push_str(&rest[..end]);
            rest = &rest[end..];
        } else if c == '@' && !out.ends_with(is_name_char) {
            let name_len = rest[1..]
                .find(|c: char| !is_name_char(c))
                .unwrap_or(rest.len() - 1);
            let name = &rest[1..=name_len];
            match links(name) {
                _ if name.is_empty() => out.push('@'),
                Some(path) => {
                    out.push_str("[`");
                    out.push_str(name);
                    out.push_str("`](");
                    out.push_str(&path);
                    out.push(')');
                }
                None => {
                    out.push('`');
                    out.push_str(name);
                    out.push('`');
                }
            }
            rest = &rest[1 + name_len..];
        } else if let Some((role_text, len)) = role(rest).filter(|_| !out.ends_with(is_name_char)) {
            out.push_str(&role_text);
            rest = &rest[len..];
        } else if let Some(url) = bare_url(rest).filter(|_| !out.ends_with('<')) {
            // Markdown links only a URL in angle brackets.
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
        } else if (c == '<' && opens_html(rest)) || c == '[' {
            // Not an HTML tag, nor a link (rustdoc would try `[4]` as a
            // path).
            out.push('\\');
            out.push(c);
            rest = &rest[1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

/// A role at the start of `text`, ``:doc:`Title </target>` `` or
/// ``:ref:`target` ``: what to show for it, and its length.  The title, if
/// it has one; else the target, as code.
fn role(text: &str) -> Option<(String, usize)> {
    let after_colon = text.strip_prefix(':')?;
    let name_len = after_colon.find(|c: char| !c.is_ascii_alphanumeric())?;
    let quoted = after_colon[name_len..].strip_prefix(":`")?;
    if name_len == 0 {
        return None;
    }
    let content = &quoted[..quoted.find('`')?];
    let len = 1 + name_len + 2 + content.len() + 1;
    let shown = match content.rsplit_once(" <") {
        Some((title, target)) if target.ends_with('>') => title.to_owned(),
        _ => format!("`{content}`"),
    };
    Some((shown, len))
}

/// A URL at the start of `text`, up to white space, without the
/// punctuation that ends a sentence or a parenthesis.
fn bare_url(text: &str) -> Option<&str> {
    if !(text.starts_with("http://") || text.starts_with("https://")) {
        return None;
    }
    let end = text.find(char::is_whitespace).unwrap_or(text.len());
    Some(text[..end].trim_end_matches(['.', ',', ';', ':', ')', '\'', '"']))
}

/// Whether a `<` at the start of `text` would open an HTML tag in Markdown
/// (`<ID>`), rather than an autolink (`<http://...>`) or plain text.
fn opens_html(text: &str) -> bool {
    let after = &text[1..];
    let tag_like = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/');
    let autolink = ["http://", "https://", "mailto:"]
        .iter()
        .any(|scheme| after.starts_with(scheme));
    tag_like && !autolink
}

/// The indentation of `line`, in spaces (so that cutting it never splits
/// a character).
fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

/// The lines of `text` without the indentation they share: all of them
/// when the first is indented; else, for `tagged` text, those after the
/// first.
fn dedent(text: &str, tagged: bool) -> Vec<&str> {
    let lines: Vec<&str> = text.lines().collect();
    let first = lines.iter().position(|l| !is_blank(l)).unwrap_or(0);
    let from = match lines.get(first) {
        Some(l) if indent(l) > 0 => first,
        _ if tagged => first + 1,
        _ => return lines,
    };
    let rest = lines.get(from..).unwrap_or_default();
    let common = common_indent(rest);
    lines
        .iter()
        .enumerate()
        .map(|(i, l)| if i >= from { cut(l, common) } else { *l })
        .collect()
}

/// The indentation all non-blank `lines` share.
fn common_indent(lines: &[&str]) -> usize {
    lines
        .iter()
        .filter(|l| !is_blank(l))
        .map(|l| indent(l))
        .min()
        .unwrap_or(0)
}

/// `line` without its first `n` columns of indentation (a blank line may
/// have fewer).
fn cut(line: &str, n: usize) -> &str {
    &line[n.min(indent(line))..]
}

/// Markdown being written, block by block.
struct Markdown<'a> {
    text: String,
    links: Links<'a>,
}

impl Markdown<'_> {
    /// A line as it is.
    fn line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// A line of prose, its inline markup converted.
    fn prose(&mut self, line: &str) {
        // A line that Markdown would take for the fence of a code block
        // (which rustdoc would run, unclosed, as Rust) starts escaped.
        let fence = line.trim_start_matches(' ');
        if indent(line) < 4 && (fence.starts_with("```") || fence.starts_with("~~~")) {
            self.text.push_str(&line[..indent(line)]);
            self.text.push('\\');
            push_inline(&mut self.text, fence, self.links);
        } else {
            push_inline(&mut self.text, line, self.links);
        }
        self.text.push('\n');
    }

    /// Whether the next line starts a block: Markdown reads it as code
    /// if it is indented by four columns or more.
    fn at_block_start(&self) -> bool {
        self.text.is_empty() || self.text.ends_with("\n\n")
    }

    /// Ends the current block, if there is one.
    fn blank(&mut self) {
        if !self.at_block_start() {
            self.text.push('\n');
        }
    }

    fn finish(self) -> String {
        self.text.trim_end().to_owned()
    }

    /// rST body elements: paragraphs and lists (kept, with their inline
    /// markup converted), literal blocks and directives.
    fn blocks(&mut self, lines: &[&str]) {
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            if is_blank(line) {
                self.blank();
                i += 1;
                continue;
            }
            // What belongs to this line: the lines after it indented more,
            // and blank lines among them.
            let end = || block_end(lines, i);
            let trimmed = line.trim();
            if let Some((name, arg)) = trimmed.strip_prefix(".. ").and_then(|d| d.split_once("::"))
            {
                let end = end();
                self.directive(name.trim(), arg.trim(), &lines[i + 1..end], &lines[i..end]);
                i = end;
            } else if let Some(lead) = trimmed.strip_suffix("::") {
                // `text::` shows as `text:`, `text ::` and `::` as `text`
                // and nothing; the indented block after it is literal.
                let lead = match lead.strip_suffix(char::is_whitespace) {
                    Some(bare) => bare.trim_end().to_owned(),
                    None if lead.is_empty() => String::new(),
                    None => format!("{lead}:"),
                };
                if !lead.is_empty() {
                    // Never four columns: that would be code.
                    self.text.push_str(&line[..indent(line).min(3)]);
                    self.prose(&lead);
                }
                let end = end();
                self.literal(&lines[i + 1..end]);
                i = end;
            } else if indent(line) >= 4 && self.at_block_start() {
                // An indented block not introduced by `::` (an rST block
                // quote): Markdown would read it as code; keep it literal.
                let end = end();
                self.literal(&lines[i..end]);
                i = end;
            } else {
                self.prose(line);
                i += 1;
            }
        }
    }

    /// A fenced `text` block of `lines`, dedented, between blank lines.
    fn literal(&mut self, lines: &[&str]) {
        let start = lines.iter().position(|l| !is_blank(l));
        let end = lines.iter().rposition(|l| !is_blank(l));
        let (Some(start), Some(end)) = (start, end) else {
            return;
        };
        let lines = &lines[start..=end];
        let common = common_indent(lines);
        // Longer than any run of backticks that starts a line of the
        // block, which would close it.
        let longest = lines
            .iter()
            .map(|l| {
                let l = l.trim_start_matches(' ');
                l.len() - l.trim_start_matches('`').len()
            })
            .max()
            .unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        self.blank();
        self.line(&format!("{fence}text"));
        for line in lines {
            self.line(cut(line, common));
        }
        self.line(&fence);
        self.blank();
    }

    /// Directive `name` with argument `arg` and its indented `body`
    /// (options first); `whole` is all of it, directive line included.
    fn directive(&mut self, name: &str, arg: &str, body: &[&str], whole: &[&str]) {
        let options_end = body
            .iter()
            .position(|l| !l.trim_start().starts_with(':'))
            .unwrap_or(body.len());
        let option = |key: &str| {
            body[..options_end].iter().find_map(|l| {
                let l = l.trim().strip_prefix(':')?;
                let (k, v) = l.split_once(':')?;
                (k == key).then(|| v.trim())
            })
        };
        let content = &body[options_end..];
        let common = common_indent(content);
        let content: Vec<&str> = content.iter().map(|l| cut(l, common)).collect();
        self.blank();
        match name {
            "qmp-example" => {
                match option("title") {
                    Some(title) => {
                        self.line(&format!("**Example: {}**", inline(title, self.links)));
                    }
                    None => self.line("**Example:**"),
                }
                self.blank();
                if option("annotated").is_some() {
                    self.blocks(&content);
                } else {
                    self.literal(&content);
                }
            }
            "admonition" => {
                self.line(&format!("**{}**", inline(arg, self.links)));
                self.blank();
                self.blocks(&content);
            }
            "table" => {
                if !arg.is_empty() {
                    self.line(&format!("**{}**", inline(arg, self.links)));
                }
                self.literal(&content);
            }
            _ => match admonition_label(name) {
                Some(label) => {
                    // The text after `::` starts the admonition's body.
                    let first = format!("**{label}:** {arg}");
                    let lines: Vec<&str> = std::iter::once(first.trim_end())
                        .chain(content.iter().copied())
                        .collect();
                    self.blocks(&lines);
                }
                None => self.literal(whole),
            },
        }
        self.blank();
    }
}

/// The end of the block that starts at `lines[start]`: the first later
/// line that is not blank and not indented more than it.  Trailing blank
/// lines are left out.
fn block_end(lines: &[&str], start: usize) -> usize {
    let own = indent(lines[start]);
    let mut end = start + 1;
    let mut last = start + 1;
    while end < lines.len() {
        let line = lines[end];
        if !is_blank(line) {
            if indent(line) <= own {
                break;
            }
            last = end + 1;
        }
        end += 1;
    }
    last
}

/// The title rST gives its standard admonitions.
fn admonition_label(name: &str) -> Option<&'static str> {
    Some(match name {
        "note" => "Note",
        "caution" => "Caution",
        "warning" => "Warning",
        "important" => "Important",
        "tip" => "Tip",
        "hint" => "Hint",
        "attention" => "Attention",
        "danger" => "Danger",
        "error" => "Error",
        "seealso" => "See also",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{from_rst, from_rst_tagged, inline, labelled, literal, Links};

    /// No `@name` has a link.
    fn none(_: &str) -> Option<String> {
        None
    }

    /// Each text with what `convert` makes of it, without links.
    fn converts(convert: fn(&str, Links) -> String, cases: &[(&str, &str)]) {
        for (text, want) in cases {
            assert_eq!(convert(text, &none), *want, "from {text:?}");
        }
    }

    #[test]
    fn references_and_roles() {
        converts(
            inline,
            &[
                (
                    "Returns @StatusInfo; see @device-id.",
                    "Returns `StatusInfo`; see `device-id`.",
                ),
                ("mail armbru@redhat.com", "mail armbru@redhat.com"),
                ("``@x`` stays", "``@x`` stays"),
                (
                    "see :doc:`QMP spec </interop/qmp-spec>` and :ref:`cpu-topo`",
                    "see QMP spec and `cpu-topo`",
                ),
                (
                    "id=<ID>, see <http://zlib.net/>, a < b, Bit[4]",
                    "id=\\<ID>, see <http://zlib.net/>, a < b, Bit\\[4]",
                ),
                (
                    "see https://gnutls.org/x.html. Or (http://a.b/c).",
                    "see <https://gnutls.org/x.html>. Or (<http://a.b/c>).",
                ),
            ],
        );
        let links = |name: &str| (name == "StatusInfo").then(|| "super::StatusInfo".to_owned());
        assert_eq!(
            inline("Returns @StatusInfo; see @device-id.", &links),
            "Returns [`StatusInfo`](super::StatusInfo); see `device-id`."
        );
    }

    #[test]
    fn indentation() {
        converts(
            from_rst_tagged,
            &[
                (
                    "    starts on a new line,\n    indented",
                    "starts on a new line,\nindented",
                ),
                (
                    "starts on the same line\n    continued\n\n    and more",
                    "starts on the same line\ncontinued\n\nand more",
                ),
                // Odd indentation is not indentation.
                ("x\n  a\n\u{3000}b\n\tc", "x\n  a\n\u{3000}b\n\tc"),
            ],
        );
        // Free text keeps it: there it means something.
        converts(
            from_rst,
            &[("Text\n\n    indented", "Text\n\n```text\nindented\n```")],
        );
    }

    #[test]
    fn literal_blocks() {
        converts(
            from_rst,
            &[
                (
                    "Examples::\n\n - not a list\n - a literal\n\nAfter ::\n\n    x\n\n::\n\n    y",
                    "Examples:\n\n```text\n- not a list\n- a literal\n```\n\nAfter\n\n```text\nx\n```\n\n```text\ny\n```",
                ),
                // An indented block that `::` does not introduce stays literal.
                ("Text\n\n    indented\n\nMore", "Text\n\n```text\nindented\n```\n\nMore"),
                // Nothing outside a fence is read as code: not an indented
                // line at the start of a block, nor a fence in the text,
                // nor one in a literal block.
                ("a\n\n      Text::\n\n        y", "a\n\n   Text:\n\n```text\ny\n```"),
                ("a\n```\nb\n  ~~~ c", "a\n\\```\nb\n  \\~~~ c"),
                ("Code::\n\n    ```\n    x", "Code:\n\n````text\n```\nx\n````"),
            ],
        );
    }

    #[test]
    fn directives() {
        converts(
            from_rst,
            &[
                (
                    ".. qmp-example::\n\n    -> { \"execute\": \"stop\" }\n    <- { \"return\": {} }",
                    "**Example:**\n\n```text\n-> { \"execute\": \"stop\" }\n<- { \"return\": {} }\n```",
                ),
                (
                    "Intro\n\n.. qmp-example::\n   :title: Stop it\n\n   -> \"in\"\n\n   <- \"out\"\nAfter",
                    "Intro\n\n**Example: Stop it**\n\n```text\n-> \"in\"\n\n<- \"out\"\n```\n\nAfter",
                ),
                (
                    ".. qmp-example::\n   :annotated:\n\n   First @this::\n\n     -> \"in\"\n\n   Then that.",
                    "**Example:**\n\nFirst `this`:\n\n```text\n-> \"in\"\n```\n\nThen that.",
                ),
                (
                    ".. note:: @arg3 is\n   undocumented\n\nSince: 1.0",
                    "**Note:** `arg3` is\nundocumented\n\nSince: 1.0",
                ),
                (
                    ".. admonition:: Notes\n\n    1. One\n       more\n\n    2. Two",
                    "**Notes**\n\n1. One\n   more\n\n2. Two",
                ),
                (
                    ".. table:: Valid\n   :widths: auto\n\n   ====  ===\n   a     b\n   ====  ===",
                    "**Valid**\n\n```text\n====  ===\na     b\n====  ===\n```",
                ),
                // A directive this does not know is kept, as text.
                (".. odd:: x\n   y", "```text\n.. odd:: x\n   y\n```"),
            ],
        );
    }

    #[test]
    fn literal_text() {
        assert_eq!(
            literal("-> { \"execute\": \"stop\" }\n<- { \"return\": {} }"),
            "```text\n-> { \"execute\": \"stop\" }\n<- { \"return\": {} }\n```"
        );
        assert_eq!(literal("  a\n\n    b"), "```text\na\n\n  b\n```");
        assert_eq!(literal("```\nx"), "````text\n```\nx\n````");
        assert_eq!(literal("\n \n"), "");
        for text in ["fn main() {}", "    code", "~~~\nx"] {
            assert!(!reads_as_code(&literal(text)), "{text}");
        }
    }

    #[test]
    fn labels() {
        for (label, text, want) in [
            ("Since", "2.10", "**Since:** 2.10"),
            (
                "Errors",
                "- If this\n- If that",
                "**Errors:**\n\n- If this\n- If that",
            ),
            ("Returns", "1. One", "**Returns:**\n\n1. One"),
            ("Returns", "a. b", "**Returns:** a. b"),
        ] {
            assert_eq!(labelled(label, text), want);
        }
    }

    /// Whether rustdoc would take any part of `markdown` for code: a fence
    /// other than the `text` blocks written here, or a line indented by
    /// four columns that starts a block.
    fn reads_as_code(markdown: &str) -> bool {
        let mut fence: Option<&str> = None;
        let mut block_start = true;
        for line in markdown.lines() {
            let text = line.trim_start_matches(' ');
            let indent = line.len() - text.len();
            let run = match text.chars().next() {
                Some(mark @ ('`' | '~')) => text.len() - text.trim_start_matches(mark).len(),
                _ => 0,
            };
            match fence {
                Some(open) => {
                    if indent < 4 && text.trim_end() == open {
                        fence = None;
                    }
                    continue;
                }
                None if indent < 4 && run >= 3 => {
                    let (marks, info) = text.split_at(run);
                    if info != "text" || marks.contains('~') {
                        return true;
                    }
                    fence = Some(marks);
                }
                None if indent >= 4 && block_start && !text.is_empty() => return true,
                None => {}
            }
            block_start = text.is_empty();
        }
        fence.is_some()
    }

    /// Whatever the text, conversion does not panic (it runs in the
    /// macro, where a panic is a broken compile error), and rustdoc finds
    /// no code in what it makes (it would run it as a doc test).
    #[test]
    fn any_text() {
        const PIECES: [&str; 16] = [
            " ",
            "    ",
            "\n",
            "\n\n",
            "@",
            "::",
            "`",
            "```",
            "~~~",
            "<",
            "[",
            ".. ",
            "note::",
            "qmp-example::",
            "\u{3000}",
            "é\t",
        ];
        // A fixed linear congruential sequence: the same texts every run.
        let mut state: u64 = 1;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..12 {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1);
                text.push_str(PIECES[(state >> 60) as usize]);
            }
            for markdown in [from_rst(&text, &none), from_rst_tagged(&text, &none)] {
                assert!(!reads_as_code(&markdown), "{text:?} gave\n{markdown}");
            }
            inline(&text, &none);
        }
    }

    #[test]
    fn the_code_check_sees_code() {
        for markdown in ["a\n\n    b", "```\nx\n```", "~~~text\nx\n~~~", "```text\nx"] {
            assert!(reads_as_code(markdown), "{markdown}");
        }
        for markdown in ["a\n    b", "````text\n```\n````", "\\```", "- a\n\n  b"] {
            assert!(!reads_as_code(markdown), "{markdown}");
        }
    }
}
