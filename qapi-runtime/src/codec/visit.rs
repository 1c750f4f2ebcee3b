//! serde's `Deserialize` of generated types, written once here: object
//! types read their members as tuples, unions their branch through
//! [`Branch`], alternates their alternative through [`Alternate`], enums
//! their wire name.
//!
//! They work with any deserializer.  The runtime's own decoder (QEMU's
//! rules, in [`super::input`]) hands a visitor every member in schema
//! order, keyed by its position.  Any other deserializer keys members by
//! name: the visitor then reads the object as JSON and decodes that with
//! the runtime's decoder, so that QAPI's rules (an absent member is not a
//! `null` one, an alternate goes by JSON type) and QEMU's messages hold
//! whatever the format.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::input::{Input, JsonType};
use super::{DecodeError, Path};
use crate::{Lacks, QapiEnum, UnknownBranch, UnknownValue};

/// A union's branch enum: which branch the discriminator value `tag`
/// selects, read from the members of the union's object that its base
/// did not take.
pub trait Branch: Sized {
    /// The discriminator's enum.
    type Tag: DeserializeOwned;

    /// Reads the branch for `tag` from `deserializer`.
    fn deserialize_branch<'de, D: Deserializer<'de>>(
        tag: Self::Tag,
        deserializer: D,
    ) -> Result<Self, D::Error>;
}

/// An alternate: which alternative takes a value of some JSON type.
pub trait Alternate: Sized {
    /// The QAPI name, which QEMU's message names when no alternative fits.
    const NAME: &'static str;

    /// Reads the alternative for a value of JSON type `json` from
    /// `deserializer`; [`no_alternative`] if there is none.
    fn deserialize_as<'de, D: Deserializer<'de>>(
        json: JsonType,
        deserializer: D,
    ) -> Result<Self, D::Error>;
}

/// The error of an alternate that has no alternative for JSON type `json`.
pub fn no_alternative<E: de::Error>(json: JsonType, alternate: &'static str) -> E {
    E::invalid_type(de::Unexpected::Other(json.name()), &alternate)
}

/// The error of a union whose discriminator value `value` has its branch
/// compiled out by a `cfg` mapping: QEMU's error for a value the enum
/// lacks.
pub fn not_in_enum<E: de::Error>(member: &str, value: &str) -> E {
    E::custom(format_args!(
        "Parameter '{member}' does not accept value '{value}'"
    ))
}

/// A member that a `cfg` mapping compiled out.  It is never read, so that a
/// value given for it is reported as unexpected.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Skip;

impl<'de> Deserialize<'de> for Skip {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Skip, D::Error> {
        deserializer
            .deserialize_ignored_any(IgnoredAny)
            .map(|_| Skip)
    }
}

/// An object's members, read in schema order.
pub struct InOrder<M, T> {
    map: M,
    position: usize,
    /// The visitor has read the first key to tell how members are keyed.
    key_read: bool,
    /// A union's discriminator: where it is among the members, and its
    /// value once read.
    tag_at: Option<usize>,
    tag: Option<T>,
}

impl<'de, M: MapAccess<'de>, T: Deserialize<'de>> InOrder<M, T> {
    /// Reads the next member (and the discriminator first, if it is due).
    fn next<V: Deserialize<'de>>(&mut self) -> Result<V, M::Error> {
        self.tag_if_due()?;
        self.value()
    }

    fn tag_if_due(&mut self) -> Result<(), M::Error> {
        if self.tag_at == Some(self.position) {
            self.tag = Some(self.value()?);
        }
        Ok(())
    }

    fn value<V: Deserialize<'de>>(&mut self) -> Result<V, M::Error> {
        if !std::mem::take(&mut self.key_read) {
            // The decoder's keys are the positions, which come in order.
            self.map.next_key::<IgnoredAny>()?;
        }
        self.position += 1;
        self.map.next_value()
    }
}

/// A tuple of up to 16 members, read in order.
pub trait Group<'de>: Sized {
    /// Reads the members from `input`.
    fn take<M: MapAccess<'de>, T: Deserialize<'de>>(
        input: &mut InOrder<M, T>,
    ) -> Result<Self, M::Error>;
}

/// A tuple of up to 16 [`Group`]s: an object type's members.
pub trait Groups<'de>: Sized {
    /// Reads the groups from `input`.
    fn take<M: MapAccess<'de>, T: Deserialize<'de>>(
        input: &mut InOrder<M, T>,
    ) -> Result<Self, M::Error>;
}

impl<'de> Groups<'de> for () {
    fn take<M: MapAccess<'de>, T: Deserialize<'de>>(_: &mut InOrder<M, T>) -> Result<(), M::Error> {
        Ok(())
    }
}

macro_rules! tuples {
    ($($t:ident)+) => {
        impl<'de, $($t: Deserialize<'de>),+> Group<'de> for ($($t,)+) {
            fn take<M: MapAccess<'de>, T: Deserialize<'de>>(input: &mut InOrder<M, T>) -> Result<Self, M::Error> {
                Ok(($(input.next::<$t>()?,)+))
            }
        }

        impl<'de, $($t: Group<'de>),+> Groups<'de> for ($($t,)+) {
            fn take<M: MapAccess<'de>, T: Deserialize<'de>>(input: &mut InOrder<M, T>) -> Result<Self, M::Error> {
                Ok(($($t::take(input)?,)+))
            }
        }
    };
}

tuples!(A);
tuples!(A B);
tuples!(A B C);
tuples!(A B C D);
tuples!(A B C D E);
tuples!(A B C D E F);
tuples!(A B C D E F G);
tuples!(A B C D E F G H);
tuples!(A B C D E F G H I);
tuples!(A B C D E F G H I J);
tuples!(A B C D E F G H I J K);
tuples!(A B C D E F G H I J K L);
tuples!(A B C D E F G H I J K L N);
tuples!(A B C D E F G H I J K L N O);
tuples!(A B C D E F G H I J K L N O P);
tuples!(A B C D E F G H I J K L N O P Q);

/// The most members an object type can have: 16 groups of 16.
pub const MAX_MEMBERS: usize = 256;

/// How the deserializer keys an object's members.
enum Keys {
    /// By position, in order: the runtime's decoder.
    Positions,
    /// By name, the first one given: any other deserializer.
    Names(String),
}

/// Reads the first key of a map, to tell [`Keys`].
struct FirstKey;

impl<'de> DeserializeSeed<'de> for FirstKey {
    type Value = Keys;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Keys, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for FirstKey {
    type Value = Keys;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Keys, E> {
        Ok(Keys::Positions)
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<Keys, E> {
        Ok(Keys::Names(name.to_owned()))
    }

    fn visit_string<E: de::Error>(self, name: String) -> Result<Keys, E> {
        Ok(Keys::Names(name))
    }
}

/// The members of an object type with wire names `fields`, from `map`:
/// read in order from the runtime's decoder (a union's discriminator at
/// position `tag_at`), or, from any other deserializer, the object as JSON
/// to decode with the runtime's.
fn in_order<'de, M: MapAccess<'de>, T>(
    mut map: M,
    fields: &'static [&'static str],
    tag_at: Option<usize>,
) -> Result<Result<InOrder<M, T>, Value>, M::Error> {
    let first = match map.next_key_seed(FirstKey)? {
        Some(Keys::Names(name)) => Some(name),
        None if !fields.is_empty() => None,
        // Keyed by position, or nothing to read (no members).
        keyed => {
            return Ok(Ok(InOrder {
                map,
                position: 0,
                key_read: keyed.is_some(),
                tag_at,
                tag: None,
            }))
        }
    };
    let mut members = Map::new();
    let mut key = first;
    while let Some(name) = key {
        members.insert(name, map.next_value()?);
        key = map.next_key()?;
    }
    Ok(Err(Value::Object(members)))
}

/// Decodes `value` with the runtime's decoder, as the format's error.
fn decode_json<T, E: de::Error>(
    value: Value,
    decode: impl FnOnce(Input<'_>) -> Result<T, DecodeError>,
) -> Result<T, E> {
    decode(Input::new(value, &Path::Root, Lacks::none())).map_err(E::custom)
}

/// The members of an object type, as a tuple of [`Group`]s, their wire
/// names in `fields`.  `key` is the type's QAPI name if some of its
/// members are conditional (the decoder then asks what the target set
/// lacks of it), else empty.
pub fn deserialize_struct<'de, D: Deserializer<'de>, G: Groups<'de>>(
    deserializer: D,
    key: &'static str,
    fields: &'static [&'static str],
) -> Result<G, D::Error> {
    deserializer.deserialize_struct(key, fields, StructVisitor(key, fields, PhantomData))
}

struct StructVisitor<G>(&'static str, &'static [&'static str], PhantomData<G>);

impl<'de, G: Groups<'de>> Visitor<'de> for StructVisitor<G> {
    type Value = G;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<G, M::Error> {
        let (key, fields) = (self.0, self.1);
        match in_order::<M, ()>(map, fields, None)? {
            Ok(mut input) => G::take(&mut input),
            Err(json) => decode_json(json, |d| deserialize_struct(d, key, fields)),
        }
    }
}

/// A union's base members as a tuple of [`Group`]s, and its branch.
/// `fields` are the base members' wire names, the discriminator's at
/// position `tag_at` (it is no field of the union: the branch decides it),
/// then [`super::BRANCH`].  `key` is as for [`deserialize_struct`], for
/// conditional members or branches.
pub fn deserialize_union<'de, D: Deserializer<'de>, G: Groups<'de>, B: Branch>(
    deserializer: D,
    key: &'static str,
    fields: &'static [&'static str],
    tag_at: usize,
) -> Result<(G, B), D::Error> {
    let visitor = UnionVisitor {
        key,
        fields,
        tag_at,
        marker: PhantomData,
    };
    deserializer.deserialize_struct(key, fields, visitor)
}

struct UnionVisitor<G, B> {
    key: &'static str,
    fields: &'static [&'static str],
    tag_at: usize,
    marker: PhantomData<(G, B)>,
}

impl<'de, G: Groups<'de>, B: Branch> Visitor<'de> for UnionVisitor<G, B> {
    type Value = (G, B);

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<(G, B), M::Error> {
        let (key, fields, tag_at) = (self.key, self.fields, self.tag_at);
        let mut input = match in_order::<M, B::Tag>(map, fields, Some(tag_at))? {
            Ok(input) => input,
            Err(json) => return decode_json(json, |d| deserialize_union(d, key, fields, tag_at)),
        };
        let base = G::take(&mut input)?;
        // The discriminator may be the last base member.
        input.tag_if_due()?;
        let Some(tag) = input.tag.take() else {
            return Err(de::Error::custom(
                "a union's discriminator is one of its members",
            ));
        };
        input.map.next_key::<IgnoredAny>()?;
        let branch = input.map.next_value_seed(BranchSeed::<B>(tag))?;
        Ok((base, branch))
    }
}

/// Reads the branch that discriminator value `.0` selects.
struct BranchSeed<B: Branch>(B::Tag);

impl<'de, B: Branch> DeserializeSeed<'de> for BranchSeed<B> {
    type Value = B;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<B, D::Error> {
        B::deserialize_branch(self.0, deserializer)
    }
}

/// The branch of a discriminator value the schema does not have (which
/// only tolerant decoding reads): the members the base did not take.
pub fn deserialize_unknown_branch<'de, D: Deserializer<'de>>(
    tag: UnknownValue,
    deserializer: D,
) -> Result<UnknownBranch, D::Error> {
    Map::deserialize(deserializer).map(|members| UnknownBranch::new(tag, members))
}

/// An alternate: the decoder hands its visitor the value as an enum whose
/// variant is the JSON type; any other deserializer, as a newtype.
pub fn deserialize_alternate<'de, D: Deserializer<'de>, T: Alternate + DeserializeOwned>(
    deserializer: D,
) -> Result<T, D::Error> {
    deserializer.deserialize_newtype_struct(T::NAME, AlternateVisitor(PhantomData))
}

struct AlternateVisitor<T>(PhantomData<T>);

impl<'de, T: Alternate + DeserializeOwned> Visitor<'de> for AlternateVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::NAME)
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<T, A::Error> {
        let (json, variant) = data.variant_seed(TypeSeed)?;
        de::VariantAccess::newtype_variant_seed(variant, AlternativeSeed::<T>(json, PhantomData))
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        let value = Value::deserialize(deserializer)?;
        decode_json(value, |d| T::deserialize(d))
    }
}

/// Reads the JSON type that the decoder names an alternative by.
struct TypeSeed;

impl<'de> DeserializeSeed<'de> for TypeSeed {
    type Value = JsonType;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<JsonType, D::Error> {
        deserializer.deserialize_u64(self)
    }
}

impl<'de> Visitor<'de> for TypeSeed {
    type Value = JsonType;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON type")
    }

    fn visit_u64<E: de::Error>(self, index: u64) -> Result<JsonType, E> {
        JsonType::from_index(index).ok_or_else(|| E::custom("no such JSON type"))
    }
}

struct AlternativeSeed<T>(JsonType, PhantomData<T>);

impl<'de, T: Alternate> DeserializeSeed<'de> for AlternativeSeed<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_as(self.0, deserializer)
    }
}

/// An enum value, by wire name.  `key` is the enum's QAPI name if some of
/// its values are conditional, else empty.
///
/// The runtime's decoder hands the visitor a known value's position, and a
/// value the schema does not have, when it reads tolerantly, as a newtype
/// holding its name; a value it rejects never reaches the visitor.  Any
/// other deserializer hands it the name, which must be known.
pub fn deserialize_enum<'de, D: Deserializer<'de>, T: QapiEnum>(
    deserializer: D,
    key: &'static str,
) -> Result<T, D::Error> {
    deserializer.deserialize_enum(key, T::NAMES, EnumVisitor(PhantomData))
}

struct EnumVisitor<T>(PhantomData<T>);

impl<'de, T: QapiEnum> DeserializeSeed<'de> for EnumVisitor<T> {
    type Value = T;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl<'de, T: QapiEnum> Visitor<'de> for EnumVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value of the enum")
    }

    /// A known value, by its position in `T::NAMES`.
    fn visit_u64<E: de::Error>(self, index: u64) -> Result<T, E> {
        usize::try_from(index)
            .ok()
            .and_then(|i| T::VALUES.get(i))
            .cloned()
            .ok_or_else(|| E::custom("an enum value's position is out of range"))
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<T, E> {
        T::from_name(name).ok_or_else(|| E::unknown_variant(name, T::NAMES))
    }

    /// A value the schema does not have, which the decoder tolerates.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, name: D) -> Result<T, D::Error> {
        String::deserialize(name).map(|name| T::unknown(UnknownValue::new(name)))
    }

    /// From a deserializer other than the runtime's, which reads a string
    /// as an enum's unit variant.
    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<T, A::Error> {
        let (value, variant) = data.variant_seed(self)?;
        de::VariantAccess::unit_variant(variant)?;
        Ok(value)
    }
}
