//! A QAPI schema front end that behaves exactly like QEMU's own, in the
//! dialect of QEMU 7.2, 10.0 or 10.2 ([`Release`]).
//!
//! [`Schema::load`] reads a schema (following `include` directives),
//! checks it and returns the model a code generator walks: modules in
//! order, entities in creation order with every reference resolved, and
//! the documentation.  A bad schema gives one [`Error`], the first one QEMU
//! would report, printing exactly as QEMU prints it.
//!
//! The pipeline, one module per stage: `parse` (files, tokens, values,
//! directives, doc comments) → `expr` (context-free checks) → `build`
//! (entities) → `check` (semantic checks, docs) → [`model`] → `dump`.
//!
//! ```no_run
//! let schema = qapi_schema::Schema::load("qapi/qapi-schema.json")?;
//! for (_, command) in schema.commands() {
//!     println!("{}", command.name);
//! }
//! # Ok::<(), qapi_schema::Error>(())
//! ```

#![warn(missing_docs)]

mod build;
mod check;
mod doc;
mod dump;
mod error;
mod expr;
mod ifcond;
pub mod model;
mod names;
mod parse;
mod paths;
mod release;
mod schema;
mod source;
mod value;

pub use doc::{Doc, Section, SectionKind};
pub use error::{Context, Error, Location, Result};
pub use ifcond::IfCond;
pub use names::c_name;
pub use parse::Pragma;
pub use release::{Release, UnknownRelease};
pub use schema::{Loader, Schema};
pub use source::{FileId, Info, Meta, SourceFile, Sources};
