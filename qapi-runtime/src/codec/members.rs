//! An object type's members, written as tuples.
//!
//! A generated struct encodes with `ObjectWriter::put(&["a", "b"], (&self.a,
//! &self.b))`, a call per group of up to [`MAX_GROUP`] members, and decodes
//! with one call of [`super::deserialize_struct`], whose groups are tuples
//! too.  The member types come from the tuples, inferred from the struct's
//! fields, so the generated code names no type and has no statement per
//! member: the work is in the impls here and in [`super::visit`], compiled
//! once in this crate.

use serde::ser::{Serialize, SerializeMap};

use super::encode::is_absent;

/// The most members one tuple holds.  Larger structs use several groups.
pub const MAX_GROUP: usize = 16;

/// A tuple of references to `N` members, encoded together.
pub trait EncodeMembers<const N: usize> {
    /// Writes the members to `map` as `names`, in order, leaving out absent
    /// optional members.
    fn put<M: SerializeMap>(self, map: &mut M, names: &[&'static str; N]) -> Result<(), M::Error>;
}

macro_rules! tuples {
    ($($n:literal => ($($t:ident $i:tt),+);)*) => {$(
        impl<$($t: Serialize),+> EncodeMembers<$n> for ($(&$t,)+) {
            fn put<Out: SerializeMap>(self, map: &mut Out, names: &[&'static str; $n]) -> Result<(), Out::Error> {
                $(if !is_absent(self.$i) {
                    map.serialize_entry(names[$i], self.$i)?;
                })+
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
    use crate::codec::{deserialize_struct, to_json, Decode, ObjectWriter, Path};
    use serde::{Deserialize, Deserializer, Serializer};
    use serde_json::json;

    #[derive(Debug, PartialEq)]
    struct Abc(i64, Option<String>, Option<bool>);

    impl Serialize for Abc {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            ObjectWriter::new(s)
                .put(&["a", "b", "c"], (&self.0, &self.1, &self.2))
                .end()
        }
    }

    impl<'de> Deserialize<'de> for Abc {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let ((a, b, c),) = deserialize_struct(d, "", &["a", "b", "c"])?;
            Ok(Abc(a, b, c))
        }
    }

    #[test]
    fn members_by_type() {
        let abc = Abc::decode(json!({"b": "x", "a": 1}), &Path::Root).unwrap();
        assert_eq!(abc, Abc(1, Some("x".to_owned()), None));
        assert_eq!(to_json(&abc), Some(json!({"a": 1, "b": "x"})));
        // Any other deserializer: through JSON, with the same checks.
        assert_eq!(
            serde_json::from_str::<Abc>(r#"{"a": 1, "b": "x"}"#).unwrap(),
            abc
        );
        let err = serde_json::from_str::<Abc>(r#"{"b": "x", "d": 1}"#).unwrap_err();
        assert!(
            err.to_string().starts_with("Parameter 'a' is missing"),
            "{err}"
        );
    }

    #[test]
    fn first_error_in_member_order() {
        let err = Abc::decode(json!({"b": true, "d": 0}), &Path::Root).unwrap_err();
        assert_eq!(err.to_string(), "Parameter 'a' is missing");
        let err = Abc::decode(json!({"c": 1, "a": 0, "b": true}), &Path::Root).unwrap_err();
        assert_eq!(
            err.to_string(),
            "Invalid parameter type for 'b', expected: string"
        );
        let err = Abc::decode(json!({"a": 0, "d": 0}), &Path::Root).unwrap_err();
        assert_eq!(err.to_string(), "Parameter 'd' is unexpected");
    }
}
