//! Reading and writing QAPI values as JSON.
//!
//! Generated types implement [`Encode`] and [`Decode`] with a few lines
//! each; the work is done here, once, by non-generic code where possible.
//! That keeps the code generated for a large schema small and quick to
//! compile, and lets decoding give QEMU's own error messages.

mod decode;
mod encode;
mod error;
mod members;
mod path;

pub use decode::{decode_enum, Decode, Object};
pub use encode::{encode_enum, Encode};
pub use error::{DecodeError, DecodeErrorKind};
pub use members::{put_members, take_members, DecodeMembers, EncodeMembers, Member, MAX_GROUP};
pub use path::Path;
