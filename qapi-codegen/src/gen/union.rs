//! Unions: the base members as fields, the branch as an enum whose variant
//! decides the discriminator.  When the base has nothing but the
//! discriminator, the union is just that enum.

use proc_macro2::{Ident, TokenStream};
use qapi_schema::model::{Branches, Entity, EntityId, ObjectType, Variant};
use quote::{format_ident, quote};

use super::cfg::{self, all_of};
use super::conditional;
use super::context::{Context, Place};
use super::docs;
use super::members::{self, MemberCode};
use super::types::{enum_variants, field_decls, field_names, member_guard};
use super::Module as Output;

/// The union `id`: its declaration, and its impls (`tag()`, the codec).
/// `Debug` and `PartialEq` come from the runtime's macros, through `out`'s
/// lists.
pub fn generate(
    ctx: &Context,
    out: &mut Output,
    id: EntityId,
    entity: &Entity,
    o: &ObjectType,
    branches: &Branches,
) -> (TokenStream, TokenStream) {
    let union = Union::new(ctx, id, o, branches);
    let attrs = docs::item_attrs(ctx, Place::Types, "union", entity, ctx.schema.doc_of(id));
    let (decl, impls) = union.declaration_and_codec(ctx, attrs);
    out.debug_eq.push(union.name);
    let tag_impl = union.tag_impl();
    (decl, quote!(#tag_impl #impls))
}

/// The name of the union's separate branch enum, `<Name>Branch` (or
/// `<Name>Branch_` if the schema has a `<Name>Branch`); `None` if the
/// union itself is that enum (its base has no member but the
/// discriminator).
pub fn branch_type(ctx: &Context, id: EntityId, o: &ObjectType) -> Option<Ident> {
    if o.members.len() == 1 {
        return None;
    }
    let branch_type = format_ident!("{}Branch", ctx.name(id));
    Some(if ctx.schema.lookup(&branch_type.to_string()).is_some() {
        format_ident!("{}Branch_", ctx.name(id))
    } else {
        branch_type
    })
}

/// A union, read from the schema: its discriminator and its branches.
struct Union<'a> {
    id: EntityId,
    o: &'a ObjectType,
    name: &'a Ident,
    /// The discriminator: its position among the base members, its wire
    /// name and its enum type.
    tag_index: usize,
    tag_wire: &'a str,
    tag_type: &'a Ident,
    /// The branch enum: the union itself in enum form, else `<Name>Branch`.
    branch_type: Ident,
    /// The variant of the branch enum, and of the discriminator's enum,
    /// for a discriminator value the schema does not have.
    unknown: Ident,
    /// The base has no member but the discriminator.
    enum_form: bool,
    branches: Vec<Branch<'a>>,
    /// Some branch may be compiled out where its tag value is not: decoding
    /// that value then fails as if the enum lacked it.
    partial: bool,
}

/// A branch: its variant, whether it is empty, and the `cfg` it is compiled
/// under (its tag value's, its own, its type's).
struct Branch<'a> {
    variant: &'a Variant,
    ident: Ident,
    empty: bool,
    cfg: Option<TokenStream>,
}

impl<'a> Union<'a> {
    fn new(ctx: &'a Context, id: EntityId, o: &'a ObjectType, branches: &'a Branches) -> Self {
        let name = ctx.name(id);
        let tag_index = o
            .members
            .iter()
            .position(|m| m.name == branches.tag)
            .expect("the tag is a base member");
        let tag_id = o.members[tag_index].ty.id();
        let tag_enum = ctx.entity(tag_id).as_enum().expect("the tag is an enum");
        let (tag_variants, unknown) = enum_variants(tag_enum);
        let enum_form = o.members.len() == 1;
        let branch_type = branch_type(ctx, id, o).unwrap_or_else(|| name.clone());
        let mut partial = false;
        let list = branches
            .variants
            .iter()
            .map(|variant| {
                let index = tag_enum
                    .members
                    .iter()
                    .position(|m| m.name == variant.name)
                    .expect("branches are tag values");
                let value = &tag_enum.members[index];
                let empty = ctx.entity(variant.ty.id()).name == "q_empty";
                let own = ctx.use_guard(variant.ifcond.as_ref(), (!empty).then(|| variant.ty.id()));
                partial |= own.is_some();
                let cfg = cfg::attr(all_of([ctx.use_guard(value.ifcond.as_ref(), None), own]));
                Branch {
                    variant,
                    ident: tag_variants[index].clone(),
                    empty,
                    cfg,
                }
            })
            .collect();
        Union {
            id,
            o,
            name,
            tag_index,
            tag_wire: &branches.tag,
            tag_type: ctx.name(tag_id),
            branch_type,
            unknown,
            enum_form,
            branches: list,
            partial,
        }
    }

    /// The branch enum.  The union type gets `Debug` and `PartialEq` from
    /// the codec; a separate branch enum derives them.
    fn branch_enum(&self, ctx: &Context) -> TokenStream {
        let doc = ctx.schema.doc_of(self.id);
        let variants = self.branches.iter().map(|b| {
            let Branch { ident, cfg, .. } = b;
            let attrs = docs::member_attrs(
                ctx,
                Place::Types,
                &b.variant.name,
                doc,
                b.variant.ifcond.as_ref(),
                &[],
            );
            if b.empty {
                quote!(#attrs #cfg #ident,)
            } else {
                let ty = ctx.variant_type(self.id, b.variant, Place::Types);
                quote!(#attrs #cfg #ident(#ty),)
            }
        });
        let derives = if self.enum_form {
            quote!(Clone)
        } else {
            quote!(Clone, Debug, PartialEq)
        };
        let (branch_type, unknown) = (&self.branch_type, &self.unknown);
        quote! {
            #[derive(#derives)]
            pub enum #branch_type {
                #(#variants)*
                /// The branch of a discriminator value this schema does not
                /// have, from a newer peer (only tolerant decoding makes it).
                #unknown(__q::UnknownBranch),
            }
        }
    }

    /// `tag()`, the discriminator value of a branch.
    fn tag_impl(&self) -> TokenStream {
        let (branch_type, tag_type, unknown) = (&self.branch_type, self.tag_type, &self.unknown);
        let arms = self.branches.iter().map(
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
        quote! {
            impl #branch_type {
                /// The discriminator value this branch stands for.
                pub fn tag(&self) -> #tag_type {
                    match *self {
                        #(#arms)*
                        Self::#unknown(ref b) => #tag_type::#unknown(b.tag().clone()),
                    }
                }
            }
        }
    }

    /// The branch enum's `Branch` impl: from the decoded discriminator to
    /// the branch, read from the rest of the union's object.
    fn branch_impl(&self) -> TokenStream {
        let (branch_type, tag_type, unknown) = (&self.branch_type, self.tag_type, &self.unknown);
        let arms = self.branches.iter().map(|b| {
            let Branch { ident, cfg, .. } = b;
            if b.empty {
                quote! {
                    #cfg #tag_type::#ident => {
                        <__q::Empty as __q::Deserialize>::deserialize(d).map(|_| Self::#ident)
                    }
                }
            } else {
                quote!(#cfg #tag_type::#ident => __q::Deserialize::deserialize(d).map(Self::#ident),)
            }
        });
        let tag_wire = self.tag_wire;
        let missing_branch = self.partial.then(|| {
            quote! {
                #[allow(unreachable_patterns)]
                tag => __q::Err(__q::not_in_enum(#tag_wire, __q::QapiEnum::as_str(&tag))),
            }
        });
        quote! {
            impl __q::Branch for #branch_type {
                type Tag = #tag_type;
                fn deserialize_branch<'de, D: __q::Deserializer<'de>>(
                    tag: #tag_type,
                    d: D,
                ) -> __q::Result<Self, D::Error> {
                    // Each arm's `Result` as it is: no `?` to type-check.
                    match tag {
                        #(#arms)*
                        #tag_type::#unknown(tag) => {
                            __q::deserialize_unknown_branch(tag, d).map(Self::#unknown)
                        }
                        #missing_branch
                    }
                }
            }
        }
    }

    /// Arms from the branch to the object writer `o` with its members
    /// added.
    fn encode_arms(&self) -> TokenStream {
        let (branch_type, unknown) = (&self.branch_type, &self.unknown);
        let arms = self.branches.iter().map(
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
        quote!(#(#arms)* #branch_type::#unknown(ref v) => o.flatten(v.members()),)
    }

    /// The declaration (with `attrs`), and the `Deserialize`, `Branch` and
    /// `Serialize` impls.  Every base member gets a local, the discriminator
    /// too; all but the discriminator are fields.
    fn declaration_and_codec(
        &self,
        ctx: &Context,
        attrs: TokenStream,
    ) -> (TokenStream, TokenStream) {
        let name = self.name;
        let locals = field_names(self.o.members.iter(), &["branch"]);
        let tag_local = &locals[self.tag_index];
        let code: Vec<MemberCode> = self
            .o
            .members
            .iter()
            .zip(&locals)
            .map(|(m, local)| MemberCode {
                wire: &m.name,
                local,
                value: if local != tag_local {
                    quote!(self.#local)
                } else if self.enum_form {
                    quote!(self.tag())
                } else {
                    quote!(self.branch.tag())
                },
                guard: member_guard(ctx, m),
            })
            .collect();
        let branch_enum = self.branch_enum(ctx);
        let (decl, construct, branch_expr) = if self.enum_form {
            (
                quote! { #attrs #branch_enum },
                quote!(branch),
                quote!(*self),
            )
        } else {
            let others: Vec<_> = (self.o.members.iter().enumerate())
                .filter(|&(i, _)| i != self.tag_index)
                .map(|(_, m)| m)
                .collect();
            let names: Vec<Ident> = (locals.iter().enumerate())
                .filter(|&(i, _)| i != self.tag_index)
                .map(|(_, n)| n.clone())
                .collect();
            let fields = field_decls(ctx, self.id, &others, &names, Place::Types);
            let construct = members::construct(code.iter().filter(|m| m.local != tag_local));
            let branch_type = &self.branch_type;
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
        let key = conditional::key(ctx, self.id);
        let decodes = members::decode(&code, key, Some(self.tag_index));
        let branch_impl = self.branch_impl();
        let encodes = members::encode(&code);
        let encode_arms = self.encode_arms();
        let impls = quote! {
            impl<'de> __q::Deserialize<'de> for #name {
                fn deserialize<D: __q::Deserializer<'de>>(d: D) -> __q::Result<Self, D::Error> {
                    #decodes
                    __q::Ok(#construct)
                }
            }
            #branch_impl
            impl __q::Serialize for #name {
                fn serialize<S: __q::Serializer>(&self, s: S) -> __q::Result<S::Ok, S::Error> {
                    let o = #encodes;
                    let o = match #branch_expr { #encode_arms };
                    o.end()
                }
            }
        };
        (decl, impls)
    }
}
