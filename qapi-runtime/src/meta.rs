//! Static metadata that generated code provides about a schema: commands,
//! events and the introspection data of `query-qmp-schema`.

use crate::Cond;

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
    /// Decodes arguments, for their errors alone: a command registered
    /// without a handler still checks them.
    pub check_args: fn(serde_json::Value) -> Result<(), crate::DecodeError>,
}

/// What the schema says about an event.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventMeta {
    /// The wire name.
    pub name: &'static str,
    /// Whether the event carries `data`.
    pub has_data: bool,
    /// The features.
    pub features: &'static [FeatureMeta],
    /// The condition.
    pub cond: Option<Cond>,
}

/// The `query-qmp-schema` entries of a whole schema, with QEMU's
/// numbering, as static data.
///
/// `json` is a JSON array of entries in QEMU's order, each object's keys in
/// QEMU's insertion order.  Any array element that has a condition (an
/// entry, a member, an enum value, a branch, a feature) is written
/// `{"?": N, "=": element}`, where `N` indexes `conds`.
#[derive(Clone, Copy, Debug)]
pub struct Introspection {
    /// The entries.
    pub json: &'static str,
    /// The conditions the entries refer to.
    pub conds: &'static [Cond],
}

impl Introspection {
    /// The entries present where `defined` says which atoms are defined:
    /// each element whose condition fails is dropped, and the wrappers of
    /// the others are removed.
    pub fn evaluate(&self, defined: &dyn Fn(&str) -> bool) -> Vec<serde_json::Value> {
        // Generated data: parsing cannot fail.
        let value: serde_json::Value =
            serde_json::from_str(self.json).expect("generated introspection data is valid JSON");
        match self.resolve(value, defined) {
            Some(serde_json::Value::Array(entries)) => entries,
            _ => Vec::new(),
        }
    }

    /// `value` with its conditional elements resolved; `None` if it is
    /// itself a wrapped element whose condition fails.
    fn resolve(
        &self,
        value: serde_json::Value,
        defined: &dyn Fn(&str) -> bool,
    ) -> Option<serde_json::Value> {
        use serde_json::Value;
        match value {
            Value::Array(items) => Some(Value::Array(
                items
                    .into_iter()
                    .filter_map(|v| self.resolve(v, defined))
                    .collect(),
            )),
            Value::Object(mut members) => {
                if let (Some(index), Some(inner)) =
                    (members.get("?").and_then(Value::as_u64), members.get("="))
                {
                    let cond = self.conds.get(index as usize)?;
                    if !cond.eval(defined) {
                        return None;
                    }
                    let inner = inner.clone();
                    return self.resolve(inner, defined);
                }
                for (_, v) in members.iter_mut() {
                    let taken = std::mem::take(v);
                    *v = self.resolve(taken, defined).unwrap_or(Value::Null);
                }
                Some(Value::Object(members))
            }
            other => Some(other),
        }
    }
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
}
