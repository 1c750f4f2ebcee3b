// Generated from types.json by qapi-codegen; do not edit.
#[doc(hidden)]
mod __qapi_schema {
    #![allow(warnings, deprecated, clippy::all, clippy::pedantic, rustdoc::all)]
    use ::qapi_runtime::__private as __q;
    /**A color.

**Since:** 1.0*/
    #[derive(Clone, PartialEq, Eq, Hash)]
    pub enum Color {
        ///the color of blood
        Red,
        ///the color of grass
        Green,
        /**only on some builds

**Available only if** `CONFIG_BLUE`.*/
        Blue,
        /// A value this schema does not have, from a newer peer
        /// (only tolerant decoding makes it).
        Unknown(__q::UnknownValue),
    }
    impl __q::QapiEnum for Color {
        const NAMES: &'static [&'static str] = &["red", "green", "blue"];
        const VALUES: &'static [Self] = &[Self::Red, Self::Green, Self::Blue];
        fn as_str(&self) -> &str {
            match self {
                Self::Red => "red",
                Self::Green => "green",
                Self::Blue => "blue",
                Self::Unknown(v) => v.as_str(),
            }
        }
        fn unknown(v: __q::UnknownValue) -> Self {
            Self::Unknown(v)
        }
        fn as_unknown(&self) -> __q::Option<&__q::UnknownValue> {
            match self {
                Self::Unknown(v) => __q::Some(v),
                _ => __q::None,
            }
        }
    }
    ///QAPI struct `Base`.
    #[derive(Clone)]
    pub struct Base {
        pub id: i64,
    }
    /**A shape on the canvas.

**Note:** `points` are in canvas
coordinates, see \<unit>.

**Example: A triangle**

```text
-> { "color": "red", "points": [ ... ] }
```*/
    #[derive(Clone)]
    pub struct Shape {
        pub id: i64,
        ///its color
        pub color: Color,
        ///the corners, each a [`Point`](Point)
        pub points: __q::Vec<Point>,
        ///what it says
        pub label: __q::Option<__q::String>,
        ///a keyword as a member name
        pub r#type: u8,
        /**replaced by `label`

**Features:**

- `deprecated`: use something else*/
        #[deprecated]
        pub old: __q::Option<u64>,
    }
    ///QAPI struct `Point`.
    #[derive(Clone)]
    pub struct Point {
        pub x: f64,
        pub y: f64,
        pub extra: __q::Option<__q::Value>,
    }
    __q::__impl_struct_codec!(
        Base ""["id" id], Shape ""["id" id, "color" color, "points" points, "label"
        label, "type" r#type, "old" old], Point ""["x" x, "y" y, "extra" extra]
    );
    __q::__impl_debug_eq!(Base, Shape, Point);
    __q::__impl_enum_codec!(Color "Color");
    /// The schema's commands: one type per command, holding its
    /// arguments.
    pub mod commands {
        use super::__q;
    }
    /// The schema's events: one type per event, holding its data.
    pub mod events {
        use super::__q;
        /// Any event of the schema.
        #[derive(Clone, Debug, PartialEq)]
        pub enum AnyEvent {}
        impl AnyEvent {
            /// The wire names of all events, in schema order.
            pub const NAMES: &'static [&'static str] = &[];
            /// The event's wire name.
            pub fn name(&self) -> &'static str {
                match *self {}
            }
            /// The event's `data`, if it has any.
            pub fn data(&self) -> __q::Option<__q::Value> {
                match *self {}
            }
            /// Reads an event from its wire name and `data` (an empty object
            /// when the message has none); `None` for a name the schema does
            /// not have.
            pub fn decode(
                name: &str,
                data: __q::Value,
            ) -> __q::Option<__q::Result<Self, __q::DecodeError>> {
                <Self as __q::EventSet>::decode_for(name, data, __q::Lacks::none())
            }
        }
        impl __q::EventSet for AnyEvent {
            fn name(&self) -> &'static str {
                AnyEvent::name(self)
            }
            fn decode_for(
                name: &str,
                data: __q::Value,
                lacks: &__q::Lacks,
            ) -> __q::Option<__q::Result<Self, __q::DecodeError>> {
                match name {
                    _ => __q::None,
                }
            }
        }
    }
    /// Commands, events and introspection data of the schema.
    pub static SCHEMA: __q::SchemaMeta = __q::SchemaMeta {
        commands: &[],
        events: &[],
        introspection: __q::Introspection {
            entries: &[],
            conds: &[],
        },
        conditional: &[
            __q::CondType {
                name: "Color",
                parts: &[
                    __q::CondPart {
                        kind: __q::PartKind::Value,
                        name: "blue",
                        cond: __q::Cond::Atom("CONFIG_BLUE"),
                    },
                ],
            },
        ],
    };
}
pub use __qapi_schema::{commands, events, SCHEMA, Color, Base, Shape, Point};
