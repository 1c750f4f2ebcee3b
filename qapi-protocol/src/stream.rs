//! QEMU's JSON dialect as a byte stream: its lexer, its message splitter
//! and its parser, with the same error recovery and limits.
//!
//! Bytes are fed as they arrive; complete messages come out as soon as
//! their brackets balance, with no newline needed.  A lexical error, a
//! limit or a parse error gives an error message of its own, and the lexer
//! resynchronises at the next structural or control character, so one bad
//! line can give several errors, exactly as QEMU does.

use indexmap::IndexMap;

use crate::qobject::QObject;

/// What the stream gives: a parsed value, or the text of an error.
#[derive(Clone, Debug, PartialEq)]
pub enum Message {
    /// A complete JSON value.
    Value(QObject),
    /// QEMU's description of an error (`JSON parse error, ...`).
    Error(String),
}

/// Deepest nesting of brackets and braces in one message.
const MAX_NESTING: usize = 1024;
/// Most tokens in one message.
const MAX_TOKEN_COUNT: usize = 2 << 20;
/// Most bytes of tokens in one message (and of one token).
const MAX_TOKEN_SIZE: usize = 64 << 20;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    LCurly,
    RCurly,
    LSquare,
    RSquare,
    Colon,
    Comma,
    Integer,
    Float,
    Keyword,
    String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum State {
    #[default]
    Start,
    Recovery,
    DqString,
    DqEscape,
    SqString,
    SqEscape,
    Zero,
    ExpDigits,
    ExpSign,
    ExpE,
    Mantissa,
    MantissaDigits,
    Digits,
    Sign,
    Keyword,
}

/// The lexer's decision for one byte.
enum Step {
    /// Stay in (or go to) a state, consuming the byte.
    Go(State),
    /// A token ends before this byte; look at the byte again.
    Emit(Kind),
    /// A token ends with this byte.
    EmitWith(Kind),
    /// The byte does not fit: an error token that includes it.
    Error,
    /// Recovery ends before this byte; look at it again from the start.
    Restart,
}

fn step(state: State, b: u8) -> Step {
    use State::*;
    let printable = (0x20..=0xFD).contains(&b);
    match state {
        Recovery => match b {
            b'\t' => Step::Go(Recovery),
            // Structural characters and control characters resynchronise.
            b'[' | b']' | b'{' | b'}' | b':' | b',' | 0x00..=0x1F | 0xFE | 0xFF => Step::Restart,
            _ => Step::Go(Recovery),
        },
        DqString => match b {
            b'\\' => Step::Go(DqEscape),
            b'"' => Step::EmitWith(Kind::String),
            _ if printable => Step::Go(DqString),
            _ => Step::Error,
        },
        DqEscape if printable => Step::Go(DqString),
        SqString => match b {
            b'\\' => Step::Go(SqEscape),
            b'\'' => Step::EmitWith(Kind::String),
            _ if printable => Step::Go(SqString),
            _ => Step::Error,
        },
        SqEscape if printable => Step::Go(SqString),
        DqEscape | SqEscape => Step::Error,
        Zero => match b {
            b'0'..=b'9' => Step::Error,
            b'.' => Step::Go(Mantissa),
            _ => Step::Emit(Kind::Integer),
        },
        ExpDigits => match b {
            b'0'..=b'9' => Step::Go(ExpDigits),
            _ => Step::Emit(Kind::Float),
        },
        ExpSign => match b {
            b'0'..=b'9' => Step::Go(ExpDigits),
            _ => Step::Error,
        },
        ExpE => match b {
            b'-' | b'+' => Step::Go(ExpSign),
            b'0'..=b'9' => Step::Go(ExpDigits),
            _ => Step::Error,
        },
        MantissaDigits => match b {
            b'0'..=b'9' => Step::Go(MantissaDigits),
            b'e' | b'E' => Step::Go(ExpE),
            _ => Step::Emit(Kind::Float),
        },
        Mantissa => match b {
            b'0'..=b'9' => Step::Go(MantissaDigits),
            _ => Step::Error,
        },
        Digits => match b {
            b'0'..=b'9' => Step::Go(Digits),
            b'e' | b'E' => Step::Go(ExpE),
            b'.' => Step::Go(Mantissa),
            _ => Step::Emit(Kind::Integer),
        },
        Sign => match b {
            b'0' => Step::Go(Zero),
            b'1'..=b'9' => Step::Go(Digits),
            _ => Step::Error,
        },
        Keyword => match b {
            b'a'..=b'z' => Step::Go(Keyword),
            _ => Step::Emit(Kind::Keyword),
        },
        Start => match b {
            b'"' => Step::Go(DqString),
            b'\'' => Step::Go(SqString),
            b'0' => Step::Go(Zero),
            b'1'..=b'9' => Step::Go(Digits),
            b'-' => Step::Go(Sign),
            b'{' => Step::EmitWith(Kind::LCurly),
            b'}' => Step::EmitWith(Kind::RCurly),
            b'[' => Step::EmitWith(Kind::LSquare),
            b']' => Step::EmitWith(Kind::RSquare),
            b',' => Step::EmitWith(Kind::Comma),
            b':' => Step::EmitWith(Kind::Colon),
            b'a'..=b'z' => Step::Go(Keyword),
            b' ' | b'\t' | b'\r' | b'\n' => Step::Go(Start),
            _ => Step::Error,
        },
    }
}

/// A token of the message being read: its kind, and where its text ends
/// in the message's text (it starts where the previous token's ends).
#[derive(Clone, Copy)]
struct Token {
    kind: Kind,
    /// At most `MAX_TOKEN_SIZE`, which fits.
    end: u32,
}

/// A QMP input stream: feed it bytes, take the messages.
#[derive(Default)]
pub struct JsonStream {
    state: State,
    /// The token being lexed.
    token: Vec<u8>,
    /// The text of the message's tokens, one after the other: one buffer,
    /// not one per token, so that a message of many short tokens costs
    /// little more memory than its bytes.
    text: Vec<u8>,
    tokens: Vec<Token>,
    braces: i64,
    brackets: i64,
}

impl JsonStream {
    /// A stream at the start of input.
    pub fn new() -> JsonStream {
        JsonStream::default()
    }

    /// Feeds bytes; the messages they complete are appended to `out`.
    pub fn feed(&mut self, bytes: &[u8], out: &mut Vec<Message>) {
        for &b in bytes {
            self.feed_byte(b, out);
        }
    }

    fn feed_byte(&mut self, b: u8, out: &mut Vec<Message>) {
        while !self.apply(b, out) {}
        if self.token.len() > MAX_TOKEN_SIZE {
            // QEMU hands an oversized token on as it is, whatever its state.
            let text = std::mem::take(&mut self.token);
            self.state = State::Start;
            out.push(Message::Error(format!(
                "JSON parse error, stray '{}'",
                String::from_utf8_lossy(&text)
            )));
            self.reset();
        }
    }

    /// Applies one byte; `false` if the same byte must be looked at again.
    fn apply(&mut self, b: u8, out: &mut Vec<Message>) -> bool {
        match step(self.state, b) {
            Step::Go(state) => {
                self.token.push(b);
                self.state = state;
                if state == State::Start {
                    self.token.clear();
                }
                true
            }
            Step::Emit(kind) => {
                self.token_done(kind, out);
                false
            }
            Step::EmitWith(kind) => {
                self.token.push(b);
                self.token_done(kind, out);
                true
            }
            Step::Error => {
                self.token.push(b);
                let text = std::mem::take(&mut self.token);
                out.push(Message::Error(format!(
                    "JSON parse error, stray '{}'",
                    String::from_utf8_lossy(&text)
                )));
                self.reset();
                self.state = State::Recovery;
                true
            }
            Step::Restart => {
                self.token.clear();
                self.state = State::Start;
                false
            }
        }
    }

    fn reset(&mut self) {
        self.tokens.clear();
        self.text.clear();
        self.braces = 0;
        self.brackets = 0;
    }

    /// A complete token: track nesting, and parse when a message is whole.
    fn token_done(&mut self, kind: Kind, out: &mut Vec<Message>) {
        self.state = State::Start;
        match kind {
            Kind::LCurly => self.braces += 1,
            Kind::RCurly => self.braces -= 1,
            Kind::LSquare => self.brackets += 1,
            Kind::RSquare => self.brackets -= 1,
            _ => {}
        }
        let limit = if self.text.len() + self.token.len() + 1 > MAX_TOKEN_SIZE {
            Some("JSON token size limit exceeded")
        } else if self.tokens.len() + 1 > MAX_TOKEN_COUNT {
            Some("JSON token count limit exceeded")
        } else if self.braces + self.brackets > MAX_NESTING as i64 {
            Some("JSON nesting depth limit exceeded")
        } else {
            None
        };
        if let Some(limit) = limit {
            self.token.clear();
            self.reset();
            out.push(Message::Error(limit.to_owned()));
            return;
        }
        self.text.extend_from_slice(&self.token);
        self.token.clear();
        self.tokens.push(Token {
            kind,
            end: self.text.len() as u32,
        });
        if (self.braces > 0 || self.brackets > 0) && self.braces >= 0 && self.brackets >= 0 {
            return;
        }
        let result = parse(&self.tokens, &self.text);
        self.reset();
        out.push(result);
    }
}

/// Parses one message's tokens.
fn parse(tokens: &[Token], text: &[u8]) -> Message {
    let mut parser = Parser {
        tokens,
        text,
        pos: 0,
        error: None,
    };
    let value = parser.value();
    match (value, parser.error) {
        (_, Some(err)) => Message::Error(format!("JSON parse error, {err}")),
        (Some(v), None) => Message::Value(v),
        (None, None) => Message::Error("JSON parse error, expecting value".to_owned()),
    }
}

struct Parser<'t> {
    tokens: &'t [Token],
    text: &'t [u8],
    pos: usize,
    /// The first error: QEMU keeps only that one.
    error: Option<String>,
}

impl<'t> Parser<'t> {
    fn fail(&mut self, msg: impl Into<String>) -> Option<QObject> {
        if self.error.is_none() {
            self.error = Some(msg.into());
        }
        None
    }

    fn peek(&self) -> Option<Token> {
        self.tokens.get(self.pos).copied()
    }

    fn pop(&mut self) -> Option<Token> {
        let t = self.peek();
        self.pos += 1;
        t
    }

    /// The text of token `index`.
    fn text_of(&self, index: usize) -> &'t [u8] {
        let start = match index.checked_sub(1) {
            Some(previous) => self.tokens[previous].end,
            None => 0,
        };
        &self.text[start as usize..self.tokens[index].end as usize]
    }

    fn value(&mut self) -> Option<QObject> {
        let Some(token) = self.peek() else {
            return self.fail("premature EOI");
        };
        match token.kind {
            Kind::LCurly => self.object(),
            Kind::LSquare => self.array(),
            Kind::Integer | Kind::Float | Kind::String => self.literal(),
            Kind::Keyword => {
                let text = self.text_of(self.pos);
                self.pos += 1;
                match text {
                    b"true" => Some(QObject::Bool(true)),
                    b"false" => Some(QObject::Bool(false)),
                    b"null" => Some(QObject::Null),
                    _ => self.fail(format!(
                        "invalid keyword '{}'",
                        String::from_utf8_lossy(text)
                    )),
                }
            }
            // A monitor never enables QEMU's '%' interpolation, so there
            // is no interpolation token.
            _ => self.fail("expecting value"),
        }
    }

    fn object(&mut self) -> Option<QObject> {
        self.pop();
        let mut map = IndexMap::new();
        let Some(peek) = self.peek() else {
            return self.fail("premature EOI");
        };
        if peek.kind == Kind::RCurly {
            self.pop();
            return Some(QObject::Dict(map));
        }
        self.pair(&mut map)?;
        loop {
            let Some(token) = self.pop() else {
                return self.fail("premature EOI");
            };
            match token.kind {
                Kind::RCurly => return Some(QObject::Dict(map)),
                Kind::Comma => self.pair(&mut map)?,
                _ => return self.fail("expected separator in dict"),
            }
        }
    }

    fn pair(&mut self, map: &mut IndexMap<String, QObject>) -> Option<()> {
        if self.peek().is_none() {
            self.fail("premature EOI");
            return None;
        }
        let Some(QObject::String(key)) = self.value() else {
            self.fail("key is not a string in object");
            return None;
        };
        match self.pop().map(|t| t.kind) {
            None => {
                self.fail("premature EOI");
                return None;
            }
            Some(Kind::Colon) => {}
            Some(_) => {
                self.fail("missing : in object pair");
                return None;
            }
        }
        let Some(value) = self.value() else {
            self.fail("Missing value in dict");
            return None;
        };
        if map.contains_key(&key) {
            self.fail("duplicate key");
            return None;
        }
        map.insert(key, value);
        Some(())
    }

    fn array(&mut self) -> Option<QObject> {
        self.pop();
        let mut list = Vec::new();
        let Some(peek) = self.peek() else {
            return self.fail("premature EOI");
        };
        if peek.kind == Kind::RSquare {
            self.pop();
            return Some(QObject::List(list));
        }
        loop {
            let Some(v) = self.value() else {
                return self.fail("expecting value");
            };
            list.push(v);
            let Some(token) = self.pop() else {
                return self.fail("premature EOI");
            };
            match token.kind {
                Kind::RSquare => return Some(QObject::List(list)),
                Kind::Comma => {}
                _ => return self.fail("expected separator in list"),
            }
        }
    }

    fn literal(&mut self) -> Option<QObject> {
        let Some(token) = self.peek() else {
            return self.fail("premature EOI");
        };
        let text = self.text_of(self.pos);
        self.pos += 1;
        match token.kind {
            Kind::String => match decode_string(text) {
                Ok(s) => Some(QObject::String(s)),
                Err(msg) => self.fail(msg),
            },
            _ => Some(number(token.kind, text)),
        }
    }
}

/// A number as QEMU reads it: `int64` if it fits, else `uint64`, else a
/// double (infinite past the largest one).
fn number(kind: Kind, text: &[u8]) -> QObject {
    // The lexer only lets ASCII digits, signs, '.', 'e' and 'E' through.
    let text = std::str::from_utf8(text).unwrap_or("0");
    if kind == Kind::Integer {
        if let Ok(i) = text.parse::<i64>() {
            return QObject::Int(i);
        }
        if let Ok(u) = text.parse::<u64>() {
            return QObject::Uint(u);
        }
    }
    QObject::Double(text.parse().unwrap_or(0.0))
}

/// Decodes a quoted string token, escapes included, the way QEMU's parser
/// does (modified UTF-8: `\xC0\x80` is NUL).  Escapes are read from the
/// whole token, closing quote included, as QEMU reads them: a `\u` right
/// before the quote is invalid, and its message shows the quote.
fn decode_string(text: &[u8]) -> Result<String, String> {
    let end = text.len() - 1;
    let mut out = String::with_capacity(end);
    let mut i = 1;
    while i < end {
        let b = text[i];
        if b != b'\\' {
            match utf8_codepoint(&text[i..end]) {
                Some((c, len)) => {
                    out.push(c);
                    i += len;
                    continue;
                }
                None => return Err("invalid UTF-8 sequence in string".to_owned()),
            }
        }
        let start = i;
        let esc = text.get(i + 1).copied().unwrap_or(0);
        i += 2;
        let c = match esc {
            b'"' => '"',
            b'\'' => '\'',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let mut cp = hex4(text.get(i..).unwrap_or_default());
                i += 4;
                if (0xD800..=0xDBFF).contains(&cp)
                    && text.get(i) == Some(&b'\\')
                    && text.get(i + 1) == Some(&b'u')
                {
                    let trailing = hex4(text.get(i + 2..).unwrap_or_default());
                    if (0xDC00..=0xDFFF).contains(&trailing) {
                        cp = 0x10000 + ((cp & 0x3FF) << 10) + (trailing & 0x3FF);
                        i += 6;
                    } else {
                        cp = -1;
                    }
                }
                match u32::try_from(cp).ok().and_then(char::from_u32) {
                    Some(c) => c,
                    None => {
                        let shown =
                            String::from_utf8_lossy(&text[start..i.min(text.len())]).into_owned();
                        return Err(format!("{shown} is not a valid Unicode character"));
                    }
                }
            }
            _ => return Err("invalid escape sequence in string".to_owned()),
        };
        out.push(c);
    }
    Ok(out)
}

/// Four hex digits, or -1.
fn hex4(bytes: &[u8]) -> i64 {
    if bytes.len() < 4 {
        return -1;
    }
    let text = std::str::from_utf8(&bytes[..4]).unwrap_or("");
    i64::from_str_radix(text, 16)
        .ok()
        .filter(|_| text.bytes().all(|b| b.is_ascii_hexdigit()))
        .unwrap_or(-1)
}

/// Decodes one character of modified UTF-8 (overlong `\xC0\x80` is the
/// only overlong form allowed, for NUL); `None` if invalid.
pub(crate) fn utf8_codepoint(bytes: &[u8]) -> Option<(char, usize)> {
    let b0 = *bytes.first()?;
    if b0 < 0x80 {
        return Some((b0 as char, 1));
    }
    if bytes.len() >= 2 && b0 == 0xC0 && bytes[1] == 0x80 {
        return Some(('\0', 2));
    }
    let len = match b0 {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return None,
    };
    let seq = bytes.get(..len)?;
    std::str::from_utf8(seq)
        .ok()?
        .chars()
        .next()
        .map(|c| (c, len))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn run(input: &[u8]) -> Vec<Message> {
        let mut stream = JsonStream::new();
        let mut out = Vec::new();
        stream.feed(input, &mut out);
        out
    }

    fn err(s: &str) -> Message {
        Message::Error(s.to_owned())
    }

    /// The values of the messages of `input`, as JSON.
    fn values(input: &[u8]) -> Vec<Value> {
        run(input)
            .into_iter()
            .map(|message| match message {
                Message::Value(object) => Value::from(object),
                Message::Error(e) => panic!("{e}"),
            })
            .collect()
    }

    #[test]
    fn messages_split_by_balance() {
        assert_eq!(
            values(b"{\"a\":1}{'b': [2, 2.5, null]}"),
            [json!({"a": 1}), json!({"b": [2, 2.5, null]})]
        );
        assert_eq!(run(b"   \n\n"), []);
        assert_eq!(values(b"42 "), [json!(42)]);
        // A number at the very end waits for the byte that ends it.
        assert_eq!(run(b"42"), []);
    }

    #[test]
    fn errors_and_recovery() {
        assert_eq!(
            run(b"{\"execute\": }\n"),
            [err("JSON parse error, expecting value")]
        );
        assert_eq!(
            run(b"foo bar\n"),
            [
                err("JSON parse error, invalid keyword 'foo'"),
                err("JSON parse error, invalid keyword 'bar'")
            ]
        );
        assert_eq!(
            run(b"{\"execute\": %d}\n"),
            [
                err("JSON parse error, stray '%'"),
                err("JSON parse error, expecting value")
            ]
        );
        assert_eq!(
            run(b"{\"a\": \"x\\qy\"}\n"),
            [err("JSON parse error, invalid escape sequence in string")]
        );
        assert_eq!(
            run(b"{\"a\": \"q\x01s\"}\n"),
            [
                err("JSON parse error, stray '\"q\u{1}'"),
                err("JSON parse error, expecting value")
            ]
        );
        assert_eq!(
            run(b"{\"a\": 1, \"a\": 2}"),
            [err("JSON parse error, duplicate key")]
        );
        assert_eq!(
            run(b"[1 2]"),
            [err("JSON parse error, expected separator in list")]
        );
    }

    #[test]
    fn nesting_limit() {
        let mut input = vec![b'['; 1025];
        input.extend(vec![b']'; 2]);
        let out = run(&input);
        assert_eq!(out[0], err("JSON nesting depth limit exceeded"));
        assert_eq!(
            out[1..],
            [
                err("JSON parse error, expecting value"),
                err("JSON parse error, expecting value")
            ]
        );
        let ok = run(&[vec![b'['; 1024], vec![b']'; 1024]].concat());
        assert!(matches!(ok[..], [Message::Value(_)]));
    }

    #[test]
    fn numbers_and_strings() {
        assert_eq!(
            run(b"[18446744073709551615, -1, 18446744073709551616]"),
            [Message::Value(QObject::List(vec![
                QObject::Uint(u64::MAX),
                QObject::Int(-1),
                QObject::Double(1.8446744073709552e19)
            ]))]
        );
        // Past the largest double: an infinity, with its sign.
        assert_eq!(
            run(b"[1e400, -9e999, 1e-400]"),
            [Message::Value(QObject::List(vec![
                QObject::Double(f64::INFINITY),
                QObject::Double(f64::NEG_INFINITY),
                QObject::Double(0.0)
            ]))]
        );
        assert_eq!(
            values(b"[\"\\u00e9\\ud83d\\ude00\", \"caf\xc3\xa9\"]"),
            [json!(["\u{e9}\u{1f600}", "caf\u{e9}"])]
        );
        assert_eq!(
            run(b"[\"\\ud83d\"]"),
            [err(
                "JSON parse error, \\ud83d is not a valid Unicode character"
            )]
        );
        // A \u escape right before the closing quote shows the quote.
        assert_eq!(
            run(b"[\"a\\ute\"]"),
            [err(
                "JSON parse error, \\ute\" is not a valid Unicode character"
            )]
        );
    }
}
