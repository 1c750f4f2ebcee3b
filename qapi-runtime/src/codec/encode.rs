//! Encoding QAPI values as JSON.

use serde_json::{Map, Value};

/// A type that can be written as QAPI JSON.
///
/// Object types implement [`Encode::encode_fields`] and keep the provided
/// [`Encode::encode`]; other types implement `encode`.
pub trait Encode {
    /// The JSON value.
    fn encode(&self) -> Value {
        let mut object = Map::new();
        self.encode_fields(&mut object);
        Value::Object(object)
    }

    /// Adds this object type's members to `object`, which may hold other
    /// members too (a union writes its base and its branch into one).
    /// Types that are not objects have no members to add.
    fn encode_fields(&self, object: &mut Map<String, Value>) {
        let _ = object;
    }
}

/// Encodes an enum value as its wire name.
pub fn encode_enum<T: crate::QapiEnum>(value: T) -> Value {
    Value::String(value.as_str().to_owned())
}

macro_rules! encode_as_json {
    ($($t:ty),*) => {$(
        impl Encode for $t {
            fn encode(&self) -> Value {
                Value::from(*self)
            }
        }
    )*};
}

encode_as_json!(bool, f64, i8, i16, i32, i64, u8, u16, u32, u64);

impl Encode for String {
    fn encode(&self) -> Value {
        Value::String(self.clone())
    }
}

impl Encode for Value {
    fn encode(&self) -> Value {
        self.clone()
    }
}

impl<T: Encode> Encode for Vec<T> {
    fn encode(&self) -> Value {
        Value::Array(self.iter().map(Encode::encode).collect())
    }
}

impl<T: Encode> Encode for Box<T> {
    fn encode(&self) -> Value {
        (**self).encode()
    }
}
