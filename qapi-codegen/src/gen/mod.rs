//! The generator: from a checked schema to the tokens of a Rust module.

mod commands;
mod context;
mod docs;
mod events;
mod introspect;
mod types;

use proc_macro2::TokenStream;
use qapi_schema::model::Feature;
use qapi_schema::{IfCond, Schema};
use quote::quote;

use context::Context;

/// The items of one generated module, with the types that get the
/// runtime's shared impls.
#[derive(Default)]
struct Module {
    items: Vec<TokenStream>,
    serde: Vec<TokenStream>,
    /// Types whose `Debug` and `PartialEq` go through their encoding.
    debug_eq: Vec<TokenStream>,
    enum_codec: Vec<TokenStream>,
    unit_codec: Vec<TokenStream>,
}

impl Module {
    fn into_tokens(self) -> TokenStream {
        let Module {
            items,
            serde,
            debug_eq,
            enum_codec,
            unit_codec,
        } = self;
        let invoke = |name: &str, types: Vec<TokenStream>| {
            let name = quote::format_ident!("{name}");
            (!types.is_empty()).then(|| quote!(::qapi_runtime::#name!(#(#types),*);))
        };
        let impls = [
            invoke("__impl_debug_eq", debug_eq),
            invoke("__impl_enum_codec", enum_codec),
            invoke("__impl_unit_codec", unit_codec),
            invoke("__impl_serde", serde),
        ];
        quote! {
            #(#items)*
            #(#impls)*
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

/// The whole expansion for `schema`: a private module holding everything,
/// re-exported, so that lints are configured once for generated code.
pub fn generate(schema: &Schema) -> TokenStream {
    let ctx = Context::new(schema);
    let mut types = Module::default();
    types::generate(&ctx, &mut types);
    let mut commands = Module::default();
    commands::generate(&ctx, &mut commands);
    let mut events = Module::default();
    events::generate(&ctx, &mut events);

    let command_metas = schema.commands().map(|(id, _)| {
        let name = ctx.name(id);
        quote!(<commands::#name as ::qapi_runtime::Command>::META)
    });
    let event_metas = schema.events().map(|(id, _)| {
        let name = ctx.name(id);
        quote!(<events::#name as ::qapi_runtime::Event>::META)
    });
    let introspection = introspect::generate(schema);
    let (types, commands, events) = (
        types.into_tokens(),
        commands.into_tokens(),
        events.into_tokens(),
    );
    quote! {
        #[doc(hidden)]
        mod __qapi_schema {
            #![allow(warnings, clippy::all, clippy::pedantic, rustdoc::all)]
            use ::qapi_runtime::__private as __q;
            #types
            /// The schema's commands: one type per command, holding its
            /// arguments.
            pub mod commands {
                use super::__q;
                #commands
            }
            /// The schema's events: one type per event, holding its data.
            pub mod events {
                use super::__q;
                #events
            }
            /// Commands, events and introspection data of the schema.
            pub static SCHEMA: __q::SchemaMeta = __q::SchemaMeta {
                commands: &[#(#command_metas),*],
                events: &[#(#event_metas),*],
                introspection: #introspection,
            };
        }
        pub use __qapi_schema::*;
    }
}
