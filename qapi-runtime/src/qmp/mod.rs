//! QMP, the wire protocol: QEMU's output format (from `qapi-protocol`),
//! and with the `server` feature the session logic and transports of a
//! QMP monitor, and the handlers that take a [`Context`].

#[cfg(feature = "server")]
mod context;
#[cfg(feature = "server")]
mod job;
#[cfg(feature = "server")]
mod running;
#[cfg(feature = "server")]
mod server;
#[cfg(feature = "server")]
mod service;
#[cfg(feature = "server")]
mod session;
#[cfg(feature = "server")]
mod shared;

pub use qapi_protocol::write;

#[cfg(feature = "server")]
pub use context::{Context, SessionId};
#[cfg(feature = "server")]
pub use job::{Done, Job};
#[cfg(feature = "server")]
pub use server::{serve_connection, serve_stdio, serve_tcp, serve_unix};
#[cfg(feature = "server")]
pub use service::Service;
#[cfg(feature = "server")]
pub use session::{Output, Session};
#[cfg(feature = "server")]
pub use shared::{Event, Server};
