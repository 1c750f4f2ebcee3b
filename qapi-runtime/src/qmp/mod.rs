//! QMP, the wire protocol: QEMU's output format (from `qapi-protocol`),
//! and with the `server` feature the session logic and transports of a
//! QMP monitor.

#[cfg(feature = "server")]
mod server;
#[cfg(feature = "server")]
mod session;

pub use qapi_protocol::write;

#[cfg(feature = "server")]
pub use server::{serve_connection, serve_stdio, serve_tcp, serve_unix};
#[cfg(feature = "server")]
pub use session::{Event, Output, Server, Session};
