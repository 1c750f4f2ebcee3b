//! QMP, the wire protocol: QEMU's JSON stream and output format, and the
//! session logic of a QMP monitor.

mod server;
mod session;
pub mod stream;
pub mod write;

pub use server::{serve_connection, serve_stdio, serve_tcp, serve_unix};
pub use session::{Event, Output, Server, Session};
