//! The client for programs without an async runtime: the same connection,
//! driven by a runtime of its own on one background thread, so that
//! events keep flowing between calls.

use std::os::fd::BorrowedFd;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use qapi_runtime::{Command, EventSet};
use serde_json::Value;

use crate::{Error, Events as AsyncEvents, EventsError, Greeting, Options, RawEvent, TypedEvent};

/// A blocking QMP client.  Clones share the connection; calls from
/// several threads at once are fine.  Not for use inside an async
/// runtime, where blocking a worker is wrong (tokio refuses it with a
/// panic): use [`crate::Client`] there.
#[derive(Clone, Debug)]
pub struct Client {
    runtime: Arc<tokio::runtime::Runtime>,
    client: crate::Client,
}

impl Client {
    /// Connects to the unix socket at `path` with the default options.
    pub fn connect_unix(path: impl AsRef<Path>) -> Result<Client, Error> {
        Client::connect_unix_with(Options::default(), path)
    }

    /// Connects over TCP to `address` (`HOST:PORT`) with the default
    /// options.
    pub fn connect_tcp(address: &str) -> Result<Client, Error> {
        Client::connect_tcp_with(Options::default(), address)
    }

    /// Connects to the unix socket at `path` with `options`.
    pub fn connect_unix_with(options: Options, path: impl AsRef<Path>) -> Result<Client, Error> {
        let runtime = runtime()?;
        let client = runtime.block_on(options.connect_unix(path))?;
        Ok(Client { runtime, client })
    }

    /// Connects over TCP to `address` with `options`.
    pub fn connect_tcp_with(options: Options, address: &str) -> Result<Client, Error> {
        let runtime = runtime()?;
        let client = runtime.block_on(options.connect_tcp(address))?;
        Ok(Client { runtime, client })
    }

    /// The server's greeting.
    pub fn greeting(&self) -> &Greeting {
        self.client.greeting()
    }

    /// Whether out-of-band execution was negotiated.
    pub fn oob(&self) -> bool {
        self.client.oob()
    }

    /// See [`crate::Client::execute`].
    pub fn execute<C: Command>(&self, command: &C) -> Result<C::Ret, Error> {
        self.runtime.block_on(self.client.execute(command))
    }

    /// See [`crate::Client::execute_with_fds`].
    pub fn execute_with_fds<C: Command>(
        &self,
        command: &C,
        fds: &[BorrowedFd<'_>],
    ) -> Result<C::Ret, Error> {
        self.runtime
            .block_on(self.client.execute_with_fds(command, fds))
    }

    /// See [`crate::Client::execute_oob`].
    pub fn execute_oob<C: Command>(&self, command: &C) -> Result<C::Ret, Error> {
        self.runtime.block_on(self.client.execute_oob(command))
    }

    /// See [`crate::Client::call`].
    pub fn call(&self, name: &str, arguments: Value) -> Result<Value, Error> {
        self.runtime.block_on(self.client.call(name, arguments))
    }

    /// See [`crate::Client::call_with_fds`].
    pub fn call_with_fds(
        &self,
        name: &str,
        arguments: Value,
        fds: &[BorrowedFd<'_>],
    ) -> Result<Value, Error> {
        self.runtime
            .block_on(self.client.call_with_fds(name, arguments, fds))
    }

    /// A subscription to the events that come from now on.
    pub fn events(&self) -> Events {
        Events {
            runtime: self.runtime.clone(),
            events: self.client.events(),
        }
    }

    /// The asynchronous client underneath.
    pub fn as_async(&self) -> &crate::Client {
        &self.client
    }
}

/// A blocking subscription to a connection's events.
#[derive(Debug)]
pub struct Events {
    runtime: Arc<tokio::runtime::Runtime>,
    events: AsyncEvents,
}

impl Events {
    /// The next event; see [`crate::Events::recv`].
    pub fn recv(&mut self) -> Result<Arc<RawEvent>, EventsError> {
        self.runtime.block_on(self.events.recv())
    }

    /// The next event within `timeout`; `None` if none came.
    pub fn recv_timeout(
        &mut self,
        timeout: Duration,
    ) -> Option<Result<Arc<RawEvent>, EventsError>> {
        self.runtime
            .block_on(async { tokio::time::timeout(timeout, self.events.recv()).await })
            .ok()
    }

    /// The next event, read through schema event set `E`.
    pub fn recv_typed<E: EventSet>(&mut self) -> Result<TypedEvent<E>, EventsError> {
        self.recv().map(|raw| raw.decode())
    }
}

/// One worker thread: the connection's reader and writer run on it.
fn runtime() -> Result<Arc<tokio::runtime::Runtime>, Error> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .thread_name("qmp-client")
        .enable_all()
        .build()
        .map(Arc::new)
        .map_err(|e| Error::Disconnected(Arc::new(crate::Disconnect::Io(e))))
}
