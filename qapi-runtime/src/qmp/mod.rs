//! QMP, the wire protocol: QEMU's JSON stream, value model and output
//! format, and (with the `server` feature) the session logic and transports
//! of a QMP monitor.

mod qobject;
#[cfg(feature = "server")]
mod server;
#[cfg(feature = "server")]
mod session;
pub mod stream;
pub mod write;

pub use qobject::QObject;
#[cfg(feature = "server")]
pub use server::{serve_connection, serve_stdio, serve_tcp, serve_unix};
#[cfg(feature = "server")]
pub use session::{Event, Output, Server, Session};
