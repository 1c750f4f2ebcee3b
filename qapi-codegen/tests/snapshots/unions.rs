// Generated from unions.json by qapi-codegen; do not edit.
#[doc(hidden)]
mod __qapi_schema {
    #![allow(warnings, deprecated, clippy::all, clippy::pedantic, rustdoc::all)]
    use ::qapi_runtime::__private as __q;
    ///QAPI enum `NodeKind`.
    #[derive(Clone, PartialEq, Eq, Hash)]
    pub enum NodeKind {
        Leaf,
        Pair,
        Empty,
        /// A value this schema does not have, from a newer peer
        /// (only tolerant decoding makes it).
        Unknown(__q::UnknownValue),
    }
    impl __q::QapiEnum for NodeKind {
        const NAMES: &'static [&'static str] = &["leaf", "pair", "empty"];
        const VALUES: &'static [Self] = &[Self::Leaf, Self::Pair, Self::Empty];
        fn as_str(&self) -> &str {
            match self {
                Self::Leaf => "leaf",
                Self::Pair => "pair",
                Self::Empty => "empty",
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
    ///QAPI struct `Leaf`.
    #[derive(Clone)]
    pub struct Leaf {
        pub value: i64,
    }
    ///QAPI struct `Pair`.
    #[derive(Clone)]
    pub struct Pair {
        pub left: __q::Box<Node>,
        pub right: __q::Option<__q::Box<Node>>,
    }
    ///QAPI union `Node`.
    #[derive(Clone)]
    pub struct Node {
        pub name: __q::Option<__q::String>,
        /// The branch, which decides the discriminator.
        pub branch: NodeBranch,
    }
    #[derive(Clone, Debug, PartialEq)]
    pub enum NodeBranch {
        Leaf(Leaf),
        Pair(__q::Box<Pair>),
        Empty,
        /// The branch of a discriminator value this schema does not
        /// have, from a newer peer (only tolerant decoding makes it).
        Unknown(__q::UnknownBranch),
    }
    impl NodeBranch {
        /// The discriminator value this branch stands for.
        pub fn tag(&self) -> NodeKind {
            match *self {
                Self::Leaf(_) => NodeKind::Leaf,
                Self::Pair(_) => NodeKind::Pair,
                Self::Empty => NodeKind::Empty,
                Self::Unknown(ref b) => NodeKind::Unknown(b.tag().clone()),
            }
        }
    }
    impl<'de> __q::Deserialize<'de> for Node {
        fn deserialize<D: __q::Deserializer<'de>>(d: D) -> __q::Result<Self, D::Error> {
            let (((name,),), branch) = match __q::deserialize_union(
                d,
                "",
                &["kind", "name", __q::BRANCH],
                0,
            ) {
                __q::Ok(v) => v,
                __q::Err(e) => return __q::Err(e),
            };
            __q::Ok(Self { name, branch })
        }
    }
    impl __q::Branch for NodeBranch {
        type Tag = NodeKind;
        fn deserialize_branch<'de, D: __q::Deserializer<'de>>(
            tag: NodeKind,
            d: D,
        ) -> __q::Result<Self, D::Error> {
            match tag {
                NodeKind::Leaf => __q::Deserialize::deserialize(d).map(Self::Leaf),
                NodeKind::Pair => __q::Deserialize::deserialize(d).map(Self::Pair),
                NodeKind::Empty => {
                    <__q::Empty as __q::Deserialize>::deserialize(d).map(|_| Self::Empty)
                }
                NodeKind::Unknown(tag) => {
                    __q::deserialize_unknown_branch(tag, d).map(Self::Unknown)
                }
            }
        }
    }
    impl __q::Serialize for Node {
        fn serialize<S: __q::Serializer>(&self, s: S) -> __q::Result<S::Ok, S::Error> {
            let o = __q::ObjectWriter::new(s)
                .put(&["kind", "name"], (&self.branch.tag(), &self.name));
            let o = match self.branch {
                NodeBranch::Leaf(ref v) => o.flatten(v),
                NodeBranch::Pair(ref v) => o.flatten(v),
                NodeBranch::Empty => o,
                NodeBranch::Unknown(ref v) => o.flatten(v.members()),
            };
            o.end()
        }
    }
    ///QAPI alternate `NodeOrNull`.
    #[derive(Clone)]
    pub enum NodeOrNull {
        Node(Node),
        Ref(__q::String),
        N(__q::Null),
    }
    impl __q::Alternate for NodeOrNull {
        const NAME: &'static str = "NodeOrNull";
        fn deserialize_as<'de, D: __q::Deserializer<'de>>(
            json: __q::JsonType,
            d: D,
        ) -> __q::Result<Self, D::Error> {
            match json {
                __q::JsonType::Object => __q::Deserialize::deserialize(d).map(Self::Node),
                __q::JsonType::Str => __q::Deserialize::deserialize(d).map(Self::Ref),
                __q::JsonType::Null => __q::Deserialize::deserialize(d).map(Self::N),
                _ => __q::Err(__q::no_alternative(json, Self::NAME)),
            }
        }
    }
    impl<'de> __q::Deserialize<'de> for NodeOrNull {
        fn deserialize<D: __q::Deserializer<'de>>(d: D) -> __q::Result<Self, D::Error> {
            __q::deserialize_alternate(d)
        }
    }
    impl __q::Serialize for NodeOrNull {
        fn serialize<S: __q::Serializer>(&self, s: S) -> __q::Result<S::Ok, S::Error> {
            match *self {
                Self::Node(ref v) => __q::Serialize::serialize(v, s),
                Self::Ref(ref v) => __q::Serialize::serialize(v, s),
                Self::N(ref v) => __q::Serialize::serialize(v, s),
            }
        }
    }
    ///QAPI struct `Holder`.
    #[derive(Clone, Default)]
    pub struct Holder {
        pub maybe: __q::Option<NodeOrNull>,
    }
    __q::__impl_struct_codec!(
        Leaf ""["value" value], Pair ""["left" left, "right" right], Holder ""["maybe"
        maybe]
    );
    __q::__impl_debug_eq!(Leaf, Pair, Node, NodeOrNull, Holder);
    __q::__impl_enum_codec!(NodeKind "");
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
        conditional: &[],
    };
}
pub use __qapi_schema::{
    commands, events, SCHEMA, NodeKind, Leaf, Pair, Node, NodeBranch, NodeOrNull, Holder,
};
