//! A typed async QMP client, on tokio: drive a real QEMU (or any QMP
//! server) from Rust.
//!
//! ```no_run
//! use qapi_client::Client;
//! use qapi_qemu::v10_0::system::{commands::QueryStatus, events::AnyEvent};
//!
//! # async fn run() -> Result<(), qapi_client::Error> {
//! let client = Client::connect_unix("/tmp/qmp.sock").await?;
//! println!("QEMU {:?}", client.greeting().version);
//! let mut events = client.events();
//! let status = client.execute(&QueryStatus).await?;
//! println!("{:?}", status.status);
//! while let Ok(event) = events.recv_typed::<AnyEvent>().await {
//!     println!("{event:?}");
//! }
//! # Ok(())
//! # }
//! ```
//!
//! * **Connecting** reads the greeting ([`Greeting`]: version and
//!   capabilities) and negotiates, with `oob` when the server offers it.
//!   Over a unix socket, TCP, or any `AsyncRead + AsyncWrite`
//!   ([`Options::connect`]).
//! * **Calls**: [`Client::execute`] takes a generated command type and
//!   gives its return type; [`Client::call`] takes a name and JSON
//!   arguments, checked first against a schema if one is given
//!   ([`Options::schema`]), with QEMU's own messages.  An error reply is
//!   [`Error::Qmp`]: its [`ErrorClass`] and QEMU's description.
//! * **Concurrency**: any number of tasks call over one connection; each
//!   call has its own id, replies are matched whatever their order, and a
//!   call dropped before its reply (a timeout) leaves the connection as it
//!   was.  [`Client::execute_oob`] runs a command out of band.
//! * **File descriptors**: over a unix socket,
//!   [`Client::execute_with_fds`] and [`Client::call_with_fds`] pass
//!   descriptors with a command (`SCM_RIGHTS`), as `getfd` and `add-fd`
//!   take them.
//! * **Events**: every [`Client::events`] subscription gets every event,
//!   with its timestamp, raw ([`RawEvent`]) or read through a schema's
//!   `AnyEvent` ([`TypedEvent`]); a subscriber that falls behind learns how
//!   many it missed, and never holds up the others.
//! * **Never hangs, never panics**: when the server goes away every
//!   pending and later call fails with the reason ([`Error::Disconnected`]);
//!   garbage, a message over the size limit (10 MiB by default) or nesting
//!   past QMP's limit end the connection the same way.
//! * **Blocking**: [`blocking::Client`] is the same client for programs
//!   without an async runtime.
//! * **Version skew**: members a newer server adds to replies and events
//!   are ignored; an event the schema lacks arrives as
//!   [`TypedEvent::Unknown`], one whose data does not decode as
//!   [`TypedEvent::Undecodable`], and the connection goes on.  Against an
//!   older server, [`Client::server_schema`] tells whether a command, an
//!   event, an argument or an enum value exists before calling it.

#![warn(missing_docs)]

pub mod blocking;
mod client;
mod error;
mod events;
mod framing;
mod greeting;
mod probe;
mod transport;

pub use client::{check_arguments, Client, Options};
pub use error::{Disconnect, Error, ErrorClass, QmpError};
pub use events::{Events, EventsError, RawEvent, Timestamp, TypedEvent};
pub use greeting::{Capability, Greeting, Version};
pub use probe::ServerSchema;
