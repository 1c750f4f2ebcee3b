//! The types that carry a command's arguments or an event's data, with
//! their `Command` or `Event` impl and the metadata in it.

use proc_macro2::{Ident, TokenStream};
use qapi_schema::model::{Entity, EntityId, EntityKind, TypeRef};
use quote::{format_ident, quote};

use super::context::{Context, Place};
use super::types::plain_struct;
use super::{docs, emit_guarded, Module};

/// What a carrier type holds: a command's arguments or an event's data.
#[derive(Clone, Copy)]
pub enum Carrier {
    Command,
    Event,
}

impl Carrier {
    /// What the QAPI definition is.
    fn kind(self) -> &'static str {
        match self {
            Carrier::Command => "command",
            Carrier::Event => "event",
        }
    }

    /// The module that holds the type, its trait and the trait's metadata
    /// type.
    fn names(self) -> (TokenStream, TokenStream, TokenStream) {
        match self {
            Carrier::Command => (quote!(commands), quote!(Command), quote!(__q::CommandMeta)),
            Carrier::Event => (quote!(events), quote!(Event), quote!(__q::EventMeta)),
        }
    }
}

/// Emits the type of command or event `id`, under its `cfg` if a mapping
/// may compile it out (`compiled_out`), with its trait impl: the
/// associated items `assoc` and the metadata `meta`.  Returns how `SCHEMA`
/// reaches the metadata.
pub fn emit(
    ctx: &Context,
    out: &mut Module,
    id: EntityId,
    carrier: Carrier,
    meta: TokenStream,
    compiled_out: Option<TokenStream>,
    assoc: TokenStream,
) -> TokenStream {
    let entity = ctx.entity(id);
    let name = ctx.name(id);
    let arg = match &entity.kind {
        EntityKind::Command(c) => c.arg_type.as_ref(),
        EntityKind::Event(e) => e.arg_type.as_ref(),
        _ => None,
    };
    let (meta, schema_meta) = place_meta(out, carrier, name, meta, compiled_out.as_ref());
    emit_guarded(out, compiled_out, |out| {
        let (decl, impls) = arg_carrier(ctx, out, id, entity, carrier, arg);
        let (_, meta_trait, meta_type) = carrier.names();
        let impls = quote! {
            #impls
            impl __q::#meta_trait for #name {
                #assoc
                const META: &'static #meta_type = #meta;
            }
        };
        (decl, impls)
    });
    schema_meta
}

/// The type that carries a command's arguments or an event's data: a unit
/// struct when there are none, a newtype around a named type, or a struct
/// with the members of an inline one.  Returns its declaration and its
/// impls.
fn arg_carrier(
    ctx: &Context,
    out: &mut Module,
    id: EntityId,
    entity: &Entity,
    carrier: Carrier,
    arg: Option<&TypeRef>,
) -> (TokenStream, TokenStream) {
    let name = ctx.name(id);
    let attrs = docs::item_attrs(
        ctx,
        Place::Sub,
        carrier.kind(),
        entity,
        ctx.schema.doc_of(id),
    );
    let Some(arg) = arg else {
        out.unit_codec.push(name);
        let decl = quote! {
            #attrs
            pub struct #name;
        };
        return (decl, TokenStream::new());
    };
    let arg_id = arg.id();
    let arg_entity = ctx.entity(arg_id);
    if ctx.is_generated_type(arg_id) {
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
            impl<'de> __q::Deserialize<'de> for #name {
                fn deserialize<D: __q::Deserializer<'de>>(d: D) -> __q::Result<Self, D::Error> {
                    __q::Deserialize::deserialize(d).map(Self)
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

/// Where a command's or event's metadata (`value`) lives: in its trait
/// impl (one item fewer), or, where a `cfg` mapping may compile the type
/// out, in a constant of its own, since the metadata stays whatever is
/// compiled.  Returns the expression for the impl, and the one by which
/// `SCHEMA`, in the schema's module, reaches it.
fn place_meta(
    out: &mut Module,
    carrier: Carrier,
    name: &Ident,
    value: TokenStream,
    compiled_out: Option<&TokenStream>,
) -> (TokenStream, TokenStream) {
    let (module, meta_trait, meta_type) = carrier.names();
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
