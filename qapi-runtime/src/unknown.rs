//! What a peer newer than the schema may send: an enum value or a union
//! branch the schema does not have.  Decoding for a target set never makes
//! these (a server rejects such input with QEMU's error); decoding
//! tolerantly ([`crate::Lacks::tolerant`], as a client reads replies and
//! events) keeps them, with their names, instead of failing.

use std::fmt;

use serde_json::{Map, Value};

/// The wire name of an enum value the schema does not have.  Every
/// generated enum has a variant holding one.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// The value named `name`.
    pub fn new(name: impl Into<Box<str>>) -> UnknownValue {
        UnknownValue(name.into())
    }

    /// The wire name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A union branch whose discriminator value the schema does not have: the
/// value, and the members the union's base did not take, as JSON.  Every
/// generated union has a variant holding one.
#[derive(Clone, Debug, PartialEq)]
pub struct UnknownBranch {
    tag: UnknownValue,
    members: Map<String, Value>,
}

impl UnknownBranch {
    /// The branch of discriminator value `tag`, holding `members`.
    pub fn new(tag: UnknownValue, members: Map<String, Value>) -> UnknownBranch {
        UnknownBranch { tag, members }
    }

    /// The discriminator value.
    pub fn tag(&self) -> &UnknownValue {
        &self.tag
    }

    /// The branch's members, as received.
    pub fn members(&self) -> &Map<String, Value> {
        &self.members
    }

    /// The branch's members, as received.
    pub fn into_members(self) -> Map<String, Value> {
        self.members
    }
}
