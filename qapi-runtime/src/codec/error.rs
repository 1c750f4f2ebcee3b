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
    /// An error of a `Deserialize` impl outside QAPI's rules, or a
    /// union's discriminator value whose branch a `cfg` mapping compiled
    /// out: its message says what.
    Custom,
}

/// A value that does not fit its QAPI type.
///
/// The decoder (the runtime's serde `Deserializer` for QAPI values) makes
/// its errors where it knows their place.  Errors that a `Deserialize` impl
/// makes through serde's constructors do not know it: the decoder gives
/// them the place of the value it was decoding when they reach it, as
/// serde_json gives its errors a line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    kind: DecodeErrorKind,
    /// QEMU's message; `None` until the error has its place.
    message: Option<String>,
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
            DecodeErrorKind::Custom => format!("Invalid parameter '{path}'"),
        };
        DecodeError {
            kind,
            message: Some(message),
        }
    }

    /// An alternate's "no branch takes this JSON type" error, which names
    /// the alternate type.
    pub fn no_alternative(path: &Path<'_>, type_name: &'static str) -> DecodeError {
        DecodeError {
            kind: DecodeErrorKind::InvalidType {
                expected: type_name,
            },
            message: Some(format!(
                "Invalid parameter type for '{}', expected: {type_name}",
                path.name()
            )),
        }
    }

    /// This error, at `path` if it has no place yet.
    pub(super) fn at(self, path: &Path<'_>) -> DecodeError {
        match self.message {
            Some(_) => self,
            None => DecodeError::new(path, self.kind),
        }
    }

    /// This error, as the error of alternate `type_name` at `path` if it
    /// has no place yet: an alternate's `Deserialize` reports that no
    /// alternative takes the value's JSON type as an invalid type.
    pub(super) fn at_alternate(self, path: &Path<'_>, type_name: &'static str) -> DecodeError {
        match (&self.message, &self.kind) {
            (None, DecodeErrorKind::InvalidType { .. }) => {
                DecodeError::no_alternative(path, type_name)
            }
            _ => self.at(path),
        }
    }

    /// An error of `kind` whose place the decoder fills in.
    fn unplaced(kind: DecodeErrorKind) -> DecodeError {
        DecodeError {
            kind,
            message: None,
        }
    }

    /// What is wrong.
    pub fn kind(&self) -> &DecodeErrorKind {
        &self.kind
    }
}

/// QEMU's message; an error without a place yet reads as if at the root.
impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.message {
            Some(message) => f.write_str(message),
            None => fmt::Display::fmt(&self.clone().at(&Path::Root), f),
        }
    }
}

impl std::error::Error for DecodeError {}

/// The constructors serde's `Deserialize` impls call.  QAPI's own types
/// use two: an enum's unknown value, and an alternate's JSON type that no
/// alternative takes (an invalid type).
impl serde::de::Error for DecodeError {
    fn custom<T: fmt::Display>(msg: T) -> DecodeError {
        DecodeError {
            kind: DecodeErrorKind::Custom,
            message: Some(msg.to_string()),
        }
    }

    fn unknown_variant(variant: &str, _expected: &'static [&'static str]) -> DecodeError {
        DecodeError::unplaced(DecodeErrorKind::NotInEnum {
            value: variant.to_owned(),
        })
    }

    fn invalid_type(_: serde::de::Unexpected<'_>, _: &dyn serde::de::Expected) -> DecodeError {
        DecodeError::unplaced(DecodeErrorKind::InvalidType {
            expected: "alternative",
        })
    }

    fn missing_field(field: &'static str) -> DecodeError {
        DecodeError::custom(format_args!("Parameter '{field}' is missing"))
    }
}
