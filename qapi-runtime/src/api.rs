//! The traits generated types implement, and the small types they use.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::codec::{deserialize_struct, serialize_empty};
use crate::meta::{CommandMeta, EventMeta};
use crate::UnknownValue;

/// A QAPI enum.  Values are listed in schema order.
///
/// Besides the schema's values, every generated enum has a variant holding
/// an [`UnknownValue`]: a value of a peer newer than the schema, which only
/// tolerant decoding makes.
pub trait QapiEnum: Clone + Eq + 'static {
    /// The wire names of the schema's values, in schema order.
    const NAMES: &'static [&'static str];
    /// The schema's values, in the same order.
    const VALUES: &'static [Self];

    /// The wire name.
    fn as_str(&self) -> &str;

    /// The value for a wire name the schema does not have.
    fn unknown(value: UnknownValue) -> Self;

    /// The wire name, if the schema does not have this value.
    fn as_unknown(&self) -> Option<&UnknownValue>;

    /// The schema's value with this wire name.
    fn from_name(name: &str) -> Option<Self> {
        Self::NAMES
            .iter()
            .position(|n| *n == name)
            .map(|i| Self::VALUES[i].clone())
    }
}

/// A QMP command.  The type is the command's arguments; executing it gives
/// a [`Command::Ret`].
///
/// Arguments and return values are serde's, so every one is also
/// [`crate::Decode`], with QEMU's checks and errors.
pub trait Command: Serialize + DeserializeOwned + Send + 'static {
    /// What the command returns ([`Empty`] when the schema says nothing).
    type Ret: Serialize + DeserializeOwned + Send + 'static;
    /// Name, flags, features and condition.
    const META: &'static CommandMeta;
    /// The wire name.
    const NAME: &'static str = Self::META.name;
}

/// A QMP event.  The type is the event's data.
pub trait Event: Serialize + DeserializeOwned + Send + 'static {
    /// Name, features and condition.
    const META: &'static EventMeta;
    /// The wire name.
    const NAME: &'static str = Self::META.name;
}

/// All the events of one schema, as one type (the generated `AnyEvent`):
/// what a client reads events into.
pub trait EventSet: Sized + Send + 'static {
    /// The event's wire name.
    fn name(&self) -> &'static str;

    /// Reads an event from its wire name and `data` (an empty object when
    /// the message has none), as `lacks` says; `None` for a name the
    /// schema does not have.
    fn decode_for(
        name: &str,
        data: serde_json::Value,
        lacks: &crate::Lacks,
    ) -> Option<Result<Self, crate::DecodeError>>;
}

/// The value of QAPI's `null` type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Null;

impl Serialize for Null {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_unit()
    }
}

impl<'de> Deserialize<'de> for Null {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Null, D::Error> {
        <()>::deserialize(deserializer).map(|()| Null)
    }
}

/// An object with no members: the arguments of a command that takes none,
/// the return value of a command that returns nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Empty;

impl Serialize for Empty {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_empty(serializer)
    }
}

impl<'de> Deserialize<'de> for Empty {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Empty, D::Error> {
        deserialize_struct::<D, ()>(deserializer, "", &[]).map(|()| Empty)
    }
}
