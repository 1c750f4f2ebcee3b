//! Decoding errors, worded as QEMU's QObject input visitor words them.

use std::fmt;

use super::Path;

/// What is wrong with a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeErrorKind {
    /// A required member is absent.
    Missing,
    /// A member the type does not have.
    Unexpected,
    /// The JSON type is wrong; `expected` is QEMU's word (`integer`,
    /// `string`, `object`, ..., or an alternate's type name).
    InvalidType {
        /// What was expected.
        expected: &'static str,
    },
    /// The value is out of range for the type (`int8_t`, `uint64`, ...).
    InvalidValue {
        /// The type expected.
        expects: &'static str,
    },
    /// A string that is not a value of the enum.
    NotInEnum {
        /// The value given.
        value: String,
    },
}

/// A value that does not fit its QAPI type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    message: String,
}

impl DecodeError {
    /// An error of `kind` at `path`.  QEMU names the place by its full path
    /// for some errors and by the bare member name for others; this follows
    /// it.
    pub fn new(path: &Path<'_>, kind: DecodeErrorKind) -> DecodeError {
        let message = match &kind {
            DecodeErrorKind::Missing => format!("Parameter '{path}' is missing"),
            DecodeErrorKind::Unexpected => format!("Parameter '{path}' is unexpected"),
            DecodeErrorKind::InvalidType { expected } => {
                format!("Invalid parameter type for '{path}', expected: {expected}")
            }
            // Range errors of sized integers come from the visitor core,
            // which knows only the bare name; uint64 errors from the input
            // visitor, which uses the full one.
            DecodeErrorKind::InvalidValue { expects } if expects.ends_with("_t") => {
                format!("Parameter '{}' expects {expects}", path.name())
            }
            DecodeErrorKind::InvalidValue { expects } => {
                format!("Parameter '{path}' expects {expects}")
            }
            DecodeErrorKind::NotInEnum { value } => {
                format!(
                    "Parameter '{}' does not accept value '{value}'",
                    path.name()
                )
            }
        };
        DecodeError { kind, message }
    }

    /// An alternate's "no branch takes this JSON type" error, which names
    /// the alternate type.
    pub fn no_alternative(path: &Path<'_>, type_name: &'static str) -> DecodeError {
        DecodeError {
            kind: DecodeErrorKind::InvalidType {
                expected: type_name,
            },
            message: format!(
                "Invalid parameter type for '{}', expected: {type_name}",
                path.name()
            ),
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.kind
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DecodeError {}
