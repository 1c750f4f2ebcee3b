//! QMP, the wire protocol: QEMU's output format, and (with the `server`
//! feature) QEMU's JSON input stream and value model, and the session
//! logic and transports of a QMP monitor.

#[cfg(feature = "server")]
mod qobject;
#[cfg(feature = "server")]
mod server;
#[cfg(feature = "server")]
mod session;
#[cfg(feature = "server")]
mod stream;
pub mod write;

#[cfg(feature = "server")]
pub use server::{serve_connection, serve_stdio, serve_tcp, serve_unix};
#[cfg(feature = "server")]
pub use session::{Event, Output, Server, Session};
