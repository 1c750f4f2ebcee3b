//! Decoding QAPI values from JSON, with QEMU's checks and messages.

use serde_json::{Map, Value};

use super::{DecodeError, DecodeErrorKind, Path};
use crate::ghash::StrTable;
use crate::qdict;

/// A type that can be read from JSON the way QEMU's QObject input visitor
/// reads it.
///
/// Object types implement [`Decode::decode_fields`] and keep the provided
/// [`Decode::decode`]; other types implement `decode`.
pub trait Decode: Sized {
    /// Decodes `value`, found at `path`.
    fn decode(value: Value, path: &Path<'_>) -> Result<Self, DecodeError> {
        let mut object = Object::new(value, path)?;
        let decoded = Self::decode_fields(&mut object)?;
        object.finish()?;
        Ok(decoded)
    }

    /// Takes this object type's members out of `object`, which may hold
    /// other members too (a union reads its base and its branch from one
    /// object).  Only object types have members: for others this reports
    /// that an object is not expected.
    fn decode_fields(object: &mut Object<'_>) -> Result<Self, DecodeError> {
        Err(invalid_type(object.path, "no object"))
    }
}

fn invalid_type(path: &Path<'_>, expected: &'static str) -> DecodeError {
    DecodeError::new(path, DecodeErrorKind::InvalidType { expected })
}

/// The members of a JSON object being decoded, taken in schema order.
pub struct Object<'p> {
    members: Map<String, Value>,
    /// The members taken, in the order they were: QEMU's visitor removes
    /// each from its table of members left as it visits it.
    taken: Vec<&'static str>,
    pub(super) path: &'p Path<'p>,
}

impl<'p> Object<'p> {
    /// Starts decoding `value`, which must be an object.
    pub fn new(value: Value, path: &'p Path<'p>) -> Result<Object<'p>, DecodeError> {
        match value {
            Value::Object(members) => Ok(Object {
                members,
                taken: Vec::new(),
                path,
            }),
            _ => Err(invalid_type(path, "object")),
        }
    }

    /// The error for member `name` holding enum value `value`, which this
    /// build does not accept (a union whose branch for it is compiled out).
    pub fn not_in_enum(&self, name: &'static str, value: &str) -> DecodeError {
        DecodeError::new(
            &self.path.member(name),
            DecodeErrorKind::NotInEnum {
                value: value.to_owned(),
            },
        )
    }

    /// Takes member `name`'s value, if the object has it.
    pub(super) fn take(&mut self, name: &'static str) -> Option<Value> {
        let value = self.members.get_mut(name)?;
        self.taken.push(name);
        Some(std::mem::take(value))
    }

    /// Ends decoding: a member no one took is an error.  QEMU reports the
    /// first its table of members left yields: the members go in in QDict
    /// order and out as visited.
    pub fn finish(self) -> Result<(), DecodeError> {
        // Each member is taken once at most.
        if self.taken.len() == self.members.len() {
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

/// An enum value, by wire name.
impl<T: crate::QapiEnum> Decode for T {
    fn decode(value: Value, path: &Path<'_>) -> Result<T, DecodeError> {
        let Value::String(name) = value else {
            return Err(invalid_type(path, "string"));
        };
        T::from_name(&name)
            .ok_or_else(|| DecodeError::new(path, DecodeErrorKind::NotInEnum { value: name }))
    }
}

impl Decode for bool {
    fn decode(value: Value, path: &Path<'_>) -> Result<bool, DecodeError> {
        value.as_bool().ok_or_else(|| invalid_type(path, "boolean"))
    }
}

impl Decode for String {
    fn decode(value: Value, path: &Path<'_>) -> Result<String, DecodeError> {
        match value {
            Value::String(s) => Ok(s),
            _ => Err(invalid_type(path, "string")),
        }
    }
}

impl Decode for f64 {
    fn decode(value: Value, path: &Path<'_>) -> Result<f64, DecodeError> {
        value.as_f64().ok_or_else(|| invalid_type(path, "number"))
    }
}

impl Decode for i64 {
    fn decode(value: Value, path: &Path<'_>) -> Result<i64, DecodeError> {
        value.as_i64().ok_or_else(|| invalid_type(path, "integer"))
    }
}

impl Decode for u64 {
    /// QEMU accepts negative numbers for `uint64` and `size` and wraps them.
    fn decode(value: Value, path: &Path<'_>) -> Result<u64, DecodeError> {
        value
            .as_u64()
            .or_else(|| value.as_i64().map(|v| v as u64))
            .ok_or_else(|| {
                DecodeError::new(path, DecodeErrorKind::InvalidValue { expects: "uint64" })
            })
    }
}

macro_rules! sized_int {
    ($($t:ty => $via:ty, $c_name:literal;)*) => {$(
        impl Decode for $t {
            fn decode(value: Value, path: &Path<'_>) -> Result<$t, DecodeError> {
                let wide = <$via>::decode(value, path)?;
                <$t>::try_from(wide).map_err(|_| {
                    DecodeError::new(path, DecodeErrorKind::InvalidValue { expects: $c_name })
                })
            }
        }
    )*};
}

sized_int! {
    i8 => i64, "int8_t";
    i16 => i64, "int16_t";
    i32 => i64, "int32_t";
    u8 => u64, "uint8_t";
    u16 => u64, "uint16_t";
    u32 => u64, "uint32_t";
}

impl Decode for Value {
    fn decode(value: Value, _: &Path<'_>) -> Result<Value, DecodeError> {
        Ok(value)
    }
}

impl<T: Decode> Decode for Vec<T> {
    fn decode(value: Value, path: &Path<'_>) -> Result<Vec<T>, DecodeError> {
        let Value::Array(items) = value else {
            return Err(invalid_type(path, "array"));
        };
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| T::decode(item, &path.element(i)))
            .collect()
    }
}

// There is no `impl<T: Decode> Decode for Box<T>`: it would overlap the
// impl for enums above, as a crate may implement `QapiEnum` for a `Box` of
// its own type.  The code generated for a recursive type implements
// `Decode` for the `Box` of that type instead.
