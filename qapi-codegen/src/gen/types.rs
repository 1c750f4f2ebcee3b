//! Types: enums, structs, unions and alternates.

use proc_macro2::{Ident, TokenStream};
use qapi_schema::model::{
    Branches, Builtin, Entity, EntityId, EntityKind, EnumType, Member, ObjectType, Variant,
};
use qapi_schema::Doc;
use quote::{format_ident, quote};

use super::cfg::{self, all_of};
use super::context::{Context, Place};
use super::docs;
use super::members::{self, MemberCode};
use super::{emit_guarded, Module as Output};
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

/// The Rust variant names of an enum's values.
pub fn enum_variants(e: &EnumType) -> Vec<Ident> {
    let mut names: Vec<String> = e
        .members
        .iter()
        .map(|m| rules::upper_camel(&m.name))
        .collect();
    rules::dedup(&mut names);
    names.iter().map(|n| rules::ident(n)).collect()
}

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

/// Whether every member is optional, so that the type has a default.
pub fn all_optional(members: &[&Member]) -> bool {
    members.iter().all(|m| m.optional)
}

/// The `cfg` predicate of a member, if the `cfg` option can compile it
/// out (by its own condition or its type's).
fn member_guard(ctx: &Context, m: &Member) -> Option<TokenStream> {
    ctx.use_guard(m.ifcond.as_ref(), Some(m.ty.id()))
}

/// The codec impls of a plain struct: by the runtime's macro, or written
/// out where members may be compiled out.
fn struct_codec(
    ctx: &Context,
    out: &mut Output,
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
    if let Some(groups) = members::groups_for_macro(&code) {
        out.struct_codec.push(format_args!("{name} {groups}"));
        return TokenStream::new();
    }
    let decode = members::decode(&code);
    let construct = members::construct(&code);
    let encode = members::encode(&code);
    quote! {
        impl __q::Decode for #name {
            fn decode_fields(o: &mut __q::Object<'_>) -> __q::Result<Self, __q::DecodeError> {
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

pub fn generate(ctx: &Context, out: &mut Output) {
    for (id, entity) in ctx.entities() {
        let guard = ctx.type_guard(id);
        match &entity.kind {
            EntityKind::Enum(e) if entity.info.is_some() || ctx.is_generated_predefined(id) => {
                emit_guarded(out, guard, |out| gen_enum(ctx, out, id, entity, e))
            }
            EntityKind::Object(o) if !entity.is_implicit() || ctx.is_standalone(id) => {
                match &o.branches {
                    None => emit_guarded(out, guard, |out| gen_struct(ctx, out, id, entity, o)),
                    Some(branches) => emit_guarded(out, guard, |out| {
                        gen_union(ctx, out, id, entity, o, branches)
                    }),
                }
            }
            EntityKind::Alternate(a) => emit_guarded(out, guard, |out| {
                gen_alternate(ctx, out, id, entity, &a.variants)
            }),
            _ => {}
        }
    }
    // The runtime has no blanket `Decode` for `Box` (it would overlap the
    // one for enums), so recursive types bring their own.
    for target in ctx.boxed_values() {
        let ty = ctx.rust_type(target, Place::Types);
        let cfg = cfg::attr(ctx.type_guard(target));
        out.push(quote! {
            #cfg
            impl __q::Decode for __q::Box<#ty> {
                fn decode(v: __q::Value, p: &__q::Path<'_>) -> __q::Result<Self, __q::DecodeError> {
                    __q::Decode::decode(v, p).map(__q::Box::new)
                }
            }
        });
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
    let attrs = docs::item_attrs("enum", entity, doc);
    let variants = enum_variants(e);
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
            let attrs = docs::member_attrs(&m.name, doc, m.ifcond.as_ref(), &m.features);
            quote!(#attrs #cfg #v,)
        });
    let wire = e.members.iter().map(|m| &m.name);
    // Values compiled out leave no gap: the discriminants of the others
    // are still their positions in `VALUES`.
    let index = if e.members.is_empty() {
        quote!(match self {})
    } else {
        quote!(self as usize)
    };
    out.enum_codec.push(name);
    out.deserialize.push(name);
    (
        quote! {
            #attrs
            #[derive(Clone, Copy)]
            pub enum #name { #(#variant_decls)* }
        },
        quote! {
            impl __q::QapiEnum for #name {
                const NAMES: &'static [&'static str] = &[#(#cfgs #wire),*];
                const VALUES: &'static [Self] = &[#(#cfgs Self::#variants),*];
                fn index(self) -> usize { #index }
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
    let attrs = docs::item_attrs("struct", entity, ctx.schema.doc_of(id));
    plain_struct(ctx, out, id, ctx.name(id), attrs, o, Place::Types)
}

/// A struct holding the members of object type `holder`: its declaration,
/// and its codec impls.  `Debug`, `PartialEq` and `Deserialize` come from the
/// runtime's macros, through `out`'s lists.
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
    let default = all_optional(&members).then(|| quote!(Default,));
    let codec = struct_codec(ctx, out, name, &members, &names);
    out.debug_eq.push(name);
    out.deserialize.push(name);
    let decl = quote! {
        #attrs
        #[derive(Clone, #default)]
        pub struct #name { #(#fields)* }
    };
    (decl, codec)
}

/// A union: base members as fields, the branch as an enum that decides the
/// discriminator.  When the base has nothing but the discriminator, the
/// union is just that enum.
fn gen_union(
    ctx: &Context,
    out: &mut Output,
    id: EntityId,
    entity: &Entity,
    o: &ObjectType,
    branches: &Branches,
) -> (TokenStream, TokenStream) {
    let name = ctx.name(id);
    let attrs = docs::item_attrs("union", entity, ctx.schema.doc_of(id));
    let tag_index = o
        .members
        .iter()
        .position(|m| m.name == branches.tag)
        .expect("the tag is a base member");
    let tag_id = o.members[tag_index].ty.id();
    let tag_type = ctx.name(tag_id);
    let tag_enum = ctx.entity(tag_id).as_enum().expect("the tag is an enum");
    let tag_variants = enum_variants(tag_enum);
    let value_of = |v: &Variant| -> usize {
        tag_enum
            .members
            .iter()
            .position(|m| m.name == v.name)
            .expect("branches are tag values")
    };
    let others: Vec<&Member> = o
        .members
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != tag_index)
        .map(|(_, m)| m)
        .collect();
    let enum_form = others.is_empty();
    let branch_type = if enum_form {
        name.clone()
    } else {
        format_ident!("{}Branch", name)
    };
    let branch_type = if !enum_form && ctx.schema.lookup(&branch_type.to_string()).is_some() {
        format_ident!("{}Branch_", name)
    } else {
        branch_type
    };

    // Each branch: its variant, whether it is empty, and the `cfg` it is
    // compiled under (its tag value's, its own, its type's).  A branch may
    // be compiled out where its tag value is not: decoding that value then
    // fails as if the enum lacked it.
    struct Branch<'v> {
        variant: &'v Variant,
        ident: &'v Ident,
        empty: bool,
        cfg: Option<TokenStream>,
    }
    let mut partial = false;
    let all: Vec<Branch> = branches
        .variants
        .iter()
        .map(|v| {
            let index = value_of(v);
            let value = &tag_enum.members[index];
            let empty = ctx.entity(v.ty.id()).name == "q_empty";
            let own = ctx.use_guard(v.ifcond.as_ref(), (!empty).then(|| v.ty.id()));
            partial |= own.is_some();
            let cfg = cfg::attr(all_of([ctx.use_guard(value.ifcond.as_ref(), None), own]));
            Branch {
                variant: v,
                ident: &tag_variants[index],
                empty,
                cfg,
            }
        })
        .collect();

    let branch_doc = ctx.schema.doc_of(id);
    let variant_decls = all.iter().map(|b| {
        let Branch { ident, cfg, .. } = b;
        let attrs = docs::member_attrs(&b.variant.name, branch_doc, b.variant.ifcond.as_ref(), &[]);
        if b.empty {
            quote!(#attrs #cfg #ident,)
        } else {
            let ty = ctx.variant_type(id, b.variant, Place::Types);
            quote!(#attrs #cfg #ident(#ty),)
        }
    });
    // Matches on places (`*self`), not references, so that they stay
    // exhaustive when `cfg` leaves no variant at all.
    let tag_arms = all.iter().map(
        |Branch {
             ident, cfg, empty, ..
         }| {
            if *empty {
                quote!(#cfg Self::#ident => #tag_type::#ident,)
            } else {
                quote!(#cfg Self::#ident(_) => #tag_type::#ident,)
            }
        },
    );
    let decode_arms = all.iter().map(|b| {
        let Branch { ident, cfg, .. } = b;
        if b.empty {
            quote!(#cfg #tag_type::#ident => #branch_type::#ident,)
        } else if ctx.needs_box(id, b.variant.ty.id()) {
            quote!(#cfg #tag_type::#ident => #branch_type::#ident(__q::Box::new(__q::Decode::decode_fields(o)?)),)
        } else {
            quote!(#cfg #tag_type::#ident => #branch_type::#ident(__q::Decode::decode_fields(o)?),)
        }
    });
    let tag_wire = &branches.tag;
    let missing_branch = partial.then(|| {
        quote! {
            #[allow(unreachable_patterns)]
            value => return __q::Err(o.not_in_enum(#tag_wire, __q::QapiEnum::as_str(value))),
        }
    });
    let encode_arms = all.iter().map(
        |Branch {
             ident, cfg, empty, ..
         }| {
            if *empty {
                quote!(#cfg #branch_type::#ident => o,)
            } else {
                quote!(#cfg #branch_type::#ident(ref v) => o.flatten(v),)
            }
        },
    );
    // The union type gets Debug and PartialEq from the codec; a separate
    // branch enum derives them.
    let derives = if enum_form {
        quote!(Clone)
    } else {
        quote!(Clone, Debug, PartialEq)
    };
    let branch_enum = quote! {
        #[derive(#derives)]
        pub enum #branch_type { #(#variant_decls)* }
    };
    let tag_impl = quote! {
        impl #branch_type {
            /// The discriminator value this branch stands for.
            pub fn tag(&self) -> #tag_type {
                match *self { #(#tag_arms)* }
            }
        }
    };

    // Every base member gets a local, the discriminator too; all but the
    // discriminator are fields.
    let locals = field_names(o.members.iter(), &["branch"]);
    let tag_local = &locals[tag_index];
    let names: Vec<Ident> = locals
        .iter()
        .enumerate()
        .filter(|&(i, _)| i != tag_index)
        .map(|(_, n)| n.clone())
        .collect();
    let code: Vec<MemberCode> = o
        .members
        .iter()
        .zip(&locals)
        .map(|(m, local)| MemberCode {
            wire: &m.name,
            local,
            value: if local != tag_local {
                quote!(self.#local)
            } else if enum_form {
                quote!(self.tag())
            } else {
                quote!(self.branch.tag())
            },
            guard: member_guard(ctx, m),
        })
        .collect();
    let decodes = members::decode(&code);
    let encodes = members::encode(&code);
    let (decl, construct, branch_expr) = if enum_form {
        (
            quote! { #attrs #branch_enum },
            quote!(branch),
            quote!(*self),
        )
    } else {
        let fields = field_decls(ctx, id, &others, &names, Place::Types);
        let construct = members::construct(code.iter().filter(|m| m.local != tag_local));
        (
            quote! {
                #attrs
                #[derive(Clone)]
                pub struct #name {
                    #(#fields)*
                    /// The branch, which decides the discriminator.
                    pub branch: #branch_type,
                }
                #branch_enum
            },
            quote!(Self { #construct branch }),
            quote!(self.branch),
        )
    };
    out.debug_eq.push(name);
    out.deserialize.push(name);
    let impls = quote! {
        #tag_impl
        impl __q::Decode for #name {
            fn decode_fields(o: &mut __q::Object<'_>) -> __q::Result<Self, __q::DecodeError> {
                #decodes
                let branch = match #tag_local { #(#decode_arms)* #missing_branch };
                __q::Ok(#construct)
            }
        }
        impl __q::Serialize for #name {
            fn serialize<S: __q::Serializer>(&self, s: S) -> __q::Result<S::Ok, S::Error> {
                let o = #encodes;
                let o = match #branch_expr { #(#encode_arms)* };
                o.end()
            }
        }
    };
    (decl, impls)
}

/// The JSON class an alternative accepts, as the `serde_json::Value`
/// variant that carries it.
fn json_class(ctx: &Context, id: EntityId) -> TokenStream {
    match &ctx.entity(id).kind {
        EntityKind::Builtin(Builtin::Str) | EntityKind::Enum(_) => quote!(String(_)),
        EntityKind::Builtin(Builtin::Bool) => quote!(Bool(_)),
        EntityKind::Builtin(Builtin::Null) => quote!(Null),
        EntityKind::Builtin(_) => quote!(Number(_)),
        EntityKind::Array(_) => quote!(Array(_)),
        _ => quote!(Object(_)),
    }
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
    let attrs = docs::item_attrs("alternate", entity, doc);
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
            let attrs = docs::member_attrs(&v.name, doc, v.ifcond.as_ref(), &[]);
            quote!(#attrs #cfg #ident(#ty),)
        });
    let decode_arms = variants
        .iter()
        .zip(&idents)
        .zip(&cfgs)
        .map(|((v, ident), cfg)| {
            let class = json_class(ctx, v.ty.id());
            quote!(#cfg __q::Value::#class => Self::#ident(__q::Decode::decode(v, p)?),)
        });
    // On the place `*self`, so that the match is exhaustive even when `cfg`
    // leaves no alternative.
    let encode_arms = idents
        .iter()
        .zip(&cfgs)
        .map(|(ident, cfg)| quote!(#cfg Self::#ident(ref v) => __q::Serialize::serialize(v, s),));
    let qapi_name = &entity.name;
    out.debug_eq.push(name);
    out.deserialize.push(name);
    (
        quote! {
            #attrs
            #[derive(Clone)]
            pub enum #name { #(#decls)* }
        },
        quote! {
            impl __q::Decode for #name {
                fn decode(v: __q::Value, p: &__q::Path<'_>) -> __q::Result<Self, __q::DecodeError> {
                    __q::Ok(match &v {
                        #(#decode_arms)*
                        _ => return __q::Err(__q::DecodeError::no_alternative(p, #qapi_name)),
                    })
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
