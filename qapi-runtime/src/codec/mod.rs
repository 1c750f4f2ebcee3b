//! Reading and writing QAPI values as JSON.
//!
//! Generated types implement serde's `Serialize` and `Deserialize` with a
//! few lines each; the work is done here, once.  Decoding is serde's too:
//! [`Decode`] drives a type's `Deserialize` with the runtime's own
//! deserializer, which checks values and words errors as QEMU's QObject
//! input visitor does.  That keeps the code generated for a large schema
//! small and quick to compile.

mod decode;
mod encode;
mod error;
mod input;
mod members;
mod path;
mod visit;

pub use decode::Decode;
pub use encode::{serialize_empty, serialize_enum, to_json, ObjectWriter};
pub use error::{DecodeError, DecodeErrorKind};
pub(crate) use input::drop_deep;
pub use input::{JsonType, BRANCH};
pub use members::{EncodeMembers, MAX_GROUP};
pub use path::Path;
pub use visit::{
    deserialize_alternate, deserialize_enum, deserialize_struct, deserialize_union,
    deserialize_unknown_branch, no_alternative, not_in_enum, Alternate, Branch, Group, Groups,
    InOrder, Skip, MAX_MEMBERS,
};
