//! The `events` module: one type per event, holding its data and
//! implementing `qapi_runtime::Event`, and `AnyEvent`, the enum of them all.

use proc_macro2::TokenStream;
use qapi_schema::model::EntityKind;
use quote::quote;

use super::carrier::{self, Carrier};
use super::cfg;
use super::conditional;
use super::context::Context;
use super::{cond_tokens, features_tokens, Module};

/// Generates the events, and returns how `SCHEMA` reaches each one's
/// metadata, in schema order.
pub fn generate(ctx: &Context, out: &mut Module) -> Vec<TokenStream> {
    let mut metas = Vec::new();
    let mut variants = Vec::new();
    let mut names = Vec::new();
    let mut datas = Vec::new();
    let mut decodes = Vec::new();
    for (id, entity) in ctx.schema.events() {
        let EntityKind::Event(event) = &entity.kind else {
            continue;
        };
        let name = ctx.name(id);
        let wire = &entity.name;
        let has_data = event.arg_type.is_some();
        let conditional_data = event
            .arg_type
            .as_ref()
            .is_some_and(|t| conditional::reaches(ctx, t.id()));
        let features = features_tokens(&entity.features);
        let cond = cond_tokens(entity.ifcond.as_ref());
        let compiled_out = ctx.cfg_guard(entity);
        // Variants and arms of a compiled-out event go with it.
        let guard = cfg::attr(compiled_out.as_ref());
        let meta_value = quote! {
            &__q::EventMeta {
                name: #wire,
                has_data: #has_data,
                conditional_data: #conditional_data,
                features: #features,
                cond: #cond,
            }
        };
        metas.push(carrier::emit(
            ctx,
            out,
            id,
            Carrier::Event,
            meta_value,
            compiled_out,
            TokenStream::new(),
        ));
        variants.push(quote!(#guard #name(#name),));
        names.push(quote!(#guard Self::#name(_) => #wire,));
        datas.push(if has_data {
            quote!(#guard Self::#name(ref e) => __q::to_json(e),)
        } else {
            quote!(#guard Self::#name(_) => __q::None,)
        });
        decodes.push(quote! {
            #guard
            #wire => __q::Some(
                __q::Decode::decode_for(data, &__q::Path::Root, lacks).map(Self::#name)
            ),
        });
    }
    let wires: Vec<&str> = ctx.schema.events().map(|(_, e)| e.name.as_str()).collect();
    // Matches on the place `*self` stay exhaustive when there is no event
    // (or `cfg` leaves none).
    let name_body = quote!(match *self { #(#names)* });
    let data_body = quote!(match *self { #(#datas)* });
    out.push(quote! {
        /// Any event of the schema.
        #[derive(Clone, Debug, PartialEq)]
        pub enum AnyEvent { #(#variants)* }
        impl AnyEvent {
            /// The wire names of all events, in schema order.
            pub const NAMES: &'static [&'static str] = &[#(#wires),*];

            /// The event's wire name.
            pub fn name(&self) -> &'static str { #name_body }

            /// The event's `data`, if it has any.
            pub fn data(&self) -> __q::Option<__q::Value> { #data_body }

            /// Reads an event from its wire name and `data` (an empty object
            /// when the message has none); `None` for a name the schema does
            /// not have.
            pub fn decode(
                name: &str,
                data: __q::Value,
            ) -> __q::Option<__q::Result<Self, __q::DecodeError>> {
                <Self as __q::EventSet>::decode_for(name, data, __q::Lacks::none())
            }
        }
        impl __q::EventSet for AnyEvent {
            fn name(&self) -> &'static str { AnyEvent::name(self) }

            fn decode_for(
                name: &str,
                data: __q::Value,
                lacks: &__q::Lacks,
            ) -> __q::Option<__q::Result<Self, __q::DecodeError>> {
                match name {
                    #(#decodes)*
                    _ => __q::None,
                }
            }
        }
    });
    metas
}
