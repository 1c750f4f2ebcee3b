//! Decoding QAPI values from JSON, with QEMU's checks and messages.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::input::Input;
use super::{DecodeError, Path};

/// A type that can be read from JSON the way QEMU's QObject input visitor
/// reads it.
///
/// Every `Deserialize` type is `Decode`: generated types decode through
/// their `Deserialize`, driven by the runtime's decoder, which checks and
/// reports as QEMU does.
pub trait Decode: Sized {
    /// Decodes `value`, found at `path`.
    fn decode(value: Value, path: &Path<'_>) -> Result<Self, DecodeError>;
}

impl<T: DeserializeOwned> Decode for T {
    fn decode(value: Value, path: &Path<'_>) -> Result<T, DecodeError> {
        T::deserialize(Input::new(value, path))
    }
}
