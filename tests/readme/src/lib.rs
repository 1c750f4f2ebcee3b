//! README.md's Rust examples, compiled and run as doctests
//! (`cargo test -p qapi-readme --doc`), so that none can drift from the
//! code.  `schemas` beside this file links to the workspace's `schemas/`:
//! the examples' paths resolve as they do in a crate beside that folder,
//! both the working directory's (a doctest runs in its crate's directory)
//! and `qapi_schema!`'s (relative to `CARGO_MANIFEST_DIR`).
//!
//! Blocks that are not Rust are fenced with their language (`sh`,
//! `console`, `text`, `toml`): rustdoc compiles every other one, indented
//! blocks included.

#[cfg(doctest)]
mod readme {
    #![doc = include_str!("../../../README.md")]
}
