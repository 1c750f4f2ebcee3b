//! Macros that write the repetitive impls of generated types, so that the
//! expansion of a large schema stays small.  Not a stable API.

/// `Deserialize` and `Serialize` of structs, each given as its name, its
/// key for the decoder (the QAPI name of a type with conditional members,
/// else empty), and its members in groups of up to
/// [`crate::codec::MAX_GROUP`]: `Name "key" ["wire-a" field_a, "wire-b"
/// field_b] [..]`.  Members decode
/// and encode as tuples, group by group (see
/// [`crate::codec::deserialize_struct`]).
#[macro_export]
#[doc(hidden)]
macro_rules! __impl_struct_codec {
    ($($t:ident $key:literal $([$($wire:literal $field:ident),*])*),* $(,)?) => {$(
        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                let ($(($($field,)*),)*) = match $crate::__private::deserialize_struct(d, $key, &[$($($wire),*),*]) {
                    ::core::result::Result::Ok(v) => v,
                    ::core::result::Result::Err(e) => return ::core::result::Result::Err(e),
                };
                ::core::result::Result::Ok(Self { $($($field,)*)* })
            }
        }
        impl $crate::__private::Serialize for $t {
            fn serialize<S: $crate::__private::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::ObjectWriter::new(s)$(.put(&[$($wire),*], ($(&self.$field,)*)))*.end()
            }
        }
    )*};
}

/// `Debug` and `PartialEq` through the QAPI JSON encoding.
#[macro_export]
#[doc(hidden)]
macro_rules! __impl_debug_eq {
    ($($t:ty),* $(,)?) => {$(
        impl ::core::fmt::Debug for $t {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                $crate::__private::debug_json(self, f)
            }
        }
        impl ::core::cmp::PartialEq for $t {
            fn eq(&self, other: &Self) -> bool {
                $crate::__private::json_eq(self, other)
            }
        }
    )*};
}

/// `Serialize` and `Deserialize` for enums, by wire name, and `Debug`: the
/// wire name, or `Unknown("name")` for a value the schema does not have.
/// Written here rather than derived, as that costs less to compile in
/// every build of the user's crate.  Each enum is followed by its key for
/// the decoder: its QAPI name if it has conditional values, else empty
/// (`Name "key"`).
#[macro_export]
#[doc(hidden)]
macro_rules! __impl_enum_codec {
    ($($t:ident $key:literal),* $(,)?) => {$(
        impl ::core::fmt::Debug for $t {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                match $crate::QapiEnum::as_unknown(self) {
                    ::core::option::Option::Some(v) => f.debug_tuple("Unknown").field(v).finish(),
                    ::core::option::Option::None => f.write_str($crate::QapiEnum::as_str(self)),
                }
            }
        }
        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize_enum(self, s)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                $crate::__private::deserialize_enum(d, $key)
            }
        }
    )*};
}

/// The traits of unit structs (commands and events without arguments or
/// data): the codec of an object with no members, and `Clone`, `Debug` and
/// `PartialEq`, written here rather than derived, as that costs less to
/// compile.
#[macro_export]
#[doc(hidden)]
macro_rules! __impl_unit_codec {
    ($($t:ident),* $(,)?) => {$(
        impl ::core::clone::Clone for $t {
            fn clone(&self) -> Self {
                $t
            }
        }
        impl ::core::fmt::Debug for $t {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(::core::stringify!($t))
            }
        }
        impl ::core::cmp::PartialEq for $t {
            fn eq(&self, _: &Self) -> bool {
                true
            }
        }
        impl $crate::__private::serde::Serialize for $t {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::core::result::Result<S::Ok, S::Error> {
                $crate::__private::serialize_empty(s)
            }
        }
        impl<'de> $crate::__private::serde::Deserialize<'de> for $t {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::core::result::Result<Self, D::Error> {
                <$crate::Empty as $crate::__private::serde::Deserialize<'de>>::deserialize(d).map(|_| $t)
            }
        }
    )*};
}
