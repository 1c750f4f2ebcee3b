//! The tokenizer of QAPI's JSON dialect.
//!
//! It mirrors the behaviour QEMU's messages depend on: tokens are read one
//! ahead of the parser, `#` comments run to the end of the line and come
//! back as tokens only when asked for (or when they start with `##`),
//! `true`/`false` are recognised by prefix, and columns count characters
//! with QEMU's TAB quirk.

use crate::source::{FileId, Info};

/// What the current token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tok {
    LBrace,
    RBrace,
    LBracket,
    RBracket,
    Colon,
    Comma,
    /// A string; its decoded value is in [`Lexer::string`].
    Str,
    True,
    False,
    /// A comment; its text (from `#` to the end of the line) is
    /// [`Lexer::comment`].
    Comment,
    Eof,
}

/// Python's `str.isspace()`: Unicode White_Space plus the information
/// separators U+001C..U+001F, which Python also treats as space.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Normalizes line breaks the way Python's text mode does (`\r\n` and a
/// lone `\r` become `\n`) and makes sure the text ends with `\n`.
pub(crate) fn normalize_source(mut text: String) -> String {
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    text
}

/// A tokenizer over one normalized source text (see [`normalize_source`]).
pub(crate) struct Lexer<'a> {
    src: &'a str,
    file: FileId,
    cursor: usize,
    /// Byte offset of the current token.
    pos: usize,
    line: u32,
    line_pos: usize,
    /// The current token.
    pub tok: Tok,
    string: String,
    /// Stray text also ends at a double quote (7.2).
    pub stray_ends_at_quote: bool,
}

/// The 1-based column after `text`, the start of a line.
fn column(text: &str) -> u32 {
    text.chars().fold(1, |col, c| {
        if c == '\t' {
            (col + 7) % 8 + 1
        } else {
            col + 1
        }
    })
}

impl<'a> Lexer<'a> {
    /// A lexer positioned before the first token; call [`Lexer::accept`].
    pub fn new(src: &'a str, file: FileId) -> Lexer<'a> {
        debug_assert!(src.ends_with('\n'));
        Lexer {
            src,
            file,
            cursor: 0,
            pos: 0,
            line: 1,
            line_pos: 0,
            tok: Tok::Eof,
            string: String::new(),
            stray_ends_at_quote: false,
        }
    }

    /// The line of the current token.
    pub fn info(&self) -> Info {
        Info {
            file: self.file,
            line: self.line,
        }
    }

    /// The 1-based column of the current token, counted in characters,
    /// where a TAB leaves the column at `((col - 1) mod 8) + 1`.
    pub fn col(&self) -> u32 {
        column(&self.src[self.line_pos..self.pos])
    }

    /// The column after the first `chars` characters of the current line,
    /// counted as [`Lexer::col`] does.
    pub fn col_after(&self, chars: usize) -> u32 {
        let line = &self.src[self.line_pos..];
        let end = line
            .char_indices()
            .nth(chars)
            .map_or(line.len(), |(i, _)| i);
        column(&line[..end])
    }

    /// The text of the current comment token, from its `#` to the end of
    /// the line.
    pub fn comment(&self) -> &'a str {
        &self.src[self.pos..self.cursor]
    }

    /// Takes the decoded value of the current string token.
    pub fn take_string(&mut self) -> String {
        std::mem::take(&mut self.string)
    }

    /// Reads the next token.  Plain `#` comments are skipped when
    /// `skip_comments` is set; `##` comments are always returned.  The
    /// error message is located at the current token ([`Lexer::info`],
    /// [`Lexer::col`]).
    pub fn accept(&mut self, skip_comments: bool) -> Result<(), String> {
        let bytes = self.src.as_bytes();
        loop {
            self.pos = self.cursor;
            let b = bytes[self.cursor];
            self.cursor += 1;
            match b {
                b'#' => {
                    let doc = bytes[self.cursor] == b'#';
                    // The source ends with '\n', so there is always one.
                    self.cursor += self.src[self.cursor..].find('\n').unwrap_or(0);
                    if doc || !skip_comments {
                        self.tok = Tok::Comment;
                        return Ok(());
                    }
                }
                b'{' => return self.punct(Tok::LBrace),
                b'}' => return self.punct(Tok::RBrace),
                b'[' => return self.punct(Tok::LBracket),
                b']' => return self.punct(Tok::RBracket),
                b':' => return self.punct(Tok::Colon),
                b',' => return self.punct(Tok::Comma),
                b'\'' => return self.string_token(),
                b't' if self.src[self.pos..].starts_with("true") => {
                    self.cursor += 3;
                    return self.punct(Tok::True);
                }
                b'f' if self.src[self.pos..].starts_with("false") => {
                    self.cursor += 4;
                    return self.punct(Tok::False);
                }
                b'\n' => {
                    if self.cursor == bytes.len() {
                        self.tok = Tok::Eof;
                        return Ok(());
                    }
                    self.line += 1;
                    self.line_pos = self.cursor;
                }
                b' ' | b'\t' | 0x0b | 0x0c | 0x1c..=0x1f => {}
                _ => {
                    // `pos` is on a char boundary: every token starts on one.
                    let c = self.src[self.pos..].chars().next().unwrap_or('\0');
                    if !is_py_space(c) {
                        return Err(format!("stray '{}'", self.stray_text()));
                    }
                    self.cursor = self.pos + c.len_utf8();
                }
            }
        }
    }

    fn punct(&mut self, tok: Tok) -> Result<(), String> {
        self.tok = tok;
        Ok(())
    }

    /// The text QEMU shows for a stray character: up to the next
    /// structural character, quote or whitespace.
    fn stray_text(&self) -> &'a str {
        let rest = &self.src[self.pos..];
        let end = |stops: &str| {
            rest.find(|c: char| stops.contains(c) || is_py_space(c))
                .unwrap_or(rest.len())
        };
        let mut len = end("[]{}:,'");
        if self.stray_ends_at_quote {
            // 7.2 has no message for stray text starting with a quote (its
            // parser fails); 10.0's serves then.
            len = Some(end("[]{}:,'\"")).filter(|&n| n > 0).unwrap_or(len);
        }
        &rest[..len]
    }

    fn string_token(&mut self) -> Result<(), String> {
        let bytes = self.src.as_bytes();
        let start = self.cursor;
        // First find the end and validate, so that the value is built with
        // one exactly-sized allocation.
        let mut escapes = false;
        let mut esc = false;
        loop {
            let b = bytes[self.cursor];
            if b == b'\n' {
                return Err("missing terminating \"'\"".to_owned());
            }
            if esc {
                if b != b'\\' {
                    let c = self.src[self.cursor..].chars().next().unwrap_or('\0');
                    return Err(format!("unknown escape \\{c}"));
                }
                esc = false;
            } else if b == b'\\' {
                esc = true;
                escapes = true;
                self.cursor += 1;
                continue;
            } else if b == b'\'' {
                break;
            }
            if !(32..127).contains(&b) {
                return Err("funny character in string".to_owned());
            }
            self.cursor += 1;
        }
        let raw = &self.src[start..self.cursor];
        self.string = if escapes {
            raw.replace("\\\\", "\\")
        } else {
            raw.to_owned()
        };
        self.cursor += 1;
        self.tok = Tok::Str;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokens with their line and column, or the error with its position.
    type Lexed = Result<Vec<(Tok, u32, u32)>, (String, u32, u32)>;

    fn lex_all(src: &str) -> Lexed {
        let src = normalize_source(src.to_owned());
        let mut lx = Lexer::new(&src, FileId(0));
        let mut out = Vec::new();
        loop {
            if let Err(msg) = lx.accept(true) {
                return Err((msg, lx.info().line, lx.col()));
            }
            out.push((lx.tok, lx.info().line, lx.col()));
            if lx.tok == Tok::Eof {
                return Ok(out);
            }
        }
    }

    #[test]
    fn punctuation_strings_and_booleans() {
        let toks = lex_all("{ 'a': [true, false] }").unwrap();
        let kinds: Vec<Tok> = toks.iter().map(|t| t.0).collect();
        use Tok::*;
        assert_eq!(
            kinds,
            [LBrace, Str, Colon, LBracket, True, Comma, False, RBracket, RBrace, Eof]
        );
        assert_eq!(toks[1].2, 3);
    }

    #[test]
    fn string_escapes() {
        let src = normalize_source("'a\\\\b'".to_owned());
        let mut lx = Lexer::new(&src, FileId(0));
        lx.accept(true).unwrap();
        assert_eq!(lx.take_string(), "a\\b");
        assert_eq!(
            lex_all("  'a\\'b'").unwrap_err(),
            ("unknown escape \\'".into(), 1, 3)
        );
        assert_eq!(
            lex_all("'abc\\").unwrap_err().0,
            "missing terminating \"'\""
        );
        assert_eq!(
            lex_all("'\u{e9}'").unwrap_err().0,
            "funny character in string"
        );
        assert_eq!(lex_all("'\t'").unwrap_err().0, "funny character in string");
        assert_eq!(
            lex_all("'\u{7f}'").unwrap_err().0,
            "funny character in string"
        );
    }

    #[test]
    fn stray_text_stops_at_structure() {
        assert_eq!(lex_all("{ \"a\": 1 }").unwrap_err().0, "stray '\"a\"'");
        assert_eq!(lex_all("x#y,").unwrap_err().0, "stray 'x#y'");
        assert_eq!(lex_all("truex").unwrap_err(), ("stray 'x'".into(), 1, 5));
        assert_eq!(lex_all("\u{feff}{}").unwrap_err().0, "stray '\u{feff}'");
    }

    #[test]
    fn columns_count_chars_with_tab_quirk() {
        // A TAB does not advance to a tab stop: it wraps the column.
        assert_eq!(lex_all("\t{").unwrap()[0].2, 1);
        assert_eq!(lex_all("   \t{").unwrap()[0].2, 4);
        // Nine spaces reach column 10; the TAB wraps it to 2.
        assert_eq!(lex_all("         \tx").unwrap_err().2, 2);
        // Characters, not bytes.
        assert_eq!(lex_all("\u{a0}\u{a0}x").unwrap_err().2, 3);
    }

    #[test]
    fn line_breaks_and_end_of_input() {
        let toks = lex_all("{\r\n}\r[\n").unwrap();
        assert_eq!(toks.iter().map(|t| t.1).collect::<Vec<_>>(), [1, 2, 3, 3]);
        // End of input is on the last line, after its last character.
        assert_eq!(*toks.last().unwrap(), (Tok::Eof, 3, 2));
        let eof = lex_all("{\n\n").unwrap();
        assert_eq!(*eof.last().unwrap(), (Tok::Eof, 2, 1));
    }

    #[test]
    fn comments() {
        let toks = lex_all("# plain\n{ ## doc\n").unwrap();
        assert_eq!(toks[0].0, Tok::LBrace);
        assert_eq!(toks[1], (Tok::Comment, 2, 3));
        let src = normalize_source("# a  \n".to_owned());
        let mut lx = Lexer::new(&src, FileId(0));
        lx.accept(false).unwrap();
        assert_eq!((lx.tok, lx.comment()), (Tok::Comment, "# a  "));
    }

    #[test]
    fn python_whitespace_is_skipped() {
        let toks = lex_all("\u{1c}\u{0b}\u{2028}{}").unwrap();
        assert_eq!(toks[0].2, 4);
    }
}
