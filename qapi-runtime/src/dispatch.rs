//! Typed command handlers and the client side of executing a command.
//!
//! A [`Registry`] holds one handler per command, each typed by the
//! generated command type: the compiler checks that a handler takes the
//! command's arguments and returns its return type.  [`Registry::call`]
//! decodes the arguments (with QEMU's messages on failure), runs the
//! handler and encodes the result.

use std::collections::HashMap;
use std::fmt;

use serde_json::Value;

use crate::codec::{Decode, DecodeError, Encode, Path};
use crate::Command;

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

impl From<DecodeError> for CommandError {
    fn from(err: DecodeError) -> CommandError {
        CommandError::generic(err.to_string())
    }
}

type Erased = Box<dyn Fn(Value) -> Result<Value, CommandError> + Send + Sync>;

/// Handlers by command name.
#[derive(Default)]
pub struct Registry {
    handlers: HashMap<&'static str, Erased>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Registry {
        Registry::default()
    }

    /// Registers the handler of command `C`, replacing any earlier one.
    pub fn register<C, F>(&mut self, handler: F) -> &mut Registry
    where
        C: Command,
        F: Fn(C) -> Result<C::Ret, CommandError> + Send + Sync + 'static,
    {
        let erased = move |args: Value| -> Result<Value, CommandError> {
            let args = C::decode(args, &Path::Root)?;
            handler(args).map(|ret| ret.encode())
        };
        self.handlers.insert(C::NAME, Box::new(erased));
        self
    }

    /// Whether command `name` has a handler.
    pub fn has(&self, name: &str) -> bool {
        self.handlers.contains_key(name)
    }

    /// Runs command `name` with `args` (an object): decodes them, calls
    /// the handler, encodes what it returns.
    pub fn call(&self, name: &str, args: Value) -> Result<Value, CommandError> {
        match self.handlers.get(name) {
            Some(handler) => handler(args),
            None => Err(CommandError {
                class: "CommandNotFound",
                desc: format!("The command {name} has not been found"),
            }),
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
    let ret = transport.call(C::NAME, args.encode())?;
    Ok(C::Ret::decode(ret, &Path::Root)?)
}
