//! The QMP server of QEMU 10.0.2's system emulators, built from QEMU's
//! schema through `qapi_schema!`: one binary for every target.

pub mod handlers;
pub mod idle;
pub mod qom;
pub mod schema;
pub mod targets;

use std::sync::Arc;

use qapi_runtime::qmp::Server;
use qapi_runtime::{to_json, Targets};

pub use qom::Chardev;

/// A server that answers as `qemu-system-TARGET` for `targets` (one
/// binary, or the union of several: see [`handlers::registry`]), started
/// with a QMP monitor on each of `monitors`.
pub fn server(targets: &Targets, monitors: &[Chardev]) -> Arc<Server> {
    // A generated type always has a JSON form.
    let version = to_json(&handlers::version()).expect("VersionInfo is serializable");
    Server::new(handlers::service(targets, monitors), version)
}
