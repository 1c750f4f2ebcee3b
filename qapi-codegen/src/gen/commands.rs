//! The `commands` module: one type per command, holding its arguments and
//! implementing `qapi_runtime::Command`.

use proc_macro2::{Ident, TokenStream};
use qapi_schema::model::{CommandFlags, Entity, EntityId, EntityKind, TypeRef};
use quote::{format_ident, quote};

use super::context::{Context, Place};
use super::types::plain_struct;
use super::{cond_tokens, docs, emit_guarded, features_tokens, Module};

/// What a carrier type holds: a command's arguments or an event's data.
#[derive(Clone, Copy)]
pub enum Carrier {
    Command,
    Event,
}

/// The type that carries a command's arguments or an event's data: a unit
/// struct when there are none, a newtype around a named type, or a struct
/// with the members of an inline one.  Returns its declaration and its
/// impls.
pub fn arg_carrier(
    ctx: &Context,
    out: &mut Module,
    id: EntityId,
    entity: &Entity,
    carrier: Carrier,
    arg: Option<&TypeRef>,
) -> (TokenStream, TokenStream) {
    let name = ctx.name(id);
    let kind = match carrier {
        Carrier::Command => "command",
        Carrier::Event => "event",
    };
    let attrs = docs::item_attrs(ctx, Place::Sub, kind, entity, ctx.schema.doc_of(id));
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

/// Generates the commands in module order, the order QEMU registers them
/// in, and returns how `SCHEMA` reaches each one's metadata, in that order.
pub fn generate(ctx: &Context, out: &mut Module) -> Vec<TokenStream> {
    let mut metas = Vec::new();
    let in_module_order = ctx
        .schema
        .modules()
        .iter()
        .flat_map(|m| m.entities().iter().copied());
    for id in in_module_order {
        let entity = ctx.entity(id);
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
        let (meta, schema_meta) = place_meta(
            out,
            Carrier::Command,
            name,
            meta_value,
            compiled_out.as_ref(),
        );
        metas.push(schema_meta);
        emit_guarded(out, compiled_out, |out| {
            let (decl, impls) = arg_carrier(
                ctx,
                out,
                id,
                entity,
                Carrier::Command,
                command.arg_type.as_ref(),
            );
            let impls = quote! {
                #impls
                impl __q::Command for #name {
                    type Ret = #ret;
                    const META: &'static __q::CommandMeta = #meta;
                }
            };
            (decl, impls)
        });
    }
    metas
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

/// Where a command's or event's metadata (`value`) lives: in its trait
/// impl (one item fewer), or, where a `cfg` mapping may compile the type
/// out, in a constant of its own, since the metadata stays whatever is
/// compiled.  Returns the expression for the impl, and the one by which
/// `SCHEMA`, in the schema's module, reaches it.
pub fn place_meta(
    out: &mut Module,
    carrier: Carrier,
    name: &Ident,
    value: TokenStream,
    compiled_out: Option<&TokenStream>,
) -> (TokenStream, TokenStream) {
    let (module, meta_trait, meta_type) = match carrier {
        Carrier::Command => (quote!(commands), quote!(Command), quote!(__q::CommandMeta)),
        Carrier::Event => (quote!(events), quote!(Event), quote!(__q::EventMeta)),
    };
    if compiled_out.is_none() {
        return (value, quote!(<#module::#name as __q::#meta_trait>::META));
    }
    let meta = format_ident!("__META_{}", name.to_string().trim_start_matches("r#"));
    out.push(quote! {
        #[doc(hidden)]
        pub const #meta: &#meta_type = #value;
    });
    (quote!(#meta), quote!(#module::#meta))
}
