//! Reading and writing QAPI values as JSON.
//!
//! Generated types implement serde's `Serialize` and [`Decode`] with a few
//! lines each; the work is done here, once, by non-generic code where
//! possible.
//! That keeps the code generated for a large schema small and quick to
//! compile, and lets decoding give QEMU's own error messages.

mod decode;
mod encode;
mod error;
mod members;
mod path;

pub use decode::{Decode, Object};
pub use encode::{serialize_empty, serialize_enum, to_json, ObjectWriter};
pub use error::{DecodeError, DecodeErrorKind};
pub use members::{take_members, DecodeMembers, EncodeMembers, Member, MAX_GROUP};
pub use path::Path;
