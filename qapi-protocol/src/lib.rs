//! QMP's wire protocol, with no transport: what a QMP server and a QMP
//! client both need to read and write QEMU's JSON exactly as QEMU does.
//!
//! * [`stream`]: QEMU's JSON dialect as a byte stream, split into messages
//!   as soon as their brackets balance, with QEMU's limits and error
//!   recovery;
//! * [`QObject`]: a parsed value as QEMU holds it (its numbers);
//! * [`write`]: JSON written byte for byte as QEMU writes it;
//! * [`qdict`]: QEMU's dictionary order, which decides how it writes
//!   objects and which unexpected member it reports first.
//!
//! With the `tokio` feature, [`socket`] gives the one transport piece both
//! sides share: a connected socket registered only for what it waits on.
//! Sessions live above: the server in `qapi-runtime` (its `server`
//! feature), the client in `qapi-client`.

#![warn(missing_docs)]

pub mod qdict;
mod qobject;
#[cfg(feature = "tokio")]
pub mod socket;
pub mod stream;
pub mod write;

pub use qobject::QObject;
pub use stream::{JsonStream, Message};
