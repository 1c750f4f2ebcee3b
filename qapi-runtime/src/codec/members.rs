//! An object type's members, read and written as tuples.
//!
//! A generated struct decodes with one call per group of up to
//! [`MAX_GROUP`] members, `let (a, b) = take_members(o, &["a", "b"])?`, and
//! encodes with `ObjectWriter::put(&["a", "b"], (&self.a, &self.b))`.  The
//! member types come from the tuple, inferred from the struct's fields, so
//! the generated code names no type and has no statement per member: the
//! work is in the impls below, compiled once in this crate.

use serde::ser::{Serialize, SerializeMap};

use super::{Decode, DecodeError, DecodeErrorKind, Object};

/// The most members one tuple holds.  Larger structs use several groups.
pub const MAX_GROUP: usize = 16;

/// The Rust type of an object member: `Option<T>` for an optional member,
/// `T` for a required one.  (A required member's type is never an
/// `Option`: QAPI's `null` and alternates have types of their own.)
pub trait Member: Sized {
    /// Takes member `name` out of `object`.
    fn take(object: &mut Object<'_>, name: &'static str) -> Result<Self, DecodeError>;

    /// Writes this value to `map` as member `name`, unless it is absent.
    fn put<M: SerializeMap>(&self, map: &mut M, name: &'static str) -> Result<(), M::Error>;
}

impl<T: Serialize + Decode> Member for T {
    fn take(object: &mut Object<'_>, name: &'static str) -> Result<T, DecodeError> {
        let path = object.path.member(name);
        match object.take(name) {
            Some(value) => T::decode(value, &path),
            None => Err(DecodeError::new(&path, DecodeErrorKind::Missing)),
        }
    }

    fn put<M: SerializeMap>(&self, map: &mut M, name: &'static str) -> Result<(), M::Error> {
        map.serialize_entry(name, self)
    }
}

/// An explicit `null` is present: it is decoded as `T`, which accepts it
/// only if `T` can be null.
impl<T: Serialize + Decode> Member for Option<T> {
    fn take(object: &mut Object<'_>, name: &'static str) -> Result<Option<T>, DecodeError> {
        let path = object.path.member(name);
        object
            .take(name)
            .map(|value| T::decode(value, &path))
            .transpose()
    }

    fn put<M: SerializeMap>(&self, map: &mut M, name: &'static str) -> Result<(), M::Error> {
        match self {
            Some(value) => value.put(map, name),
            None => Ok(()),
        }
    }
}

/// A tuple of `N` members, decoded together.
pub trait DecodeMembers<const N: usize>: Sized {
    /// Takes the members called `names`, in order.
    fn take(object: &mut Object<'_>, names: &[&'static str; N]) -> Result<Self, DecodeError>;
}

/// A tuple of references to `N` members, encoded together.
pub trait EncodeMembers<const N: usize> {
    /// Writes the members to `map` as `names`, in order.
    fn put<M: SerializeMap>(self, map: &mut M, names: &[&'static str; N]) -> Result<(), M::Error>;
}

/// Decodes members `names` of `object` (in order, so that the first error
/// is QEMU's).
pub fn take_members<T: DecodeMembers<N>, const N: usize>(
    object: &mut Object<'_>,
    names: &[&'static str; N],
) -> Result<T, DecodeError> {
    T::take(object, names)
}

macro_rules! tuples {
    ($($n:literal => ($($t:ident $i:tt),+);)*) => {$(
        impl<$($t: Member),+> DecodeMembers<$n> for ($($t,)+) {
            fn take(object: &mut Object<'_>, names: &[&'static str; $n]) -> Result<Self, DecodeError> {
                Ok(($($t::take(object, names[$i])?,)+))
            }
        }

        impl<$($t: Member),+> EncodeMembers<$n> for ($(&$t,)+) {
            fn put<Out: SerializeMap>(self, map: &mut Out, names: &[&'static str; $n]) -> Result<(), Out::Error> {
                $(self.$i.put(map, names[$i])?;)+
                Ok(())
            }
        }
    )*};
}

tuples! {
    1 => (A 0);
    2 => (A 0, B 1);
    3 => (A 0, B 1, C 2);
    4 => (A 0, B 1, C 2, D 3);
    5 => (A 0, B 1, C 2, D 3, E 4);
    6 => (A 0, B 1, C 2, D 3, E 4, F 5);
    7 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6);
    8 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
    9 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8);
    10 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9);
    11 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10);
    12 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11);
    13 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12);
    14 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13);
    15 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14);
    16 => (A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7, I 8, J 9, K 10, L 11, M 12, N 13, O 14, P 15);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{to_json, ObjectWriter, Path};
    use serde::Serializer;
    use serde_json::json;

    #[test]
    fn members_by_type() {
        let mut object = Object::new(json!({"b": "x", "a": 1}), &Path::Root).unwrap();
        let (a, b, c): (i64, Option<String>, Option<bool>) =
            take_members(&mut object, &["a", "b", "c"]).unwrap();
        assert_eq!((a, b.as_deref(), c), (1, Some("x"), None));
        object.finish().unwrap();

        struct Abc(i64, Option<String>, Option<bool>);
        impl Serialize for Abc {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ObjectWriter::new(s)
                    .put(&["a", "b", "c"], (&self.0, &self.1, &self.2))
                    .end()
            }
        }
        assert_eq!(to_json(&Abc(a, b, c)), Some(json!({"a": 1, "b": "x"})));
    }

    #[test]
    fn first_error_in_member_order() {
        let mut object = Object::new(json!({"b": true}), &Path::Root).unwrap();
        let err = take_members::<(i64, Option<i64>), 2>(&mut object, &["a", "b"])
            .err()
            .unwrap();
        assert_eq!(err.to_string(), "Parameter 'a' is missing");
    }
}
