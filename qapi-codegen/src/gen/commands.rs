//! The `commands` module: one type per command, holding its arguments and
//! implementing `qapi_runtime::Command`.

use proc_macro2::TokenStream;
use qapi_schema::model::{Entity, EntityId, EntityKind, TypeRef};
use quote::quote;

use super::context::{Context, Place};
use super::types::plain_struct;
use super::{cond_tokens, docs, features_tokens, Module};

/// The type that carries a command's arguments or an event's data: a unit
/// struct when there are none, a newtype around a named type, or a struct
/// with the members of an inline one.  Returns its items.
pub fn arg_carrier(
    ctx: &Context,
    out: &mut Module,
    id: EntityId,
    entity: &Entity,
    kind: &str,
    arg: Option<&TypeRef>,
) -> TokenStream {
    let name = ctx.name(id);
    let attrs = docs::item_attrs(
        kind,
        &entity.name,
        ctx.schema.doc_of(id),
        entity.ifcond.as_ref(),
        &entity.features,
    );
    let Some(arg) = arg else {
        out.unit_codec.push(quote!(#name));
        out.serde.push(quote!(#name));
        return quote! {
            #attrs
            #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
            pub struct #name;
        };
    };
    let arg_id = arg.id();
    let arg_entity = ctx.entity(arg_id);
    if !arg_entity.is_implicit() || ctx.is_standalone(arg_id) {
        out.serde.push(quote!(#name));
        let inner = ctx.rust_type(arg_id, Place::Sub);
        return quote! {
            #attrs
            #[derive(Clone)]
            pub struct #name(pub #inner);
            impl __q::Encode for #name {
                fn encode(&self) -> __q::Value {
                    __q::Encode::encode(&self.0)
                }
            }
            impl __q::Decode for #name {
                fn decode(v: __q::Value, p: &__q::Path<'_>) -> __q::Result<Self, __q::DecodeError> {
                    __q::Decode::decode(v, p).map(Self)
                }
            }
            ::qapi_runtime::__impl_debug_eq!(#name);
        };
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
        let carrier = arg_carrier(ctx, out, id, entity, "command", command.arg_type.as_ref());
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
        out.items.push(quote! {
            #carrier
            impl ::qapi_runtime::Command for #name {
                type Ret = #ret;
                const NAME: &'static str = #wire;
                const META: &'static __q::CommandMeta = &__q::CommandMeta {
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
                    check_args: __q::check_args::<Self>,
                };
            }
        });
    }
}
