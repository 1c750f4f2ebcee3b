//! Writing QAPI values: serde's `Serialize`, with QAPI's JSON shape.
//!
//! Generated types implement `Serialize` themselves, in a line or two that
//! call [`ObjectWriter`] here; encoding needs no trait of its own.  (Decoding
//! does: QMP needs QEMU's exact errors, see [`crate::Decode`].)

use serde::ser::{self, Impossible, Serialize, SerializeMap, Serializer};
use serde_json::Value;

use super::members::EncodeMembers;

/// The JSON value of `value`, for types that cannot fail to serialize into
/// JSON (every generated type); `None` for one that does.
pub fn to_json<T: Serialize + ?Sized>(value: &T) -> Option<Value> {
    serde_json::to_value(value).ok()
}

/// Writes an object type as a JSON object: its members, group by group,
/// and for a union the members of its branch.  The first error is kept and
/// returned by [`ObjectWriter::end`], so that generated code is one
/// expression without early returns.
pub struct ObjectWriter<S: Serializer> {
    map: Result<S::SerializeMap, S::Error>,
}

impl<S: Serializer> ObjectWriter<S> {
    /// Starts writing an object to `serializer`.
    pub fn new(serializer: S) -> ObjectWriter<S> {
        ObjectWriter {
            map: serializer.serialize_map(None),
        }
    }

    /// Writes `values` as members `names`, in order; absent optional
    /// members are left out.
    pub fn put<T: EncodeMembers<N>, const N: usize>(
        self,
        names: &[&'static str; N],
        values: T,
    ) -> ObjectWriter<S> {
        self.write(|map| values.put(map, names))
    }

    /// Writes the members of `branch`, an object type, into this object.
    pub fn flatten<T: Serialize + ?Sized>(self, branch: &T) -> ObjectWriter<S> {
        self.write(|map| branch.serialize(Flatten(map)))
    }

    /// Runs `write` on the map unless an error came first, and keeps its
    /// error.
    fn write(
        mut self,
        write: impl FnOnce(&mut S::SerializeMap) -> Result<(), S::Error>,
    ) -> ObjectWriter<S> {
        if let Ok(map) = &mut self.map {
            if let Err(err) = write(map) {
                self.map = Err(err);
            }
        }
        self
    }

    /// Ends the object.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.map?.end()
    }
}

/// Writes an enum value as its wire name.
pub fn serialize_enum<T: crate::QapiEnum, S: Serializer>(
    value: &T,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(value.as_str())
}

/// Writes an object with no members.
pub fn serialize_empty<S: Serializer>(serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_map(Some(0))?.end()
}

/// A serializer that adds the members of an object to a map being written
/// (a union's branch to the union's object).  Anything but an object is an
/// error; generated code flattens only object types.
struct Flatten<'a, M>(&'a mut M);

fn not_an_object<E: ser::Error>() -> E {
    E::custom("a union branch must be an object")
}

/// `Serializer` methods that fail with `$err`: the methods for the values
/// a serializer below does not take.
macro_rules! reject {
    ($err:expr; $($method:ident($($arg:ident: $t:ty),*) -> $ok:ty;)*) => {$(
        fn $method(self, $($arg: $t),*) -> Result<$ok, Self::Error> {
            $(let _ = $arg;)*
            Err($err)
        }
    )*};
}

/// The methods of every value but `none`, `some`, newtype structs and maps,
/// which both serializers below reject.
macro_rules! reject_values {
    ($err:expr) => {
        reject! { $err;
            serialize_bool(v: bool) -> ();
            serialize_i8(v: i8) -> ();
            serialize_i16(v: i16) -> ();
            serialize_i32(v: i32) -> ();
            serialize_i64(v: i64) -> ();
            serialize_u8(v: u8) -> ();
            serialize_u16(v: u16) -> ();
            serialize_u32(v: u32) -> ();
            serialize_u64(v: u64) -> ();
            serialize_f32(v: f32) -> ();
            serialize_f64(v: f64) -> ();
            serialize_char(v: char) -> ();
            serialize_str(v: &str) -> ();
            serialize_bytes(v: &[u8]) -> ();
            serialize_unit() -> ();
            serialize_unit_struct(name: &'static str) -> ();
            serialize_unit_variant(name: &'static str, index: u32, variant: &'static str) -> ();
            serialize_seq(len: Option<usize>) -> Self::SerializeSeq;
            serialize_tuple(len: usize) -> Self::SerializeTuple;
            serialize_tuple_struct(name: &'static str, len: usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> Self::SerializeTupleVariant;
            serialize_struct(name: &'static str, len: usize) -> Self::SerializeStruct;
            serialize_struct_variant(name: &'static str, index: u32, variant: &'static str, len: usize) -> Self::SerializeStructVariant;
        }

        fn serialize_newtype_variant<T: Serialize + ?Sized>(
            self,
            _name: &'static str,
            _index: u32,
            _variant: &'static str,
            _value: &T,
        ) -> Result<Self::Ok, Self::Error> {
            Err($err)
        }
    };
}

impl<'a, M: SerializeMap> Serializer for Flatten<'a, M> {
    type Ok = ();
    type Error = M::Error;
    type SerializeSeq = Impossible<(), M::Error>;
    type SerializeTuple = Impossible<(), M::Error>;
    type SerializeTupleStruct = Impossible<(), M::Error>;
    type SerializeTupleVariant = Impossible<(), M::Error>;
    type SerializeMap = Self;
    type SerializeStruct = Impossible<(), M::Error>;
    type SerializeStructVariant = Impossible<(), M::Error>;

    fn serialize_map(self, _len: Option<usize>) -> Result<Self, M::Error> {
        Ok(self)
    }

    reject_values!(not_an_object());
    reject! { not_an_object();
        serialize_none() -> ();
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), M::Error> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        value.serialize(self)
    }
}

impl<'a, M: SerializeMap> SerializeMap for Flatten<'a, M> {
    type Ok = ();
    type Error = M::Error;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), M::Error> {
        self.0.serialize_key(key)
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), M::Error> {
        self.0.serialize_value(value)
    }

    fn serialize_entry<K: Serialize + ?Sized, V: Serialize + ?Sized>(
        &mut self,
        key: &K,
        value: &V,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(key, value)
    }

    fn end(self) -> Result<(), M::Error> {
        Ok(())
    }
}

/// Whether `value` is an absent optional member (`None`), which an
/// object leaves out.  (No other member type serializes as `none`: QAPI's
/// `null` and an `any` null serialize as `unit`.)
pub(super) fn is_absent<T: Serialize + ?Sized>(value: &T) -> bool {
    value.serialize(AbsentProbe).is_ok()
}

/// A serializer that succeeds only on `none`, and stops at the first call.
struct AbsentProbe;

/// What [`AbsentProbe`] found instead of `none`.
#[derive(Debug)]
struct Present;

impl std::fmt::Display for Present {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a value")
    }
}

impl std::error::Error for Present {}

impl ser::Error for Present {
    fn custom<T: std::fmt::Display>(_: T) -> Present {
        Present
    }
}

impl Serializer for AbsentProbe {
    type Ok = ();
    type Error = Present;
    type SerializeSeq = Impossible<(), Present>;
    type SerializeTuple = Impossible<(), Present>;
    type SerializeTupleStruct = Impossible<(), Present>;
    type SerializeTupleVariant = Impossible<(), Present>;
    type SerializeMap = Impossible<(), Present>;
    type SerializeStruct = Impossible<(), Present>;
    type SerializeStructVariant = Impossible<(), Present>;

    fn serialize_none(self) -> Result<(), Present> {
        Ok(())
    }

    reject_values!(Present);
    reject! { Present;
        serialize_map(len: Option<usize>) -> Self::SerializeMap;
    }

    fn serialize_some<T: Serialize + ?Sized>(self, _: &T) -> Result<(), Present> {
        Err(Present)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _: &T,
    ) -> Result<(), Present> {
        Err(Present)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    struct Branch;

    impl Serialize for Branch {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            ObjectWriter::new(s).put(&["b"], (&2,)).end()
        }
    }

    struct Union(Branch);

    impl Serialize for Union {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            ObjectWriter::new(s)
                .put(&["a", "c"], (&1, &None::<i64>))
                .flatten(&self.0)
                .end()
        }
    }

    #[test]
    fn a_branch_is_written_into_the_union() {
        assert_eq!(to_json(&Union(Branch)), Some(json!({"a": 1, "b": 2})));
    }

    struct NotAnObject;

    impl Serialize for NotAnObject {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            ObjectWriter::new(s).flatten(&5).end()
        }
    }

    #[test]
    fn only_none_is_absent() {
        assert!(is_absent(&None::<i64>));
        assert!(!is_absent(&Some(0)));
        assert!(!is_absent(&()));
        assert!(!is_absent(&crate::Null));
        assert!(!is_absent(&Value::Null));
        assert!(!is_absent(&json!({"a": 1})));
    }

    #[test]
    fn flattening_a_non_object_is_an_error() {
        let err = serde_json::to_value(NotAnObject).unwrap_err();
        assert_eq!(err.to_string(), "a union branch must be an object");
    }
}
