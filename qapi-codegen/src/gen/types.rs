//! Types: enums, structs, unions (in [`super::union`]) and alternates.

use proc_macro2::{Ident, TokenStream};
use qapi_schema::model::{
    Builtin, Entity, EntityId, EntityKind, EnumType, Member, ObjectType, Variant,
};
use qapi_schema::Doc;
use quote::quote;

use super::cfg;
use super::conditional;
use super::context::{Context, Place};
use super::docs;
use super::members::{self, MemberCode};
use super::union;
use super::{emit_guarded, Exports, Module as Output};
use crate::rules;

/// The doc block that documents members declared by `defined_in`: its own,
/// or its owner's for an implicit type.
pub fn members_doc<'s>(ctx: &Context<'s>, defined_in: &str) -> Option<&'s Doc> {
    let owner = defined_in
        .strip_prefix("q_obj_")
        .and_then(|n| n.strip_suffix("-arg").or_else(|| n.strip_suffix("-base")))
        .unwrap_or(defined_in);
    ctx.schema
        .lookup(owner)
        .and_then(|id| ctx.schema.doc_of(id))
}

/// The Rust variant names of an enum: its values', and then the name of
/// the variant for values the schema does not have (`Unknown`, unless a
/// value takes that name).
pub fn enum_variants(e: &EnumType) -> (Vec<Ident>, Ident) {
    let mut names: Vec<String> = e
        .members
        .iter()
        .map(|m| rules::upper_camel(&m.name))
        .chain([UNKNOWN.to_owned()])
        .collect();
    rules::dedup(&mut names);
    let mut idents: Vec<Ident> = names.iter().map(|n| rules::ident(n)).collect();
    // The chain above ends in it.
    let unknown = idents.pop().expect("the unknown variant's name");
    (idents, unknown)
}

/// The variant of every enum and union for what a newer peer may send.
const UNKNOWN: &str = "Unknown";

/// A struct's fields: the Rust name of each member, unique among
/// `reserved` and each other.
pub fn field_names<'m>(members: impl Iterator<Item = &'m Member>, reserved: &[&str]) -> Vec<Ident> {
    let mut names: Vec<String> = reserved.iter().map(|r| (*r).to_owned()).collect();
    names.extend(members.map(|m| rules::snake(&m.name)));
    rules::dedup(&mut names);
    names[reserved.len()..]
        .iter()
        .map(|n| rules::ident(n))
        .collect()
}

/// Field declarations for `members` of the type `holder`.
pub fn field_decls(
    ctx: &Context,
    holder: EntityId,
    members: &[&Member],
    names: &[Ident],
    place: Place,
) -> Vec<TokenStream> {
    members
        .iter()
        .zip(names)
        .map(|(m, name)| {
            let ty = ctx.field_type(holder, m, place);
            let attrs = docs::member_attrs(
                ctx,
                place,
                &m.name,
                members_doc(ctx, &m.defined_in),
                m.ifcond.as_ref(),
                &m.features,
            );
            let cfg = cfg::attr(member_guard(ctx, m));
            quote!(#attrs #cfg pub #name: #ty,)
        })
        .collect()
}

/// Whether every member of `holder` is an `Option`, so that the type has a
/// default.
pub fn all_optional(ctx: &Context, holder: EntityId, members: &[&Member]) -> bool {
    members
        .iter()
        .all(|m| conditional::is_option(ctx, holder, m))
}

/// The `cfg` predicate of a member, if the `cfg` option can compile it
/// out (by its own condition or its type's).
pub fn member_guard(ctx: &Context, m: &Member) -> Option<TokenStream> {
    ctx.use_guard(m.ifcond.as_ref(), Some(m.ty.id()))
}

/// The codec impls of a plain struct: by the runtime's macro, or written
/// out where members may be compiled out.
fn struct_codec(
    ctx: &Context,
    out: &mut Output,
    holder: EntityId,
    name: &Ident,
    members: &[&Member],
    names: &[Ident],
) -> TokenStream {
    let code: Vec<MemberCode> = members
        .iter()
        .zip(names)
        .map(|(m, field)| MemberCode {
            wire: &m.name,
            local: field,
            value: quote!(self.#field),
            guard: member_guard(ctx, m),
        })
        .collect();
    let key = conditional::key(ctx, holder);
    if let Some(groups) = members::groups_for_macro(&code) {
        out.struct_codec.push(format_args!("{name} {key} {groups}"));
        return TokenStream::new();
    }
    let decode = members::decode(&code, key, None);
    let construct = members::construct(&code);
    let encode = members::encode(&code);
    quote! {
        impl<'de> __q::Deserialize<'de> for #name {
            fn deserialize<D: __q::Deserializer<'de>>(d: D) -> __q::Result<Self, D::Error> {
                #decode
                __q::Ok(Self { #construct })
            }
        }
        impl __q::Serialize for #name {
            fn serialize<S: __q::Serializer>(&self, s: S) -> __q::Result<S::Ok, S::Error> {
                #encode.end()
            }
        }
    }
}

/// Generates every type of the schema into `out`, and their re-exports
/// into `exports`.
pub fn generate(ctx: &Context, out: &mut Output, exports: &mut Exports) {
    for (id, entity) in ctx.entities() {
        if !ctx.is_generated_type(id) {
            continue;
        }
        let guard = ctx.type_guard(id);
        let name = ctx.name(id);
        match &entity.kind {
            EntityKind::Enum(e) => {
                exports.add(guard.as_ref(), [name]);
                emit_guarded(out, guard, |out| gen_enum(ctx, out, id, entity, e))
            }
            EntityKind::Object(o) => match &o.branches {
                None => {
                    exports.add(guard.as_ref(), [name]);
                    emit_guarded(out, guard, |out| gen_struct(ctx, out, id, entity, o))
                }
                Some(branches) => {
                    let branch_type = union::branch_type(ctx, id, o);
                    exports.add(
                        guard.as_ref(),
                        [Some(name), branch_type.as_ref()].into_iter().flatten(),
                    );
                    emit_guarded(out, guard, |out| {
                        union::generate(ctx, out, id, entity, o, branches)
                    })
                }
            },
            EntityKind::Alternate(a) => {
                exports.add(guard.as_ref(), [name]);
                emit_guarded(out, guard, |out| {
                    gen_alternate(ctx, out, id, entity, &a.variants)
                })
            }
            _ => {}
        }
    }
}

fn gen_enum(
    ctx: &Context,
    out: &mut Output,
    id: EntityId,
    entity: &Entity,
    e: &EnumType,
) -> (TokenStream, TokenStream) {
    let name = ctx.name(id);
    let doc = ctx.schema.doc_of(id);
    let attrs = docs::item_attrs(ctx, Place::Types, "enum", entity, doc);
    let (variants, unknown) = enum_variants(e);
    let cfgs: Vec<Option<TokenStream>> = e
        .members
        .iter()
        .map(|m| cfg::attr(ctx.use_guard(m.ifcond.as_ref(), None)))
        .collect();
    let variant_decls = e
        .members
        .iter()
        .zip(&variants)
        .zip(&cfgs)
        .map(|((m, v), cfg)| {
            let attrs = docs::member_attrs(
                ctx,
                Place::Types,
                &m.name,
                doc,
                m.ifcond.as_ref(),
                &m.features,
            );
            quote!(#attrs #cfg #v,)
        });
    let wire: Vec<&String> = e.members.iter().map(|m| &m.name).collect();
    out.enum_codec
        .push(format_args!("{name} {}", conditional::key(ctx, id)));
    (
        quote! {
            #attrs
            #[derive(Clone, PartialEq, Eq, Hash)]
            pub enum #name {
                #(#variant_decls)*
                /// A value this schema does not have, from a newer peer
                /// (only tolerant decoding makes it).
                #unknown(__q::UnknownValue),
            }
        },
        quote! {
            impl __q::QapiEnum for #name {
                const NAMES: &'static [&'static str] = &[#(#cfgs #wire),*];
                const VALUES: &'static [Self] = &[#(#cfgs Self::#variants),*];
                fn as_str(&self) -> &str {
                    match self {
                        #(#cfgs Self::#variants => #wire,)*
                        Self::#unknown(v) => v.as_str(),
                    }
                }
                fn unknown(v: __q::UnknownValue) -> Self {
                    Self::#unknown(v)
                }
                fn as_unknown(&self) -> __q::Option<&__q::UnknownValue> {
                    match self {
                        Self::#unknown(v) => __q::Some(v),
                        _ => __q::None,
                    }
                }
            }
        },
    )
}

fn gen_struct(
    ctx: &Context,
    out: &mut Output,
    id: EntityId,
    entity: &Entity,
    o: &ObjectType,
) -> (TokenStream, TokenStream) {
    let attrs = docs::item_attrs(ctx, Place::Types, "struct", entity, ctx.schema.doc_of(id));
    plain_struct(ctx, out, id, ctx.name(id), attrs, o, Place::Types)
}

/// A struct holding the members of object type `holder`: its declaration,
/// and its codec impls.  `Debug` and `PartialEq` come from the runtime's
/// macros, through `out`'s lists.
pub fn plain_struct(
    ctx: &Context,
    out: &mut Output,
    holder: EntityId,
    name: &Ident,
    attrs: TokenStream,
    o: &ObjectType,
    place: Place,
) -> (TokenStream, TokenStream) {
    let members: Vec<&Member> = o.members.iter().collect();
    let names = field_names(members.iter().copied(), &[]);
    let fields = field_decls(ctx, holder, &members, &names, place);
    let default = all_optional(ctx, holder, &members).then(|| quote!(Default,));
    let codec = struct_codec(ctx, out, holder, name, &members, &names);
    out.debug_eq.push(name);
    let decl = quote! {
        #attrs
        #[derive(Clone, #default)]
        pub struct #name { #(#fields)* }
    };
    (decl, codec)
}

/// The JSON type an alternative of type `id` accepts: the runtime's
/// `JsonType` variant, and the name QEMU's messages give it.
pub fn json_type(ctx: &Context, id: EntityId) -> (Ident, &'static str) {
    let (variant, name) = match &ctx.entity(id).kind {
        EntityKind::Builtin(Builtin::Str) | EntityKind::Enum(_) => ("Str", "string"),
        EntityKind::Builtin(Builtin::Bool) => ("Bool", "boolean"),
        EntityKind::Builtin(Builtin::Null) => ("Null", "null"),
        EntityKind::Builtin(_) => ("Number", "number"),
        EntityKind::Array(_) => ("Array", "array"),
        _ => ("Object", "object"),
    };
    (rules::ident(variant), name)
}

fn gen_alternate(
    ctx: &Context,
    out: &mut Output,
    id: EntityId,
    entity: &Entity,
    variants: &[Variant],
) -> (TokenStream, TokenStream) {
    let name = ctx.name(id);
    let doc = ctx.schema.doc_of(id);
    let attrs = docs::item_attrs(ctx, Place::Types, "alternate", entity, doc);
    let mut idents: Vec<String> = variants
        .iter()
        .map(|v| rules::upper_camel(&v.name))
        .collect();
    rules::dedup(&mut idents);
    let idents: Vec<Ident> = idents.iter().map(|n| rules::ident(n)).collect();
    let cfgs: Vec<Option<TokenStream>> = variants
        .iter()
        .map(|v| cfg::attr(ctx.use_guard(v.ifcond.as_ref(), Some(v.ty.id()))))
        .collect();
    let decls = variants
        .iter()
        .zip(&idents)
        .zip(&cfgs)
        .map(|((v, ident), cfg)| {
            let ty = ctx.variant_type(id, v, Place::Types);
            let attrs = docs::member_attrs(ctx, Place::Types, &v.name, doc, v.ifcond.as_ref(), &[]);
            quote!(#attrs #cfg #ident(#ty),)
        });
    let decode_arms = variants
        .iter()
        .zip(&idents)
        .zip(&cfgs)
        .map(|((v, ident), cfg)| {
            let (json, _) = json_type(ctx, v.ty.id());
            quote!(#cfg __q::JsonType::#json => __q::Deserialize::deserialize(d).map(Self::#ident),)
        });
    // On the place `*self`, so that the match is exhaustive even when `cfg`
    // leaves no alternative.
    let encode_arms = idents
        .iter()
        .zip(&cfgs)
        .map(|(ident, cfg)| quote!(#cfg Self::#ident(ref v) => __q::Serialize::serialize(v, s),));
    let qapi_name = &entity.name;
    out.debug_eq.push(name);
    (
        quote! {
            #attrs
            #[derive(Clone)]
            pub enum #name { #(#decls)* }
        },
        quote! {
            impl __q::Alternate for #name {
                const NAME: &'static str = #qapi_name;
                fn deserialize_as<'de, D: __q::Deserializer<'de>>(
                    json: __q::JsonType,
                    d: D,
                ) -> __q::Result<Self, D::Error> {
                    match json {
                        #(#decode_arms)*
                        _ => __q::Err(__q::no_alternative(json, Self::NAME)),
                    }
                }
            }
            impl<'de> __q::Deserialize<'de> for #name {
                fn deserialize<D: __q::Deserializer<'de>>(d: D) -> __q::Result<Self, D::Error> {
                    __q::deserialize_alternate(d)
                }
            }
            impl __q::Serialize for #name {
                fn serialize<S: __q::Serializer>(&self, s: S) -> __q::Result<S::Ok, S::Error> {
                    match *self { #(#encode_arms)* }
                }
            }
        },
    )
}
