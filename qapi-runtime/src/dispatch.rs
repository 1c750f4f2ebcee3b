//! Typed command handlers and the client side of executing a command.
//!
//! A [`Registry`] holds one handler per command, each typed by the
//! generated command type: the compiler checks that a handler takes the
//! command's arguments and returns its return type.  [`Registry::call`]
//! decodes the arguments (with QEMU's messages on failure), runs the
//! handler and encodes the result.
//!
//! A registry built for a target set decodes arguments as that set's
//! binary does: an enum value, object member, union branch or alternative
//! the set lacks is rejected where and as the binary rejects it.  A
//! handler's typed return value is checked the same way before it is sent,
//! for commands whose return type has conditional parts: a value the set
//! lacks (an enum value, or a member) is an error reply, since no binary of
//! the set could send it.  A reply given already as a [`Reply`] is sent as
//! it is.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use serde_json::Value;

use crate::codec::{to_json, Decode, DecodeError, Path};
use crate::lacks::NotInTarget;
use crate::meta::{CommandMeta, SchemaMeta};
use crate::target::holds_for_some;
use crate::{Command, Lacks, TargetSet};

/// Why a command failed, as QMP reports it: an error class and a
/// human-readable description.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommandError {
    /// The QMP error class (`GenericError`, `CommandNotFound`, ...).
    pub class: &'static str,
    /// The description.
    pub desc: String,
}

impl CommandError {
    /// A `GenericError`, QMP's usual class.
    pub fn generic(desc: impl Into<String>) -> CommandError {
        CommandError {
            class: "GenericError",
            desc: desc.into(),
        }
    }
}

impl fmt::Display for CommandError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.desc)
    }
}

impl std::error::Error for CommandError {}

impl From<NotInTarget> for CommandError {
    fn from(err: NotInTarget) -> CommandError {
        CommandError::generic(err.0)
    }
}

impl From<DecodeError> for CommandError {
    fn from(err: DecodeError) -> CommandError {
        CommandError::generic(err.to_string())
    }
}

/// The error for a value that has no JSON form.  Generated types always
/// have one; a hand-written `Serialize` might not.
fn unserializable(command: &str) -> CommandError {
    CommandError::generic(format!(
        "The value of command {command} cannot be written as JSON"
    ))
}

/// The reply of command `C` whose handler returned `ret`: its JSON,
/// checked against the target set that `lacks` describes (see the
/// module's documentation).
pub(crate) fn encode_ret<C: Command>(ret: &C::Ret, lacks: &Lacks) -> Result<Reply, CommandError> {
    let json = to_json(ret).ok_or_else(|| unserializable(C::NAME))?;
    if C::META.conditional_ret && !lacks.is_empty() {
        lacks.check::<C::Ret>(&format!("reply of command {}", C::NAME), &json)?;
    }
    Ok(Reply::Value(json))
}

/// What a handler gives: a value, or JSON text already rendered the way
/// QMP writes it (for large replies computed once, such as
/// `query-qmp-schema`).
#[derive(Clone, Debug, PartialEq)]
pub enum Reply {
    /// A value, written when the reply is sent.
    Value(Value),
    /// Rendered JSON.
    Json(Arc<str>),
}

type Erased = Box<dyn Fn(Value, &Lacks) -> Result<Reply, CommandError> + Send + Sync>;

pub(crate) struct Entry {
    meta: Option<&'static CommandMeta>,
    handler: Option<Erased>,
}

/// The commands that exist, in registration order, and their handlers.
///
/// Built for a target set, a registry has exactly the commands whose
/// condition holds there; a command without a handler still checks its
/// arguments and then answers that it is not implemented.
#[derive(Default)]
pub struct Registry {
    entries: HashMap<&'static str, Entry>,
    order: Vec<&'static str>,
    /// Built for a target: handlers of commands it lacks are dropped.
    restricted: bool,
    /// What the target set lacks of the schema's types.
    lacks: Lacks,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// The commands of `schema` that exist for `targets` (whose condition
    /// holds for some target of the set, as in [`Targets`](crate::Targets),
    /// which derefs to this slice), registered in schema order
    /// (`registered_last` names commands that the application registers
    /// after the generated ones, as QEMU does with `device_add`).
    pub fn for_target(
        schema: &SchemaMeta,
        targets: &[TargetSet],
        registered_last: &[&str],
    ) -> Registry {
        let mut registry = Registry {
            restricted: true,
            lacks: Lacks::of(schema, targets),
            ..Registry::default()
        };
        let present: Vec<&'static CommandMeta> = schema
            .commands
            .iter()
            .copied()
            .filter(|c| c.cond.is_none_or(|c| holds_for_some(targets, &c)))
            .collect();
        let (last, first): (Vec<&CommandMeta>, Vec<&CommandMeta>) = present
            .into_iter()
            .partition(|c| registered_last.contains(&c.name));
        for meta in first.into_iter().chain(last) {
            registry.entries.insert(
                meta.name,
                Entry {
                    meta: Some(meta),
                    handler: None,
                },
            );
            registry.order.push(meta.name);
        }
        registry
    }

    /// Registers the handler of command `C`, replacing any earlier one.  In
    /// a registry built for a target that lacks `C`, nothing happens.  What
    /// the handler returns is checked against the target set (see the
    /// module's documentation).
    pub fn register<C, F>(&mut self, handler: F) -> &mut Registry
    where
        C: Command,
        F: Fn(C) -> Result<C::Ret, CommandError> + Send + Sync + 'static,
    {
        self.insert::<C>(Box::new(move |args, lacks| {
            encode_ret::<C>(&handler(C::decode_for(args, &Path::Root, lacks)?)?, lacks)
        }))
    }

    /// Registers a handler of command `C` that gives its reply already
    /// rendered or as a value, which is sent as it is.
    pub fn register_reply<C, F>(&mut self, handler: F) -> &mut Registry
    where
        C: Command,
        F: Fn(C) -> Result<Reply, CommandError> + Send + Sync + 'static,
    {
        self.insert::<C>(Box::new(move |args, lacks| {
            handler(C::decode_for(args, &Path::Root, lacks)?)
        }))
    }

    fn insert<C: Command>(&mut self, erased: Erased) -> &mut Registry {
        if let Some(entry) = self.declare::<C>() {
            entry.handler = Some(erased);
        }
        self
    }

    /// Adds command `C` without a handler (dropping any it had), unless
    /// the registry's target lacks it; its entry, if it has one.  (A
    /// server's handlers that take a context live beside the registry,
    /// which still knows the command.)
    pub(crate) fn declare<C: Command>(&mut self) -> Option<&mut Entry> {
        if self.restricted && !self.entries.contains_key(C::NAME) {
            return None;
        }
        if !self.order.contains(&C::NAME) {
            self.order.push(C::NAME);
        }
        let entry = self.entries.entry(C::NAME).or_insert_with(|| Entry {
            meta: Some(C::META),
            handler: None,
        });
        entry.handler = None;
        Some(entry)
    }

    /// What the registry's target set lacks: nothing for a registry not
    /// built for one.
    pub fn lacks(&self) -> &Lacks {
        &self.lacks
    }

    /// Whether command `name` exists.
    pub fn has(&self, name: &str) -> bool {
        self.entries.contains_key(name)
    }

    /// The schema's description of command `name`.
    pub fn meta(&self, name: &str) -> Option<&'static CommandMeta> {
        self.entries.get(name).and_then(|e| e.meta)
    }

    /// The commands in the order they were registered.
    pub fn names(&self) -> &[&'static str] {
        &self.order
    }

    /// Runs command `name` with `args` (an object): decodes them, calls
    /// the handler, gives what it returns.
    pub fn call_reply(&self, name: &str, args: Value) -> Result<Reply, CommandError> {
        match self.entries.get(name) {
            Some(Entry {
                handler: Some(handler),
                ..
            }) => handler(args, &self.lacks),
            Some(Entry {
                meta: Some(meta),
                handler: None,
            }) => {
                (meta.check_args)(args, &self.lacks)?;
                Err(CommandError::generic(format!(
                    "The command {name} is not implemented by this server"
                )))
            }
            _ => Err(CommandError {
                class: "CommandNotFound",
                desc: format!("The command {name} has not been found"),
            }),
        }
    }

    /// Like [`Registry::call_reply`], with the reply as a value.
    pub fn call(&self, name: &str, args: Value) -> Result<Value, CommandError> {
        match self.call_reply(name, args)? {
            Reply::Value(v) => Ok(v),
            Reply::Json(text) => {
                serde_json::from_str(&text).map_err(|e| CommandError::generic(e.to_string()))
            }
        }
    }
}

/// Something that executes commands by name: a connection to a server, or
/// a [`Registry`] in process.
pub trait Transport {
    /// Executes `name` with `args` and gives the `return` value.
    fn call(&self, name: &str, args: Value) -> Result<Value, CommandError>;
}

impl Transport for Registry {
    fn call(&self, name: &str, args: Value) -> Result<Value, CommandError> {
        Registry::call(self, name, args)
    }
}

/// Executes command `C` over `transport`, with typed arguments and result.
pub fn execute<C: Command>(transport: &impl Transport, args: C) -> Result<C::Ret, CommandError> {
    let args = to_json(&args).ok_or_else(|| unserializable(C::NAME))?;
    let ret = transport.call(C::NAME, args)?;
    Ok(C::Ret::decode(ret, &Path::Root)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::CommandFlags;
    use crate::Empty;
    use serde::de::IgnoredAny;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// A hand-written return type that has no JSON form.
    struct Opaque;

    impl Serialize for Opaque {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("opaque"))
        }
    }

    impl<'de> Deserialize<'de> for Opaque {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Opaque, D::Error> {
            IgnoredAny::deserialize(d).map(|_| Opaque)
        }
    }

    struct GetOpaque;

    impl Serialize for GetOpaque {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            crate::codec::serialize_empty(s)
        }
    }

    impl<'de> Deserialize<'de> for GetOpaque {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<GetOpaque, D::Error> {
            Empty::deserialize(d).map(|Empty| GetOpaque)
        }
    }

    impl Command for GetOpaque {
        type Ret = Opaque;
        const META: &'static CommandMeta = &CommandMeta {
            name: "get-opaque",
            flags: CommandFlags::DEFAULT,
            features: &[],
            cond: None,
            check_args: |_, _| Ok(()),
            check_ret: |_, _| Ok(()),
            conditional_ret: false,
        };
    }

    #[test]
    fn a_return_value_without_json_form_is_an_error() {
        let mut registry = Registry::new();
        registry.register::<GetOpaque, _>(|GetOpaque| Ok(Opaque));
        let err = registry
            .call("get-opaque", serde_json::json!({}))
            .unwrap_err();
        assert_eq!(
            err,
            CommandError::generic("The value of command get-opaque cannot be written as JSON")
        );
    }
}
