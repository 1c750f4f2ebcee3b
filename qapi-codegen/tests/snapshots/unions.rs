// Generated from unions.json by qapi-codegen; do not edit.
#[doc(hidden)]
mod __qapi_schema {
    #![allow(warnings, deprecated, clippy::all, clippy::pedantic, rustdoc::all)]
    use ::qapi_runtime::__private as __q;
    ///QAPI enum `NodeKind`.
    pub enum NodeKind {
        Leaf,
        Pair,
        Empty,
    }
    impl __q::QapiEnum for NodeKind {
        const NAMES: &'static [&'static str] = &["leaf", "pair", "empty"];
        const VALUES: &'static [Self] = &[Self::Leaf, Self::Pair, Self::Empty];
        fn index(self) -> usize {
            self as usize
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
    }
    impl NodeBranch {
        /// The discriminator value this branch stands for.
        pub fn tag(&self) -> NodeKind {
            match *self {
                Self::Leaf(_) => NodeKind::Leaf,
                Self::Pair(_) => NodeKind::Pair,
                Self::Empty => NodeKind::Empty,
            }
        }
    }
    impl __q::Decode for Node {
        fn decode_fields(
            o: &mut __q::Object<'_>,
        ) -> __q::Result<Self, __q::DecodeError> {
            let (kind, name) = match __q::take_members(o, &["kind", "name"]) {
                __q::Ok(v) => v,
                __q::Err(e) => return __q::Err(e),
            };
            let branch = match kind {
                NodeKind::Leaf => NodeBranch::Leaf(__q::Decode::decode_fields(o)?),
                NodeKind::Pair => {
                    NodeBranch::Pair(__q::Box::new(__q::Decode::decode_fields(o)?))
                }
                NodeKind::Empty => NodeBranch::Empty,
            };
            __q::Ok(Self { name, branch })
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
    impl __q::Decode for NodeOrNull {
        fn decode(
            v: __q::Value,
            p: &__q::Path<'_>,
        ) -> __q::Result<Self, __q::DecodeError> {
            __q::Ok(
                match &v {
                    __q::Value::Object(_) => Self::Node(__q::Decode::decode(v, p)?),
                    __q::Value::String(_) => Self::Ref(__q::Decode::decode(v, p)?),
                    __q::Value::Null => Self::N(__q::Decode::decode(v, p)?),
                    _ => {
                        return __q::Err(
                            __q::DecodeError::no_alternative(p, "NodeOrNull"),
                        );
                    }
                },
            )
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
    impl __q::Decode for __q::Box<Node> {
        fn decode(
            v: __q::Value,
            p: &__q::Path<'_>,
        ) -> __q::Result<Self, __q::DecodeError> {
            __q::Decode::decode(v, p).map(__q::Box::new)
        }
    }
    __q::__impl_struct_codec!(
        Leaf["value" value], Pair["left" left, "right" right], Holder["maybe" maybe]
    );
    __q::__impl_debug_eq!(Leaf, Pair, Node, NodeOrNull, Holder);
    __q::__impl_enum_codec!(NodeKind);
    __q::__impl_deserialize!(NodeKind, Leaf, Pair, Node, NodeOrNull, Holder);
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
            json: r#"[]"#,
            conds: &[],
        },
    };
}
pub use __qapi_schema::{
    commands, events, SCHEMA, NodeKind, Leaf, Pair, Node, NodeBranch, NodeOrNull, Holder,
};
