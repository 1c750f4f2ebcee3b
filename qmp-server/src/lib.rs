//! The QMP server of QEMU 10.0.2's system emulators, built from QEMU's
//! schema through `qapi_schema!`: one binary for every target.

pub mod handlers;
pub mod idle;
pub mod qom;
pub mod schema;

use std::sync::Arc;

use qapi_runtime::qmp::Server;
use qapi_runtime::{to_json, TargetSet};

pub use qom::Chardev;

/// A server that answers as `qemu-system-TARGET` for `target`, started
/// with a QMP monitor on each of `monitors`.
pub fn server(target: &TargetSet, monitors: &[Chardev]) -> Arc<Server> {
    // A generated type always has a JSON form.
    let version = to_json(&handlers::version()).expect("VersionInfo is serializable");
    Server::new(handlers::service(target, monitors), version)
}
