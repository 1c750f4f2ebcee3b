//! The `commands` module: one type per command, holding its arguments and
//! implementing `qapi_runtime::Command`.

use proc_macro2::{Ident, TokenStream};
use qapi_schema::model::{CommandFlags, Entity, EntityId, EntityKind, TypeRef};
use quote::{format_ident, quote};

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
        out.unit_codec.push(name);
        out.deserialize.push(name);
        let decl = quote! {
            #attrs
            pub struct #name;
        };
        return (decl, TokenStream::new());
    };
    let arg_id = arg.id();
    let arg_entity = ctx.entity(arg_id);
    if !arg_entity.is_implicit() || ctx.is_standalone(arg_id) {
        out.deserialize.push(name);
        let inner = ctx.rust_type(arg_id, Place::Sub);
        out.debug_eq.push(name);
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
        let flags = flags_tokens(&command.flags);
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
                flags: #flags,
                features: #features,
                cond: #cond,
                check_args: #check_args,
            }
        };
        let meta = meta_expr(
            out,
            name,
            quote!(__q::CommandMeta),
            meta_value,
            &compiled_out,
        );
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

/// A command's flags: those that differ from the usual ones, over
/// `CommandFlags::DEFAULT`.
fn flags_tokens(f: &CommandFlags) -> TokenStream {
    let usual = CommandFlags::default();
    let differing = [
        ("gen", f.gen, usual.gen),
        (
            "success_response",
            f.success_response,
            usual.success_response,
        ),
        ("boxed", f.boxed, usual.boxed),
        ("allow_oob", f.allow_oob, usual.allow_oob),
        ("allow_preconfig", f.allow_preconfig, usual.allow_preconfig),
        ("coroutine", f.coroutine, usual.coroutine),
    ]
    .into_iter()
    .filter(|(_, value, usual)| value != usual)
    .map(|(field, value, _)| {
        let field = format_ident!("{field}");
        quote!(#field: #value,)
    })
    .collect::<Vec<_>>();
    if differing.is_empty() {
        quote!(__q::CommandFlags::DEFAULT)
    } else {
        quote!(__q::CommandFlags { #(#differing)* ..__q::CommandFlags::DEFAULT })
    }
}

/// Where a command's or event's metadata (`value`, of type `meta_type`)
/// lives: in its trait impl (one item fewer), or, where a `cfg` mapping may
/// compile the type out, in a constant of its own, since the metadata stays
/// whatever is compiled.
pub fn meta_expr(
    out: &mut Module,
    name: &Ident,
    meta_type: TokenStream,
    value: TokenStream,
    compiled_out: &Option<TokenStream>,
) -> TokenStream {
    if compiled_out.is_none() {
        return value;
    }
    let meta = meta_name(name);
    out.push(quote! {
        #[doc(hidden)]
        pub const #meta: &#meta_type = #value;
    });
    quote!(#meta)
}

/// The expression of the metadata of command or event `id` (in module
/// `module`, implementing `meta_trait`), from the schema's module.
pub fn meta_ref(ctx: &Context, id: EntityId, module: &str, meta_trait: &str) -> TokenStream {
    let name = ctx.name(id);
    let module = format_ident!("{module}");
    match ctx.cfg_guard(ctx.entity(id)) {
        None => {
            let meta_trait = format_ident!("{meta_trait}");
            quote!(<#module::#name as ::qapi_runtime::#meta_trait>::META)
        }
        Some(_) => {
            let meta = meta_name(name);
            quote!(#module::#meta)
        }
    }
}

/// The constant holding the metadata of a command or event that may be
/// compiled out.
fn meta_name(name: &Ident) -> Ident {
    format_ident!("__META_{}", name.to_string().trim_start_matches("r#"))
}
