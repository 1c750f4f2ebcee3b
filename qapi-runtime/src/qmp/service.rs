//! A server's commands: a [`Registry`] of plain handlers, the handlers
//! that take a [`Context`] (synchronous or async), and the application's
//! state they share.
//!
//! Plain handlers stay a plain call: no context is made and no future
//! boxed for them.

use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use super::Context;
use crate::codec::Path;
use crate::dispatch::{encode_ret, CommandError, Registry, Reply};
use crate::{Command, Decode};

/// The reply of an async handler, to be awaited.
pub(crate) type Pending = Pin<Box<dyn Future<Output = Result<Reply, CommandError>> + Send>>;

type SyncHandler<S> = Box<dyn Fn(Value, &Context<S>) -> Result<Reply, CommandError> + Send + Sync>;
/// Decodes the arguments at once (an error is answered in place), then
/// gives the future of the reply.
type AsyncHandler<S> =
    Box<dyn Fn(Value, Context<S>) -> Result<Pending, CommandError> + Send + Sync>;

/// A handler that takes a context.
pub(crate) enum Handler<S> {
    /// Runs to its reply when called.
    Sync(SyncHandler<S>),
    /// Gives a future: the session runs other sessions' and out-of-band
    /// commands meanwhile.
    Async(AsyncHandler<S>),
}

/// The commands of a server and the state its handlers share.
///
/// ```
/// # use qapi_runtime::{Registry, qmp::Service};
/// struct Counter(std::sync::atomic::AtomicU64);
/// let registry = Registry::new(); // plain handlers: `registry.register(...)`
/// let service = Service::new(registry, Counter(0.into()));
/// // service.register_async::<MyCommand, _, _>(|args, ctx| async move { ... });
/// ```
pub struct Service<S = ()> {
    registry: Registry,
    handlers: HashMap<&'static str, Handler<S>>,
    state: S,
}

impl From<Registry> for Service<()> {
    fn from(registry: Registry) -> Service<()> {
        Service::new(registry, ())
    }
}

impl<S: Send + Sync + 'static> Service<S> {
    /// The commands of `registry`, and handlers sharing `state`.
    pub fn new(registry: Registry, state: S) -> Service<S> {
        Service {
            registry,
            handlers: HashMap::new(),
            state,
        }
    }

    /// The registry, for plain handlers ([`Registry::register`]).
    pub fn registry_mut(&mut self) -> &mut Registry {
        &mut self.registry
    }

    /// Registers a synchronous handler of command `C` that takes the
    /// command's [`Context`], replacing any earlier handler.  In a registry
    /// built for a target that lacks `C`, nothing happens.
    pub fn register_with<C, F>(&mut self, handler: F) -> &mut Service<S>
    where
        C: Command,
        F: Fn(C, &Context<S>) -> Result<C::Ret, CommandError> + Send + Sync + 'static,
    {
        self.insert::<C>(Handler::Sync(Box::new(move |args, ctx| {
            let lacks = ctx.server().registry().lacks();
            encode_ret::<C>(
                &handler(C::decode_for(args, &Path::Root, lacks)?, ctx)?,
                lacks,
            )
        })))
    }

    /// Registers an async handler of command `C`, replacing any earlier
    /// handler.  While it runs, other sessions go on, and so do the
    /// out-of-band commands of its own session; that session's later
    /// in-band commands wait for it, in order.  In a registry built for a
    /// target that lacks `C`, nothing happens.
    pub fn register_async<C, F, Fut>(&mut self, handler: F) -> &mut Service<S>
    where
        C: Command,
        F: Fn(C, Context<S>) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<C::Ret, CommandError>> + Send + 'static,
    {
        self.insert::<C>(Handler::Async(Box::new(move |args, ctx| {
            let server = std::sync::Arc::clone(ctx.server());
            let args = C::decode_for(args, &Path::Root, server.registry().lacks())?;
            let reply = handler(args, ctx);
            Ok(Box::pin(async move {
                encode_ret::<C>(&reply.await?, server.registry().lacks())
            }))
        })))
    }

    fn insert<C: Command>(&mut self, handler: Handler<S>) -> &mut Service<S> {
        if self.registry.declare::<C>().is_some() {
            self.handlers.insert(C::NAME, handler);
        }
        self
    }
}

impl<S> Service<S> {
    /// The registry.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The application's state.
    pub fn state(&self) -> &S {
        &self.state
    }

    /// The handler taking a context of command `name`, if it has one.
    pub(crate) fn handler(&self, name: &str) -> Option<&Handler<S>> {
        if self.handlers.is_empty() {
            return None;
        }
        self.handlers.get(name)
    }
}
