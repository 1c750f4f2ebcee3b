//! The `commands` module: one type per command, holding its arguments and
//! implementing `qapi_runtime::Command`.

use proc_macro2::TokenStream;
use qapi_schema::model::{Entity, EntityId, EntityKind, TypeRef};
use quote::quote;

use super::context::{Context, Place};
use super::types::plain_struct;
use super::{cond_tokens, docs, emit_guarded, features_tokens, Module};

/// The type that carries a command's arguments or an event's data: a unit
/// struct when there are none, a newtype around a named type, or a struct
/// with the members of an inline one.  Returns its declaration and its
/// impls.
pub fn arg_carrier(
    ctx: &Context,
    out: &mut Module,
    id: EntityId,
    entity: &Entity,
    kind: &str,
    arg: Option<&TypeRef>,
) -> (TokenStream, TokenStream) {
    let name = ctx.name(id);
    let attrs = docs::item_attrs(kind, entity, ctx.schema.doc_of(id));
    let Some(arg) = arg else {
        out.unit_codec.push(quote!(#name));
        out.deserialize.push(quote!(#name));
        let decl = quote! {
            #attrs
            #[derive(Clone, Debug, PartialEq)]
            pub struct #name;
        };
        return (decl, TokenStream::new());
    };
    let arg_id = arg.id();
    let arg_entity = ctx.entity(arg_id);
    if !arg_entity.is_implicit() || ctx.is_standalone(arg_id) {
        out.deserialize.push(quote!(#name));
        let inner = ctx.rust_type(arg_id, Place::Sub);
        out.debug_eq.push(quote!(#name));
        let decl = quote! {
            #attrs
            #[derive(Clone)]
            pub struct #name(pub #inner);
        };
        let impls = quote! {
            impl __q::Serialize for #name {
                fn serialize<S: __q::Serializer>(&self, s: S) -> __q::Result<S::Ok, S::Error> {
                    __q::Serialize::serialize(&self.0, s)
                }
            }
            impl __q::Decode for #name {
                fn decode(v: __q::Value, p: &__q::Path<'_>) -> __q::Result<Self, __q::DecodeError> {
                    __q::Decode::decode(v, p).map(Self)
                }
            }
        };
        return (decl, impls);
    }
    let EntityKind::Object(object) = &arg_entity.kind else {
        unreachable!("implicit argument types are objects")
    };
    plain_struct(ctx, out, arg_id, name, attrs, object, Place::Sub)
}

pub fn generate(ctx: &Context, out: &mut Module) {
    for (id, entity) in ctx.schema.commands() {
        let EntityKind::Command(command) = &entity.kind else {
            continue;
        };
        let name = ctx.name(id);
        let wire = &entity.name;
        let ret = match &command.ret_type {
            Some(r) => ctx.rust_type(r.id(), Place::Sub),
            None => quote!(__q::Empty),
        };
        let f = &command.flags;
        let (gen, success_response, boxed, allow_oob, allow_preconfig, coroutine) = (
            f.gen,
            f.success_response,
            f.boxed,
            f.allow_oob,
            f.allow_preconfig,
            f.coroutine,
        );
        let features = features_tokens(&entity.features);
        let cond = cond_tokens(entity.ifcond.as_ref());
        // The metadata stays whatever is compiled out: introspection and
        // the registry still know the command.
        let compiled_out = ctx.cfg_guard(entity);
        let check_args = match &compiled_out {
            None => quote!(__q::check_args::<#name>),
            Some(pred) => quote! {{
                #[cfg(#pred)]
                const CHECK: fn(__q::Value) -> __q::Result<(), __q::DecodeError> = __q::check_args::<#name>;
                #[cfg(not(#pred))]
                const CHECK: fn(__q::Value) -> __q::Result<(), __q::DecodeError> = __q::no_check;
                CHECK
            }},
        };
        let meta_value = quote! {
            &__q::CommandMeta {
                name: #wire,
                flags: __q::CommandFlags {
                    gen: #gen,
                    success_response: #success_response,
                    boxed: #boxed,
                    allow_oob: #allow_oob,
                    allow_preconfig: #allow_preconfig,
                    coroutine: #coroutine,
                },
                features: #features,
                cond: #cond,
                check_args: #check_args,
            }
        };
        // Where the type may be compiled out, the metadata is a constant of
        // its own; otherwise it lives in the `Command` impl (one item fewer).
        let meta = match &compiled_out {
            None => meta_value,
            Some(_) => {
                let meta = meta_name(name);
                out.items.push(quote! {
                    #[doc(hidden)]
                    pub const #meta: &__q::CommandMeta = #meta_value;
                });
                quote!(#meta)
            }
        };
        emit_guarded(out, compiled_out, |out| {
            let (decl, impls) =
                arg_carrier(ctx, out, id, entity, "command", command.arg_type.as_ref());
            let impls = quote! {
                #impls
                impl ::qapi_runtime::Command for #name {
                    type Ret = #ret;
                    const META: &'static __q::CommandMeta = #meta;
                }
            };
            (decl, impls)
        });
    }
}

/// The expression of command `id`'s metadata, from the schema's module.
pub fn meta_ref(ctx: &Context, id: EntityId) -> TokenStream {
    let name = ctx.name(id);
    match ctx.cfg_guard(ctx.entity(id)) {
        None => quote!(<commands::#name as ::qapi_runtime::Command>::META),
        Some(_) => {
            let meta = meta_name(name);
            quote!(commands::#meta)
        }
    }
}

/// The constant holding the metadata of a command or event that may be
/// compiled out.
pub fn meta_name(name: &proc_macro2::Ident) -> proc_macro2::Ident {
    quote::format_ident!("__META_{}", name.to_string().trim_start_matches("r#"))
}
