//! The generator: from a checked schema to the text of a Rust module.

mod carrier;
mod cfg;
mod commands;
mod conditional;
mod context;
mod docs;
mod events;
mod introspect;
mod markdown;
mod members;
mod types;
mod union;

use std::fmt::{Display, Write};

use proc_macro2::{Ident, TokenStream};
use qapi_schema::model::Feature;
use qapi_schema::{IfCond, Schema};
use quote::quote;

pub use cfg::CfgMap;
use context::Context;

/// One generated module, as text: its items, written as soon as each is
/// generated (so that the tokens of only one item exist at a time), and the
/// types that get the runtime's shared impls.
#[derive(Default)]
struct Module {
    items: String,
    /// Structs whose `Deserialize` and `Serialize` the runtime writes, with
    /// their members in groups.
    struct_codec: List,
    /// Types whose `Debug` and `PartialEq` go through their encoding.
    debug_eq: List,
    /// Enums: `Serialize`, `Deserialize`, `Debug`, `PartialEq`, `Eq`, `Hash`,
    /// `Clone` and `Copy`.
    enum_codec: List,
    /// Unit structs: their codec, `Clone`, `Debug` and `PartialEq`.
    unit_codec: List,
}

/// The arguments of one of the runtime's impl macros, as text.
#[derive(Default)]
struct List(String);

impl List {
    fn push(&mut self, entry: impl Display) {
        if !self.0.is_empty() {
            self.0.push_str(", ");
        }
        // Writing to a `String` cannot fail.
        let _ = write!(self.0, "{entry}");
    }
}

impl Module {
    /// Appends an item.
    fn push(&mut self, tokens: TokenStream) {
        let _ = write!(self.items, "{tokens} ");
    }

    /// Appends the module's items, then the runtime's macro invocations.
    fn finish(self, out: &mut String) {
        let Module {
            items,
            struct_codec,
            debug_eq,
            enum_codec,
            unit_codec,
        } = self;
        out.push_str(&items);
        for (name, list) in [
            ("__impl_struct_codec", struct_codec),
            ("__impl_debug_eq", debug_eq),
            ("__impl_enum_codec", enum_codec),
            ("__impl_unit_codec", unit_codec),
        ] {
            if !list.0.is_empty() {
                let _ = write!(out, "__q::{name}!({}); ", list.0);
            }
        }
    }
}

/// The module that holds the expansion.
const MODULE: &str = "__qapi_schema";

/// The items that re-export the expansion's types, name by name: after a
/// glob re-export, rustc would call them `__qapi_schema::Name` in
/// diagnostics.
#[derive(Default)]
struct Exports {
    /// The names of the types that every build has.
    names: List,
    /// `pub use` items, each behind the `cfg` of the types it names.
    guarded: String,
}

impl Exports {
    /// Adds the names of the types one definition declares, compiled under
    /// `guard`.
    fn add<'a>(&mut self, guard: Option<&TokenStream>, names: impl IntoIterator<Item = &'a Ident>) {
        match guard {
            None => names.into_iter().for_each(|name| self.names.push(name)),
            Some(pred) => {
                let mut list = List::default();
                names.into_iter().for_each(|name| list.push(name));
                let _ = write!(
                    self.guarded,
                    "#[cfg({pred})] pub use {MODULE}::{{{}}}; ",
                    list.0
                );
            }
        }
    }

    /// Appends the re-exports: the types, the `commands` and `events`
    /// modules and `SCHEMA`.
    fn finish(self, out: &mut String) {
        let _ = write!(
            out,
            "pub use {MODULE}::{{commands, events, SCHEMA, {}}}; {}",
            self.names.0, self.guarded
        );
    }
}

/// Emits one definition's items: as they are, or, where the `cfg` map says
/// its condition cannot hold, behind `#[cfg]` (the declaration directly,
/// the impls in an anonymous constant, as impls are global).
fn emit_guarded(
    out: &mut Module,
    guard: Option<TokenStream>,
    items: impl FnOnce(&mut Module) -> (TokenStream, TokenStream),
) {
    match guard {
        None => {
            let (decl, impls) = items(out);
            out.push(decl);
            out.push(impls);
        }
        Some(pred) => {
            let mut local = Module::default();
            let (decl, impls) = items(&mut local);
            let mut lists = String::new();
            local.finish(&mut lists);
            let _ = write!(
                out.items,
                "#[cfg({pred})] {decl} #[cfg({pred})] const _: () = {{ {impls} {lists} }}; "
            );
        }
    }
}

/// A `Cond` constant expression.
fn cond_expr(c: &IfCond) -> TokenStream {
    match c {
        IfCond::Atom(a) => quote!(__q::Cond::Atom(#a)),
        IfCond::All(ops) => {
            let ops = ops.iter().map(cond_expr);
            quote!(__q::Cond::All(&[#(#ops),*]))
        }
        IfCond::Any(ops) => {
            let ops = ops.iter().map(cond_expr);
            quote!(__q::Cond::Any(&[#(#ops),*]))
        }
        IfCond::Not(op) => {
            let op = cond_expr(op);
            quote!(__q::Cond::Not(&#op))
        }
    }
}

/// `Option<Cond>` as a constant expression.
fn cond_tokens(cond: Option<&IfCond>) -> TokenStream {
    match cond {
        Some(c) => {
            let c = cond_expr(c);
            quote!(__q::Some(#c))
        }
        None => quote!(__q::None),
    }
}

/// Features as a `&[FeatureMeta]` expression.
fn features_tokens(features: &[Feature]) -> TokenStream {
    let features = features.iter().map(|f| {
        let name = &f.name;
        let cond = cond_tokens(f.ifcond.as_ref());
        quote!(__q::FeatureMeta { name: #name, cond: #cond })
    });
    quote!(&[#(#features),*])
}

/// Appends `head { .. }`, a module of the schema's module that holds what
/// `generate` makes, and returns what `generate` returns.
fn submodule<T>(code: &mut String, head: &str, generate: impl FnOnce(&mut Module) -> T) -> T {
    let _ = write!(code, "{head} {{ use super::__q; ");
    let mut module = Module::default();
    let result = generate(&mut module);
    module.finish(code);
    code.push_str("} ");
    result
}

/// What the generated code should be, beyond the schema's own items.
#[derive(Clone, Debug)]
pub struct Options {
    /// Atoms mapped to `cfg` predicates: whatever needs a condition that
    /// cannot hold under them is compiled out.
    pub cfg: CfgMap,
    /// The path by which generated code names the `qapi_runtime` crate
    /// (`::qapi_runtime`, unless the user's crate reaches it through
    /// another, such as a crate that re-exports it).
    pub runtime: TokenStream,
}

impl Default for Options {
    /// Nothing compiled out; the runtime at `::qapi_runtime`.
    fn default() -> Options {
        Options {
            cfg: CfgMap::new(),
            runtime: quote!(::qapi_runtime),
        }
    }
}

/// The whole expansion for `schema`, as Rust source text: a private module
/// holding everything, re-exported, so that lints are configured once for
/// generated code.
pub fn generate(schema: &Schema) -> String {
    generate_with(schema, &Options::default())
}

/// Like [`generate`], with `options`.  What `options.cfg` compiles out:
/// types, members, enum values, branches, alternatives, commands and events
/// (their metadata stays).
pub fn generate_with(schema: &Schema, options: &Options) -> String {
    let ctx = Context::new(schema, &options.cfg);
    // About the size of QEMU's schema's expansion, which is the common case
    // worth not growing for.
    let mut code = String::with_capacity(1 << 21);
    // rustc applies few lints to another crate's macro output, but one of
    // them is `deprecated`, and allowing `warnings` does not silence a lint
    // that the user's crate denies by name: the schema's deprecations are
    // for the user's code, and this code names every deprecated item.
    // The runtime is named here only.
    let _ = write!(
        code,
        "#[doc(hidden)] mod {MODULE} {{ \
         #![allow(warnings, deprecated, clippy::all, clippy::pedantic, rustdoc::all)] \
         use {}::__private as __q; ",
        options.runtime
    );
    let mut types = Module::default();
    let mut exports = Exports::default();
    types::generate(&ctx, &mut types, &mut exports);
    types.finish(&mut code);

    let command_metas = submodule(
        &mut code,
        "/// The schema's commands: one type per command, holding its\n\
         /// arguments.\n\
         pub mod commands",
        |module| commands::generate(&ctx, module),
    );
    let event_metas = submodule(
        &mut code,
        "/// The schema's events: one type per event, holding its data.\n\
         pub mod events",
        |module| events::generate(&ctx, module),
    );
    let introspection = introspect::generate(schema);
    let conditional = conditional::table(&ctx);
    let schema_meta = quote! {
        /// Commands, events and introspection data of the schema.
        pub static SCHEMA: __q::SchemaMeta = __q::SchemaMeta {
            commands: &[#(#command_metas),*],
            events: &[#(#event_metas),*],
            introspection: #introspection,
            conditional: #conditional,
        };
    };
    let _ = write!(code, "{schema_meta} }} ");
    exports.finish(&mut code);
    code
}
