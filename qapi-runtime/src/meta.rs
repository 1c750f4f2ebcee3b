//! Static metadata that generated code provides about a schema: commands,
//! events and the introspection data of `query-qmp-schema`.

mod introspection;

pub use introspection::{IntroElement, IntroPart, Introspection};

use crate::{Cond, Lacks};

/// A feature of a definition or member, with its condition.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FeatureMeta {
    /// The feature's name (`deprecated`, `unstable`, or a user feature).
    pub name: &'static str,
    /// Its condition.
    pub cond: Option<Cond>,
}

/// A command's flags, as the schema gives them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CommandFlags {
    /// `false` for `'gen': false` (the handler is written by hand).
    pub gen: bool,
    /// `false` for `'success-response': false`.
    pub success_response: bool,
    /// The arguments are passed as one object.
    pub boxed: bool,
    /// May be executed out of band.
    pub allow_oob: bool,
    /// Available in preconfig state.
    pub allow_preconfig: bool,
    /// Runs in a coroutine.
    pub coroutine: bool,
}

impl CommandFlags {
    /// The flags of a command that sets none.
    pub const DEFAULT: CommandFlags = CommandFlags {
        gen: true,
        success_response: true,
        boxed: false,
        allow_oob: false,
        allow_preconfig: false,
        coroutine: false,
    };
}

impl Default for CommandFlags {
    fn default() -> CommandFlags {
        CommandFlags::DEFAULT
    }
}

/// What the schema says about a command.
#[derive(Clone, Copy, Debug)]
pub struct CommandMeta {
    /// The wire name.
    pub name: &'static str,
    /// The flags.
    pub flags: CommandFlags,
    /// The features.
    pub features: &'static [FeatureMeta],
    /// The condition.
    pub cond: Option<Cond>,
    /// Decodes arguments as the target set that `lacks` describes has
    /// them, for their errors alone: a command registered without a
    /// handler still checks them.
    pub check_args: fn(serde_json::Value, &Lacks) -> Result<(), crate::DecodeError>,
    /// Decodes a return value the same way, for its errors alone: what a
    /// client checks a reply with when it knows the command only by name.
    pub check_ret: fn(serde_json::Value, &Lacks) -> Result<(), crate::DecodeError>,
    /// Whether the return type reaches a part that depends on a condition,
    /// so that a reply must be checked against the target set.
    pub conditional_ret: bool,
}

/// What the schema says about an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventMeta {
    /// The wire name.
    pub name: &'static str,
    /// Whether the event carries `data`.
    pub has_data: bool,
    /// Whether the data's type reaches a part that depends on a condition,
    /// so that data must be checked against the target set.
    pub conditional_data: bool,
    /// The features.
    pub features: &'static [FeatureMeta],
    /// The condition.
    pub cond: Option<Cond>,
}

/// Everything a registry and an introspection service need about a
/// schema, generated once as static data.
#[derive(Clone, Copy, Debug)]
pub struct SchemaMeta {
    /// Commands, in schema order.
    pub commands: &'static [&'static CommandMeta],
    /// Events, in schema order.
    pub events: &'static [&'static EventMeta],
    /// The `query-qmp-schema` data.
    pub introspection: Introspection,
    /// The types with parts that depend on a condition.
    pub conditional: &'static [CondType],
}

/// A type whose enum values, object members, union branches or
/// alternatives depend on conditions: what a target set may lack of it.
#[derive(Clone, Copy, Debug)]
pub struct CondType {
    /// The type's QAPI name, which its `Deserialize` hands the decoder.
    pub name: &'static str,
    /// Its conditional parts, in schema order.
    pub parts: &'static [CondPart],
}

/// One conditional part of a type.
#[derive(Clone, Copy, Debug)]
pub struct CondPart {
    /// What it is.
    pub kind: PartKind,
    /// Its name: the value's, the member's, the branch's discriminator
    /// value, or the JSON type an alternative takes (`JsonType::name`).
    pub name: &'static str,
    /// The condition under which it exists.
    pub cond: Cond,
}

/// The kinds of conditional part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PartKind {
    /// An enum value.
    Value,
    /// An optional member.
    Member,
    /// A required member: an `Option` in Rust, since the member is not
    /// there where its condition fails.
    Required,
    /// A union branch; the discriminator member is named.
    Branch(&'static str),
    /// An alternate's alternative.
    Alternative,
}
