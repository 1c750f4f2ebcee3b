//! The `commands` module: one type per command, holding its arguments and
//! implementing `qapi_runtime::Command`.

use proc_macro2::TokenStream;
use qapi_schema::model::{CommandFlags, EntityKind};
use quote::{format_ident, quote};

use super::carrier::{self, Carrier};
use super::conditional;
use super::context::{Context, Place};
use super::{cond_tokens, features_tokens, Module};

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
        // Checks that work on the command's types, or on nothing where
        // they are compiled out.
        let check = |ty: TokenStream| match &compiled_out {
            None => quote!(__q::check_decodes::<#ty>),
            Some(pred) => quote! {{
                #[cfg(#pred)]
                const CHECK: fn(__q::Value, &__q::Lacks) -> __q::Result<(), __q::DecodeError> = __q::check_decodes::<#ty>;
                #[cfg(not(#pred))]
                const CHECK: fn(__q::Value, &__q::Lacks) -> __q::Result<(), __q::DecodeError> = __q::no_check;
                CHECK
            }},
        };
        let check_args = check(quote!(#name));
        let check_ret = check(quote!(<#name as __q::Command>::Ret));
        let conditional_ret = command
            .ret_type
            .as_ref()
            .is_some_and(|r| conditional::reaches(ctx, r.id()));
        let meta_value = quote! {
            &__q::CommandMeta {
                name: #wire,
                flags: #flags,
                features: #features,
                cond: #cond,
                check_args: #check_args,
                check_ret: #check_ret,
                conditional_ret: #conditional_ret,
            }
        };
        metas.push(carrier::emit(
            ctx,
            out,
            id,
            Carrier::Command,
            meta_value,
            compiled_out,
            quote!(type Ret = #ret;),
        ));
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
