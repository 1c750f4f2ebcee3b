//! Front-end errors, printed exactly as QEMU prints them.

use std::fmt;

use crate::release::Release;
use crate::source::Meta;

/// The definition an error belongs to (`FILE: In struct 'Foo':`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    /// The definition's kind.
    pub meta: Meta,
    /// The definition's name.
    pub name: String,
}

/// Where an error is: include chain, definition context, file, line, column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The `include` directives leading to `file`, outermost first:
    /// the includer's file name and the directive's line.
    pub includes: Vec<(String, u32)>,
    /// The definition that starts on this line, if it had been named.
    pub context: Option<Context>,
    /// File name as shown in messages.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column, for errors found by the tokenizer and parser.
    pub col: Option<u32>,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (file, line) in &self.includes {
            writeln!(f, "In file included from {file}:{line}:")?;
        }
        if let Some(ctx) = &self.context {
            writeln!(f, "{}: In {} '{}':", self.file, ctx.meta, ctx.name)?;
        }
        write!(f, "{}:{}", self.file, self.line)?;
        if let Some(col) = self.col {
            write!(f, ":{col}")?;
        }
        Ok(())
    }
}

/// A schema error: a message and, except for an unreadable root file,
/// its location.  `Display` gives QEMU's exact text (without the final
/// newline that QEMU's driver adds).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    /// Boxed: every `Result` of the front end carries an `Error`'s size.
    location: Option<Box<Location>>,
    message: String,
    accepted_by: Option<Release>,
}

impl Error {
    pub(crate) fn new(location: Option<Location>, message: impl Into<String>) -> Error {
        Error {
            location: location.map(Box::new),
            message: message.into(),
            accepted_by: None,
        }
    }

    pub(crate) fn with_accepted_by(self, accepted_by: Option<Release>) -> Error {
        Error {
            accepted_by,
            ..self
        }
    }

    /// Where the error is, if it has a location.
    pub fn location(&self) -> Option<&Location> {
        self.location.as_deref()
    }

    /// The message alone; may span several lines.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Another release whose dialect accepts the schema, when it was loaded
    /// without naming a release and failed under the default.  Not part of
    /// `Display`, which stays QEMU's text: callers say it their own way
    /// (`--qemu 10.0`, `qemu = "10.0"`).
    pub fn accepted_by(&self) -> Option<Release> {
        self.accepted_by
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

/// Result alias for the front end.
pub type Result<T, E = Error> = std::result::Result<T, E>;
