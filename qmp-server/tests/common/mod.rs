//! The captures of real QEMU, and helpers to compare with them.  Each test
//! binary uses a different part of this module.

#![allow(dead_code)]

pub mod probes;
pub mod real;
pub mod schema;

use std::sync::Arc;

use qapi_runtime::qmp::Server;
use qmp_server::Chardev;

#[allow(unused_imports)] // not every test binary reads the captures
pub use qapi_test_support::qmp_dir;

/// A server for `target` as the captures were made: one monitor, on a
/// unix socket.
pub fn server(target: &str) -> Arc<Server> {
    let target = qmp_server::targets::binary(target).expect("a target");
    qmp_server::server(&target.into(), &[Chardev::Unix("qmp.sock".into())])
}

/// A transcript string as bytes: one character per byte (Latin-1).
pub fn latin1(s: &str) -> Vec<u8> {
    s.chars().map(|c| c as u32 as u8).collect()
}

/// Replaces event timestamps, which differ from run to run.
pub fn without_timestamps(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("{\"seconds\": ") {
        out.push_str(&rest[..i]);
        let end = rest[i..].find('}').map_or(rest.len(), |e| i + e + 1);
        out.push_str("<TIMESTAMP>");
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
