//! Decoding QAPI values from JSON, with QEMU's checks and messages.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::input::Input;
use super::{DecodeError, Path};
use crate::Lacks;

/// A type that can be read from JSON the way QEMU's QObject input visitor
/// reads it.
///
/// Every `Deserialize` type is `Decode`: generated types decode through
/// their `Deserialize`, driven by the runtime's decoder, which checks and
/// reports as QEMU does.
pub trait Decode: Sized {
    /// Decodes `value`, found at `path`, for no particular target: every
    /// conditional part of the schema may be there, and a conditional
    /// required member may be absent.
    fn decode(value: Value, path: &Path<'_>) -> Result<Self, DecodeError> {
        Self::decode_for(value, path, Lacks::none())
    }

    /// Decodes `value`, found at `path`, as the target set whose `lacks`
    /// these are: what it lacks is rejected as its binary rejects it.
    fn decode_for(value: Value, path: &Path<'_>, lacks: &Lacks) -> Result<Self, DecodeError>;
}

impl<T: DeserializeOwned> Decode for T {
    fn decode_for(value: Value, path: &Path<'_>, lacks: &Lacks) -> Result<T, DecodeError> {
        T::deserialize(Input::new(value, path, lacks))
    }
}
