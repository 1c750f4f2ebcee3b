//! Generates idiomatic Rust from a checked QAPI schema: the engine behind
//! the `qapi_schema!` macro, usable on its own (a build script, snapshot
//! tests).
//!
//! The output refers to the `qapi_runtime` crate for the traits it
//! implements.

mod gen;
pub mod rules;

pub use gen::{generate, generate_with, CfgMap, Options};
