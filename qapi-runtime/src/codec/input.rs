//! QEMU's QObject input visitor as a serde `Deserializer` over JSON values:
//! its type checks, its messages, and its order.
//!
//! Members are visited in schema order, so that the first error is QEMU's:
//! [`Input::deserialize_struct`] hands the visitor every member the type
//! has, in order, by its position, present or not, and reports the members
//! left over afterwards.  A union's `fields` end in [`BRANCH`], where the
//! visitor gets the rest of the same object for its branch.

use serde::de::{self, DeserializeSeed, IntoDeserializer, Visitor};
use serde::forward_to_deserialize_any;
use serde_json::{Map, Value};

use super::{DecodeError, DecodeErrorKind, Path};
use crate::ghash::StrTable;
use crate::lacks::{MemberState, TypeLacks};
use crate::Lacks;
use qapi_protocol::qdict;

/// The name that ends a union's member list: no QAPI member is called so.
pub const BRANCH: &str = "*";

/// Decoding a value nested this deep into objects and arrays takes
/// stack in proportion (a few kilobytes a level), and QMP allows 1,024
/// levels: more than a thread's stack holds.  Each level therefore runs on
/// a fresh stack segment when less than `RED_ZONE` is left.
const RED_ZONE: usize = 128 * 1024;
const SEGMENT: usize = 2 * 1024 * 1024;
/// What a value of QMP's deepest needs where one recursion goes through all
/// of it: serde_json decoding an `any` value, or dropping a decoded value.
const ANY_RED_ZONE: usize = 1024 * 1024;

/// Runs `decode`, one level deeper, with stack to spare.
fn deeper<T>(decode: impl FnOnce() -> T) -> T {
    stacker::maybe_grow(RED_ZONE, SEGMENT, decode)
}

/// Drops `value`, which may nest as deep as QMP allows, with room for the
/// recursion that takes.
pub(crate) fn drop_deep<T>(value: T) {
    stacker::maybe_grow(ANY_RED_ZONE, SEGMENT, move || drop(value));
}

/// Gives an error that a visitor made the place `path`, unless it has one.
fn placed<'a>(path: &'a Path<'a>) -> impl FnOnce(DecodeError) -> DecodeError + 'a {
    move |e| e.at(path)
}

/// A JSON value being decoded, where it is, and what the target set
/// lacks.
pub(super) struct Input<'p> {
    value: Value,
    path: &'p Path<'p>,
    lacks: &'p Lacks,
}

impl<'p> Input<'p> {
    pub(super) fn new(value: Value, path: &'p Path<'p>, lacks: &'p Lacks) -> Input<'p> {
        Input { value, path, lacks }
    }

    fn invalid_type(&self, expected: &'static str) -> DecodeError {
        DecodeError::new(self.path, DecodeErrorKind::InvalidType { expected })
    }

    fn out_of_range(&self, expects: &'static str) -> DecodeError {
        DecodeError::new(self.path, DecodeErrorKind::InvalidValue { expects })
    }

    fn int(&self) -> Result<i64, DecodeError> {
        self.value
            .as_i64()
            .ok_or_else(|| self.invalid_type("integer"))
    }

    /// QEMU accepts negative numbers for `uint64` and `size` and wraps them.
    fn uint(&self) -> Result<u64, DecodeError> {
        self.value
            .as_u64()
            .or_else(|| self.value.as_i64().map(|v| v as u64))
            .ok_or_else(|| self.out_of_range("uint64"))
    }
}

/// The JSON type of a value, which picks an alternate's alternative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum JsonType {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool,
    /// Any number.
    Number,
    /// A string (also an enum value).  Not called `String`: with a public
    /// item of that name in the crate graph, rustc would spell
    /// `std::string::String` in full in the user's diagnostics.
    Str,
    /// An array.
    Array,
    /// An object.
    Object,
}

impl JsonType {
    const ALL: [JsonType; 6] = [
        JsonType::Null,
        JsonType::Bool,
        JsonType::Number,
        JsonType::Str,
        JsonType::Array,
        JsonType::Object,
    ];

    /// The type of `value`.
    pub fn of(value: &Value) -> JsonType {
        match value {
            Value::Null => JsonType::Null,
            Value::Bool(_) => JsonType::Bool,
            Value::Number(_) => JsonType::Number,
            Value::String(_) => JsonType::Str,
            Value::Array(_) => JsonType::Array,
            Value::Object(_) => JsonType::Object,
        }
    }

    /// The name QEMU's messages use.
    pub fn name(self) -> &'static str {
        match self {
            JsonType::Null => "null",
            JsonType::Bool => "boolean",
            JsonType::Number => "number",
            JsonType::Str => "string",
            JsonType::Array => "array",
            JsonType::Object => "object",
        }
    }

    /// The type that QEMU's messages call `name`.
    pub(crate) fn named(name: &str) -> Option<JsonType> {
        Self::ALL.into_iter().find(|t| t.name() == name)
    }

    /// The type at `index` in the order above (its discriminant), as
    /// [`Input`] names it to an alternate's visitor.
    pub(super) fn from_index(index: u64) -> Option<JsonType> {
        Self::ALL.get(usize::try_from(index).ok()?).copied()
    }
}

/// Sized integers: the wide type's checks, then the range, which QEMU's
/// visitor core reports by the bare member name.
macro_rules! sized_ints {
    ($($method:ident $visit:ident $t:ty => $wide:ident, $c_name:literal;)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            let value = <$t>::try_from(self.$wide()?).map_err(|_| self.out_of_range($c_name))?;
            visitor.$visit(value).map_err(placed(self.path))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Input<'_> {
    type Error = DecodeError;

    /// QAPI's `any`: the value as it is.
    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        // serde_json recurses through the value, however deep, on its own:
        // give it a stack that holds QMP's deepest.
        stacker::maybe_grow(ANY_RED_ZONE, SEGMENT, || {
            self.value.deserialize_any(visitor)
        })
        .map_err(de::Error::custom)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::Bool(b) => visitor.visit_bool(b).map_err(placed(self.path)),
            _ => Err(self.invalid_type("boolean")),
        }
    }

    sized_ints! {
        deserialize_i8 visit_i8 i8 => int, "int8_t";
        deserialize_i16 visit_i16 i16 => int, "int16_t";
        deserialize_i32 visit_i32 i32 => int, "int32_t";
        deserialize_u8 visit_u8 u8 => uint, "uint8_t";
        deserialize_u16 visit_u16 u16 => uint, "uint16_t";
        deserialize_u32 visit_u32 u32 => uint, "uint32_t";
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let value = self.int()?;
        visitor.visit_i64(value).map_err(placed(self.path))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let value = self.uint()?;
        visitor.visit_u64(value).map_err(placed(self.path))
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let value = self
            .value
            .as_f64()
            .ok_or_else(|| self.invalid_type("number"))?;
        visitor.visit_f64(value).map_err(placed(self.path))
    }

    fn deserialize_f32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_f64(visitor)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::String(s) => visitor.visit_string(s).map_err(placed(self.path)),
            _ => Err(self.invalid_type("string")),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        self.deserialize_string(visitor)
    }

    /// A member that is there: `null` too is a value, which the inner type
    /// accepts only if it can be null.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let path = self.path;
        visitor.visit_some(self).map_err(placed(path))
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        match self.value {
            Value::Null => visitor.visit_unit().map_err(placed(self.path)),
            _ => Err(self.invalid_type("null")),
        }
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.deserialize_unit(visitor)
    }

    /// An alternate called `name`: the visitor gets the value as an enum
    /// whose variant is its JSON type (see [`super::deserialize_alternate`]).
    /// An alternative the target set lacks takes nothing.
    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let path = self.path;
        let json = JsonType::of(&self.value);
        let lacks = self.lacks;
        if lacks.lacks_alternatives() && lacks.get(name).is_some_and(|t| t.lacks_alternative(json))
        {
            return Err(DecodeError::no_alternative(path, name));
        }
        visitor
            .visit_enum(Alternative(self))
            .map_err(|e: DecodeError| e.at_alternate(path, name))
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let Value::Array(items) = self.value else {
            return Err(self.invalid_type("array"));
        };
        let path = self.path;
        let elements = Elements {
            items: items.into_iter(),
            index: 0,
            path,
            lacks: self.lacks,
        };
        deeper(|| visitor.visit_seq(elements)).map_err(placed(path))
    }

    /// An object type whose conditional parts, if it has any, the decoder
    /// knows by `key`.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        key: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let Value::Object(members) = self.value else {
            return Err(self.invalid_type("object"));
        };
        let conds = self.lacks.get(key);
        let mut object = Object::new(members, self.path, self.lacks);
        let value = deeper(|| visitor.visit_map(Members::new(&mut object, fields, conds)))
            .map_err(placed(self.path))?;
        object.finish()?;
        Ok(value)
    }

    /// An enum value, whose wire names are `variants`, of an enum with
    /// conditional values known by `key` (else empty): a value the target
    /// set lacks is not in its enum.  The visitor gets a known value's
    /// position; one the schema lacks is an error, or, read tolerantly, a
    /// newtype holding its name.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        key: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let Value::String(value) = self.value else {
            return Err(self.invalid_type("string"));
        };
        if !key.is_empty() && self.lacks.get(key).is_some_and(|t| t.lacks_value(&value)) {
            return Err(DecodeError::new(
                self.path,
                DecodeErrorKind::NotInEnum { value },
            ));
        }
        let visited = match variants.iter().position(|v| *v == value) {
            Some(index) => visitor.visit_u64(index as u64),
            None if self.lacks.is_tolerant() => {
                visitor.visit_newtype_struct(value.into_deserializer())
            }
            None => {
                return Err(DecodeError::new(
                    self.path,
                    DecodeErrorKind::NotInEnum { value },
                ))
            }
        };
        visited.map_err(placed(self.path))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        i128 u128 bytes byte_buf tuple tuple_struct map identifier
    }
}

/// The elements of an array.
struct Elements<'p> {
    items: std::vec::IntoIter<Value>,
    index: usize,
    path: &'p Path<'p>,
    lacks: &'p Lacks,
}

impl<'de> de::SeqAccess<'de> for Elements<'_> {
    type Error = DecodeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DecodeError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let path = self.path.element(self.index);
        self.index += 1;
        seed.deserialize(Input::new(item, &path, self.lacks))
            .map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

/// The members of a JSON object being decoded, taken in schema order.
pub(super) struct Object<'p> {
    members: Map<String, Value>,
    /// The members taken, in the order they were: QEMU's visitor removes
    /// each from its table of members left as it visits it.
    taken: Vec<&'static str>,
    path: &'p Path<'p>,
    lacks: &'p Lacks,
}

impl<'p> Object<'p> {
    fn new(members: Map<String, Value>, path: &'p Path<'p>, lacks: &'p Lacks) -> Object<'p> {
        Object {
            members,
            taken: Vec::new(),
            path,
            lacks,
        }
    }

    /// Takes member `name`'s value, if the object has it.
    fn take(&mut self, name: &'static str) -> Option<Value> {
        let value = self.members.get_mut(name)?;
        self.taken.push(name);
        Some(std::mem::take(value))
    }

    /// Ends decoding: a member no one took is an error.  QEMU reports the
    /// first its table of members left yields: the members go in in QDict
    /// order and out as visited.
    fn finish(self) -> Result<(), DecodeError> {
        // Each member is taken once at most.
        if self.taken.len() == self.members.len() || self.lacks.is_tolerant() {
            return Ok(());
        }
        let keys: Vec<&str> = self.members.keys().map(String::as_str).collect();
        let mut left = StrTable::new();
        for i in qdict::order(keys.iter().copied()) {
            left.insert(keys[i]);
        }
        for name in &self.taken {
            left.remove(name);
        }
        // The counts differ, so a member is left.
        let first = left.first().unwrap_or_default();
        Err(DecodeError::new(
            &self.path.member(first),
            DecodeErrorKind::Unexpected,
        ))
    }
}

/// An object's members as a map for a visitor: every name of `fields`, in
/// order, keyed by its position, whether the object has it or not.  `conds`
/// is what the target set lacks of the type, if anything.
struct Members<'a, 'p> {
    object: &'a mut Object<'p>,
    fields: &'static [&'static str],
    next: usize,
    conds: Option<&'p TypeLacks>,
}

impl<'a, 'p> Members<'a, 'p> {
    fn new(
        object: &'a mut Object<'p>,
        fields: &'static [&'static str],
        conds: Option<&'p TypeLacks>,
    ) -> Self {
        Members {
            object,
            fields,
            next: 0,
            conds,
        }
    }
}

impl<'de> de::MapAccess<'de> for Members<'_, '_> {
    type Error = DecodeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DecodeError> {
        if self.next == self.fields.len() {
            return Ok(None);
        }
        self.next += 1;
        seed.deserialize((self.next as u64 - 1).into_deserializer())
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, DecodeError> {
        // A visitor asks for the value after its key: `next` is past it.
        let Some(&name) = self.next.checked_sub(1).and_then(|i| self.fields.get(i)) else {
            return Err(de::Error::custom("a member's value read before its name"));
        };
        if name == BRANCH {
            return seed.deserialize(Rest(self.object));
        }
        let parent = self.object.path;
        let path = parent.member(name);
        let mut required = false;
        if let Some(conds) = self.conds {
            match conds.member(name) {
                // Not read: a value given is left over, and unexpected.
                Some(MemberState::Absent) => return seed.deserialize(Lacking(&path)),
                Some(MemberState::Required) => required = true,
                None => {}
            }
            // A discriminator value whose branch the set lacks is one its
            // enum lacks: QEMU's generated code has no branch for it.
            if let Some(values) = conds.lacking_branches(name) {
                if let Some(Value::String(value)) = self.object.members.get(name) {
                    if values.contains(&value.as_str()) {
                        let value = value.clone();
                        return Err(DecodeError::new(
                            &path,
                            DecodeErrorKind::NotInEnum { value },
                        ));
                    }
                }
            }
        }
        seed.deserialize(MemberInput {
            object: self.object,
            name,
            path: &path,
            required,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.fields.len() - self.next)
    }
}

/// Member `name` of an object, present or not.  It is taken from the
/// object only when the visitor reads it: what ignores it (a member that a
/// `cfg` mapping compiled out) leaves it to be reported as unexpected.
/// `required` makes an optional member of the Rust type (a conditional one)
/// required, as every target of the set requires it.
struct MemberInput<'a, 'p, 'q> {
    object: &'a mut Object<'p>,
    name: &'static str,
    path: &'q Path<'q>,
    required: bool,
}

// The object's `lacks` outlives the member's path: an input gets both.
impl<'p: 'q, 'q> MemberInput<'_, 'p, 'q> {
    /// The member's value, which a required member must have.
    fn input(self) -> Result<Input<'q>, DecodeError> {
        let lacks = self.object.lacks;
        match self.object.take(self.name) {
            Some(value) => Ok(Input::new(value, self.path, lacks)),
            None => Err(DecodeError::new(self.path, DecodeErrorKind::Missing)),
        }
    }
}

/// `Deserializer` methods that read the member's value (`name: &'static
/// str` for those that take a type name).
macro_rules! through_input {
    ($($method:ident),* ; $($named:ident),*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
            self.input()?.$method(visitor)
        })*
        $(fn $named<V: Visitor<'de>>(self, name: &'static str, visitor: V) -> Result<V::Value, DecodeError> {
            self.input()?.$named(name, visitor)
        })*
    };
}

impl<'de> de::Deserializer<'de> for MemberInput<'_, '_, '_> {
    type Error = DecodeError;

    through_input!(
        deserialize_any,
        deserialize_bool,
        deserialize_i8,
        deserialize_i16,
        deserialize_i32,
        deserialize_i64,
        deserialize_u8,
        deserialize_u16,
        deserialize_u32,
        deserialize_u64,
        deserialize_f32,
        deserialize_f64,
        deserialize_char,
        deserialize_str,
        deserialize_string,
        deserialize_unit,
        deserialize_seq;
        deserialize_unit_struct,
        deserialize_newtype_struct
    );

    /// An optional member: absent is `None`, unless the set requires it.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let lacks = self.object.lacks;
        match self.object.take(self.name) {
            Some(value) => Input::new(value, self.path, lacks).deserialize_option(visitor),
            None if self.required => Err(DecodeError::new(self.path, DecodeErrorKind::Missing)),
            None => visitor.visit_none().map_err(placed(self.path)),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.input()?.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        self.input()?.deserialize_enum(name, variants, visitor)
    }

    /// Not visited: the member stays in the object.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        i128 u128 bytes byte_buf tuple tuple_struct map identifier
    }
}

/// A member the target set lacks, at the path given: never read, so that a
/// value given for it is left over.  Generated types hold a conditional
/// member as an `Option`, which is `None` here.
struct Lacking<'q>(&'q Path<'q>);

impl<'de> de::Deserializer<'de> for Lacking<'_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DecodeError> {
        Err(DecodeError::new(self.0, DecodeErrorKind::Custom))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_none().map_err(placed(self.0))
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier
    }
}

/// The members of a union's object that its base did not take, for its
/// branch: an object type, read from the same object, which reports the
/// members left when the union is read.
struct Rest<'a, 'p>(&'a mut Object<'p>);

impl<'de> de::Deserializer<'de> for Rest<'_, '_> {
    type Error = DecodeError;

    fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, DecodeError> {
        Err(de::Error::custom(
            "a union's branch is read as an object type",
        ))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        key: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, DecodeError> {
        let (path, lacks) = (self.0.path, self.0.lacks);
        visitor
            .visit_map(Members::new(self.0, fields, lacks.get(key)))
            .map_err(placed(path))
    }

    /// Every member left, as JSON: the branch of a discriminator value the
    /// schema does not have.
    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DecodeError> {
        let object = self.0;
        let left: Map<String, Value> = (object.members.iter_mut())
            .filter(|(name, _)| !object.taken.contains(&name.as_str()))
            .map(|(name, value)| (name.clone(), std::mem::take(value)))
            .collect();
        Input::new(Value::Object(left), object.path, object.lacks).deserialize_any(visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct enum identifier ignored_any
    }
}

/// A value as an alternate's visitor takes it: an enum whose variant is
/// the value's JSON type (its position in [`JsonType`]'s order).
struct Alternative<'p>(Input<'p>);

impl<'de, 'p> de::EnumAccess<'de> for Alternative<'p> {
    type Error = DecodeError;
    type Variant = Input<'p>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Input<'p>), DecodeError> {
        let index = JsonType::of(&self.0.value) as u64;
        let variant = seed.deserialize(index.into_deserializer())?;
        Ok((variant, self.0))
    }
}

impl<'de> de::VariantAccess<'de> for Input<'_> {
    type Error = DecodeError;

    fn unit_variant(self) -> Result<(), DecodeError> {
        Err(self.invalid_type("alternative"))
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(
        self,
        seed: T,
    ) -> Result<T::Value, DecodeError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, _: V) -> Result<V::Value, DecodeError> {
        Err(self.invalid_type("alternative"))
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        _: V,
    ) -> Result<V::Value, DecodeError> {
        Err(self.invalid_type("alternative"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{deserialize_enum, deserialize_struct, Decode, Skip};
    use crate::QapiEnum;
    use serde::{Deserialize, Deserializer};
    use serde_json::json;

    #[derive(Clone, Debug, PartialEq, Eq)]
    enum Color {
        Red,
        Unknown(crate::UnknownValue),
    }

    impl QapiEnum for Color {
        const NAMES: &'static [&'static str] = &["red"];
        const VALUES: &'static [Self] = &[Color::Red];
        fn as_str(&self) -> &str {
            match self {
                Color::Red => "red",
                Color::Unknown(v) => v.as_str(),
            }
        }
        fn unknown(value: crate::UnknownValue) -> Self {
            Color::Unknown(value)
        }
        fn as_unknown(&self) -> Option<&crate::UnknownValue> {
            match self {
                Color::Red => None,
                Color::Unknown(v) => Some(v),
            }
        }
    }

    impl<'de> Deserialize<'de> for Color {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            deserialize_enum(d, "")
        }
    }

    /// A struct whose member `gone` a `cfg` mapping compiled out.
    #[derive(Debug, PartialEq)]
    struct Palette {
        main: Color,
        others: Vec<Color>,
    }

    impl<'de> Deserialize<'de> for Palette {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let ((main, others, Skip),) = deserialize_struct(d, "", &["main", "others", "gone"])?;
            Ok(Palette { main, others })
        }
    }

    fn error<T: Decode + std::fmt::Debug>(value: Value) -> String {
        T::decode(value, &Path::Root).unwrap_err().to_string()
    }

    #[test]
    fn a_visitors_error_takes_the_place_of_its_value() {
        // The enum's visitor knows no place; QEMU names a member by its
        // name, an array element and the root 'null'.
        assert_eq!(
            error::<Palette>(json!({"main": "blue", "others": []})),
            "Parameter 'main' does not accept value 'blue'"
        );
        assert_eq!(
            error::<Palette>(json!({"main": "red", "others": ["red", "blue"]})),
            "Parameter 'null' does not accept value 'blue'"
        );
        assert_eq!(
            error::<Color>(json!("blue")),
            "Parameter 'null' does not accept value 'blue'"
        );
        assert_eq!(
            error::<Palette>(json!({"main": "red", "others": [1]})),
            "Invalid parameter type for 'others[0]', expected: string"
        );
    }

    #[test]
    fn a_skipped_member_is_left_for_the_unexpected_check() {
        let palette = Palette::decode(json!({"main": "red", "others": []}), &Path::Root);
        assert_eq!(
            palette.ok(),
            Some(Palette {
                main: Color::Red,
                others: Vec::new()
            })
        );
        assert_eq!(
            error::<Palette>(json!({"main": "red", "others": [], "gone": 1})),
            "Parameter 'gone' is unexpected"
        );
    }

    /// A visitor that asks for a value before its key.
    #[derive(Debug)]
    struct Eager;

    impl<'de> Deserialize<'de> for Eager {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Eager;
                fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                    f.write_str("anything")
                }
                fn visit_map<M: de::MapAccess<'de>>(self, mut map: M) -> Result<Eager, M::Error> {
                    map.next_value::<de::IgnoredAny>().map(|_| Eager)
                }
            }
            d.deserialize_struct("", &["a"], V)
        }
    }

    #[test]
    fn a_value_before_its_key_is_an_error() {
        assert_eq!(
            error::<Eager>(json!({"a": 1})),
            "a member's value read before its name"
        );
    }

    #[test]
    fn json_types_by_position() {
        for value in [
            json!(null),
            json!(true),
            json!(1),
            json!("s"),
            json!([]),
            json!({}),
        ] {
            let json = JsonType::of(&value);
            assert_eq!(JsonType::from_index(json as u64), Some(json));
        }
        assert_eq!(JsonType::from_index(6), None);
    }
}
