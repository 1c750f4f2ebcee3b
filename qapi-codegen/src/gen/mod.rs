//! The generator: from a checked schema to the tokens of a Rust module.

mod cfg;
mod commands;
mod context;
mod docs;
mod events;
mod introspect;
mod members;
mod types;

use proc_macro2::{Delimiter, Group, TokenStream, TokenTree};
use qapi_schema::model::Feature;
use qapi_schema::{IfCond, Schema};
use quote::quote;

pub use cfg::CfgMap;
use context::Context;

/// The items of one generated module, with the types that get the
/// runtime's shared impls.
#[derive(Default)]
struct Module {
    items: Vec<TokenStream>,
    /// Structs whose `Decode` and `Serialize` the runtime writes, with their
    /// members in groups.
    struct_codec: Vec<TokenStream>,
    /// Types whose `Deserialize` goes through their `Decode`.
    deserialize: Vec<TokenStream>,
    /// Types whose `Debug` and `PartialEq` go through their encoding.
    debug_eq: Vec<TokenStream>,
    enum_codec: Vec<TokenStream>,
    unit_codec: Vec<TokenStream>,
}

impl Module {
    /// The module's tokens.  Items are moved, not copied: interpolating
    /// them with `quote!` would clone every token once per level.
    fn into_tokens(self) -> TokenStream {
        let Module {
            items,
            struct_codec,
            deserialize,
            debug_eq,
            enum_codec,
            unit_codec,
        } = self;
        let invoke = |name: &str, types: Vec<TokenStream>| {
            let name = quote::format_ident!("{name}");
            (!types.is_empty()).then(|| quote!(::qapi_runtime::#name!(#(#types),*);))
        };
        let mut out = TokenStream::new();
        out.extend(items);
        out.extend(
            [
                invoke("__impl_struct_codec", struct_codec),
                invoke("__impl_debug_eq", debug_eq),
                invoke("__impl_enum_codec", enum_codec),
                invoke("__impl_unit_codec", unit_codec),
                invoke("__impl_deserialize", deserialize),
            ]
            .into_iter()
            .flatten(),
        );
        out
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
            out.items.push(quote!(#decl #impls));
        }
        Some(pred) => {
            let mut local = Module::default();
            let (decl, impls) = items(&mut local);
            let lists = local.into_tokens();
            out.items.push(quote! {
                #[cfg(#pred)]
                #decl
                #[cfg(#pred)]
                const _: () = { #impls #lists };
            });
        }
    }
}

/// `{ tokens }`, taking ownership of `tokens`.
fn braced(tokens: TokenStream) -> TokenTree {
    TokenTree::Group(Group::new(Delimiter::Brace, tokens))
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

/// The whole expansion for `schema`: a private module holding everything,
/// re-exported, so that lints are configured once for generated code.
pub fn generate(schema: &Schema) -> TokenStream {
    generate_with(schema, &CfgMap::new())
}

/// Like [`generate`]; whatever needs a condition that cannot hold under
/// `cfg`'s predicates is compiled out: types, members, enum values,
/// branches, alternatives, commands and events (their metadata stays).
pub fn generate_with(schema: &Schema, cfg: &CfgMap) -> TokenStream {
    let ctx = Context::new(schema, cfg);
    let mut types = Module::default();
    types::generate(&ctx, &mut types);
    let mut commands = Module::default();
    commands::generate(&ctx, &mut commands);
    let mut events = Module::default();
    events::generate(&ctx, &mut events);

    // Commands in module order, the order QEMU registers them in.
    let command_ids = schema
        .modules()
        .iter()
        .flat_map(|m| m.entities().iter().copied())
        .filter(|id| {
            matches!(
                schema.entity(*id).kind,
                qapi_schema::model::EntityKind::Command(_)
            )
        });
    let command_metas = command_ids.map(|id| commands::meta_ref(&ctx, id, "commands", "Command"));
    let event_metas = schema
        .events()
        .map(|(id, _)| commands::meta_ref(&ctx, id, "events", "Event"));
    let introspection = introspect::generate(schema);

    let mut commands_mod = quote!(
        use super::__q;
    );
    commands_mod.extend(commands.into_tokens());
    let mut events_mod = quote!(
        use super::__q;
    );
    events_mod.extend(events.into_tokens());
    let mut inner = quote! {
        #![allow(warnings, clippy::all, clippy::pedantic, rustdoc::all)]
        use ::qapi_runtime::__private as __q;
    };
    inner.extend(types.into_tokens());
    inner.extend(quote! {
        /// The schema's commands: one type per command, holding its
        /// arguments.
        pub mod commands
    });
    inner.extend([braced(commands_mod)]);
    inner.extend(quote! {
        /// The schema's events: one type per event, holding its data.
        pub mod events
    });
    inner.extend([braced(events_mod)]);
    inner.extend(quote! {
        /// Commands, events and introspection data of the schema.
        pub static SCHEMA: __q::SchemaMeta = __q::SchemaMeta {
            commands: &[#(#command_metas),*],
            events: &[#(#event_metas),*],
            introspection: #introspection,
        };
    });
    let mut out = quote! {
        #[doc(hidden)]
        mod __qapi_schema
    };
    out.extend([braced(inner)]);
    out.extend(quote!(
        pub use __qapi_schema::*;
    ));
    out
}
