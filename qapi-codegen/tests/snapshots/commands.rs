// Generated from commands.json by qapi-codegen; do not edit.
#[doc(hidden)]
mod __qapi_schema {
    #![allow(warnings, deprecated, clippy::all, clippy::pedantic, rustdoc::all)]
    use ::qapi_runtime::__private as __q;
    ///QAPI struct `Options`.
    #[derive(Clone)]
    pub struct Options {
        pub verbose: bool,
    }
    __q::__impl_struct_codec!(Options ""["verbose" verbose]);
    __q::__impl_debug_eq!(Options);
    /// The schema's commands: one type per command, holding its
    /// arguments.
    pub mod commands {
        use super::__q;
        ///QAPI command `ping`.
        pub struct Ping;
        impl __q::Command for Ping {
            type Ret = __q::Empty;
            const META: &'static __q::CommandMeta = &__q::CommandMeta {
                name: "ping",
                flags: __q::CommandFlags::DEFAULT,
                features: &[],
                cond: __q::None,
                check_args: __q::check_decodes::<Ping>,
                check_ret: __q::check_decodes::<<Ping as __q::Command>::Ret>,
                conditional_ret: false,
            };
        }
        /**Sets the speed; [`SPEED_CHANGED`](super::events::SpeedChanged) follows.

**Returns:** the [`Options`](super::Options) in effect

**Available only if** `CONFIG_SPEED`.*/
        #[derive(Clone)]
        pub struct SetSpeed {
            ///the new speed
            pub speed: u32,
            ///its unit
            pub unit: __q::Option<__q::String>,
        }
        impl __q::Command for SetSpeed {
            type Ret = super::Options;
            const META: &'static __q::CommandMeta = &__q::CommandMeta {
                name: "set-speed",
                flags: __q::CommandFlags {
                    allow_preconfig: true,
                    ..__q::CommandFlags::DEFAULT
                },
                features: &[],
                cond: __q::Some(__q::Cond::Atom("CONFIG_SPEED")),
                check_args: __q::check_decodes::<SetSpeed>,
                check_ret: __q::check_decodes::<<SetSpeed as __q::Command>::Ret>,
                conditional_ret: false,
            };
        }
        /**QAPI command `configure`.

**Features:**

- `unstable`*/
        #[derive(Clone)]
        pub struct Configure(pub super::Options);
        impl __q::Serialize for Configure {
            fn serialize<S: __q::Serializer>(
                &self,
                s: S,
            ) -> __q::Result<S::Ok, S::Error> {
                __q::Serialize::serialize(&self.0, s)
            }
        }
        impl<'de> __q::Deserialize<'de> for Configure {
            fn deserialize<D: __q::Deserializer<'de>>(
                d: D,
            ) -> __q::Result<Self, D::Error> {
                __q::Deserialize::deserialize(d).map(Self)
            }
        }
        impl __q::Command for Configure {
            type Ret = __q::Empty;
            const META: &'static __q::CommandMeta = &__q::CommandMeta {
                name: "configure",
                flags: __q::CommandFlags {
                    boxed: true,
                    ..__q::CommandFlags::DEFAULT
                },
                features: &[
                    __q::FeatureMeta {
                        name: "unstable",
                        cond: __q::None,
                    },
                ],
                cond: __q::None,
                check_args: __q::check_decodes::<Configure>,
                check_ret: __q::check_decodes::<<Configure as __q::Command>::Ret>,
                conditional_ret: false,
            };
        }
        ///QAPI command `list-things`.
        pub struct ListThings;
        impl __q::Command for ListThings {
            type Ret = __q::Vec<super::Options>;
            const META: &'static __q::CommandMeta = &__q::CommandMeta {
                name: "list-things",
                flags: __q::CommandFlags {
                    allow_oob: true,
                    ..__q::CommandFlags::DEFAULT
                },
                features: &[],
                cond: __q::None,
                check_args: __q::check_decodes::<ListThings>,
                check_ret: __q::check_decodes::<<ListThings as __q::Command>::Ret>,
                conditional_ret: false,
            };
        }
        __q::__impl_struct_codec!(SetSpeed ""["speed" speed, "unit" unit]);
        __q::__impl_debug_eq!(SetSpeed, Configure);
        __q::__impl_unit_codec!(Ping, ListThings);
    }
    /// The schema's events: one type per event, holding its data.
    pub mod events {
        use super::__q;
        ///QAPI event `STARTED`.
        pub struct Started;
        impl __q::Event for Started {
            const META: &'static __q::EventMeta = &__q::EventMeta {
                name: "STARTED",
                has_data: false,
                conditional_data: false,
                features: &[],
                cond: __q::None,
            };
        }
        ///QAPI event `SPEED_CHANGED`.
        #[derive(Clone)]
        pub struct SpeedChanged {
            pub speed: u32,
        }
        impl __q::Event for SpeedChanged {
            const META: &'static __q::EventMeta = &__q::EventMeta {
                name: "SPEED_CHANGED",
                has_data: true,
                conditional_data: false,
                features: &[],
                cond: __q::None,
            };
        }
        /// Any event of the schema.
        #[derive(Clone, Debug, PartialEq)]
        pub enum AnyEvent {
            Started(Started),
            SpeedChanged(SpeedChanged),
        }
        impl AnyEvent {
            /// The wire names of all events, in schema order.
            pub const NAMES: &'static [&'static str] = &["STARTED", "SPEED_CHANGED"];
            /// The event's wire name.
            pub fn name(&self) -> &'static str {
                match *self {
                    Self::Started(_) => "STARTED",
                    Self::SpeedChanged(_) => "SPEED_CHANGED",
                }
            }
            /// The event's `data`, if it has any.
            pub fn data(&self) -> __q::Option<__q::Value> {
                match *self {
                    Self::Started(_) => __q::None,
                    Self::SpeedChanged(ref e) => __q::to_json(e),
                }
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
                    "STARTED" => {
                        __q::Some(
                            __q::Decode::decode_for(data, &__q::Path::Root, lacks)
                                .map(Self::Started),
                        )
                    }
                    "SPEED_CHANGED" => {
                        __q::Some(
                            __q::Decode::decode_for(data, &__q::Path::Root, lacks)
                                .map(Self::SpeedChanged),
                        )
                    }
                    _ => __q::None,
                }
            }
        }
        __q::__impl_struct_codec!(SpeedChanged ""["speed" speed]);
        __q::__impl_debug_eq!(SpeedChanged);
        __q::__impl_unit_codec!(Started);
    }
    /// Commands, events and introspection data of the schema.
    pub static SCHEMA: __q::SchemaMeta = __q::SchemaMeta {
        commands: &[
            <commands::Ping as __q::Command>::META,
            <commands::SetSpeed as __q::Command>::META,
            <commands::Configure as __q::Command>::META,
            <commands::ListThings as __q::Command>::META,
        ],
        events: &[
            <events::Started as __q::Event>::META,
            <events::SpeedChanged as __q::Event>::META,
        ],
        introspection: __q::Introspection {
            entries: &[
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "ping", "ret-type": "0", "meta-type": "command", "arg-type": "0"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::Some(0u16),
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "set-speed", "ret-type": "2", "meta-type": "command", "arg-type": "1"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "configure", "ret-type": "0", "meta-type": "command", "arg-type": "2", "features": ["unstable"]}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "list-things", "ret-type": "[2]", "allow-oob": true, "meta-type": "command", "arg-type": "0"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "STARTED", "meta-type": "event", "arg-type": "0"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "SPEED_CHANGED", "meta-type": "event", "arg-type": "3"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "0", "members": [], "meta-type": "object"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::Some(0u16),
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "1", "members": [{"name": "speed", "type": "int"}, {"name": "unit", "default": null, "type": "str"}], "meta-type": "object"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "2", "members": [{"name": "verbose", "type": "bool"}], "meta-type": "object"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "[2]", "element-type": "2", "meta-type": "array"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "3", "members": [{"name": "speed", "type": "int"}], "meta-type": "object"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "int", "json-type": "int", "meta-type": "builtin"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "str", "json-type": "string", "meta-type": "builtin"}"#,
                        ),
                    ],
                },
                __q::IntroElement {
                    cond: __q::None,
                    parts: &[
                        __q::IntroPart::Text(
                            r#"{"name": "bool", "json-type": "boolean", "meta-type": "builtin"}"#,
                        ),
                    ],
                },
            ],
            conds: &[__q::Cond::Atom("CONFIG_SPEED")],
        },
        conditional: &[],
    };
}
pub use __qapi_schema::{commands, events, SCHEMA, Options};
