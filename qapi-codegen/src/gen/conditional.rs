//! The parts of types that depend on conditions: enum values, object
//! members, union branches and alternatives with an `if`, or whose type
//! has one (they exist where both they and their type do, as a `cfg`
//! mapping compiles them).  Types are
//! generated once for every target, so the run-time decoder must know
//! them to reject what a target lacks: `SCHEMA.conditional` lists them, and
//! each such type hands the decoder its QAPI name as a key.

use std::collections::HashSet;

use proc_macro2::{Literal, TokenStream};
use qapi_schema::model::{EntityId, EntityKind, Member};
use qapi_schema::IfCond;
use quote::quote;

use super::cond_expr;
use super::context::Context;

/// One conditional part: its `PartKind` expression, name and condition.
struct Part<'s> {
    kind: TokenStream,
    name: &'s str,
    cond: IfCond,
}

/// The condition of type `id`'s values, if it has one.
fn type_cond<'s>(ctx: &Context<'s>, id: EntityId) -> Option<&'s IfCond> {
    let entity = ctx.entity(id);
    match &entity.kind {
        EntityKind::Array(a) => type_cond(ctx, a.element.id()),
        _ => entity.ifcond.as_ref(),
    }
}

/// Whether `a` implies `b`, as far as their shape tells.
fn implies(a: &IfCond, b: &IfCond) -> bool {
    match (a, b) {
        _ if a == b => true,
        (_, IfCond::All(ops)) => ops.iter().all(|op| implies(a, op)),
        (_, IfCond::Any(ops)) if ops.iter().any(|op| implies(a, op)) => true,
        (IfCond::All(ops), _) => ops.iter().any(|op| implies(op, b)),
        (IfCond::Any(ops), _) => ops.iter().all(|op| implies(op, b)),
        _ => false,
    }
}

/// The condition under which a part of type `holder` with condition `own`
/// and type `ty` exists, beyond the holder's own condition (which a
/// member's type often repeats: `SpiceInfo` holds a `SpiceQueryMouseMode`,
/// both under `CONFIG_SPICE`).
fn use_cond(ctx: &Context, holder: EntityId, own: Option<&IfCond>, ty: EntityId) -> Option<IfCond> {
    let holder = ctx.entity(holder).ifcond.as_ref();
    let beyond = |c: &&IfCond| holder.is_none_or(|h| !implies(h, c));
    match (own.filter(beyond), type_cond(ctx, ty).filter(beyond)) {
        (Some(a), Some(b)) if !implies(a, b) => Some(IfCond::All(vec![a.clone(), b.clone()])),
        (Some(c), _) | (None, Some(c)) => Some(c.clone()),
        (None, None) => None,
    }
}

/// Whether a member of type `holder` is an `Option` in Rust: an optional
/// one, or one that some builds lack.
pub fn is_option(ctx: &Context, holder: EntityId, member: &Member) -> bool {
    member.optional || use_cond(ctx, holder, member.ifcond.as_ref(), member.ty.id()).is_some()
}

/// The conditional parts of type `id`, in schema order.
fn parts<'s>(ctx: &Context<'s>, id: EntityId) -> Vec<Part<'s>> {
    let mut parts = Vec::new();
    match &ctx.entity(id).kind {
        EntityKind::Enum(e) => {
            for value in &e.members {
                if let Some(cond) = &value.ifcond {
                    parts.push(Part {
                        kind: quote!(Value),
                        name: &value.name,
                        cond: cond.clone(),
                    });
                }
            }
        }
        EntityKind::Object(o) => {
            // A discriminator is never conditional (QAPI forbids it), nor
            // is it ever absent when its type's condition fails.
            let tag = o.branches.as_ref().map(|b| b.tag.as_str());
            for member in o.members.iter().filter(|m| Some(m.name.as_str()) != tag) {
                if let Some(cond) = use_cond(ctx, id, member.ifcond.as_ref(), member.ty.id()) {
                    let kind = if member.optional {
                        quote!(Member)
                    } else {
                        quote!(Required)
                    };
                    parts.push(Part {
                        kind,
                        name: &member.name,
                        cond,
                    });
                }
            }
            if let Some(branches) = &o.branches {
                let tag = &branches.tag;
                for variant in &branches.variants {
                    if let Some(cond) = use_cond(ctx, id, variant.ifcond.as_ref(), variant.ty.id())
                    {
                        parts.push(Part {
                            kind: quote!(Branch(#tag)),
                            name: &variant.name,
                            cond,
                        });
                    }
                }
            }
        }
        EntityKind::Alternate(a) => {
            for variant in &a.variants {
                if let Some(cond) = use_cond(ctx, id, variant.ifcond.as_ref(), variant.ty.id()) {
                    parts.push(Part {
                        kind: quote!(Alternative),
                        name: super::types::json_type(ctx, variant.ty.id()).1,
                        cond,
                    });
                }
            }
        }
        _ => {}
    }
    parts
}

/// The key by which type `id`'s `Deserialize` names it to the decoder, as
/// a string literal: its QAPI name if it has conditional parts, else the
/// empty string, which asks the decoder nothing.
pub fn key(ctx: &Context, id: EntityId) -> Literal {
    let name = if ctx.is_conditional(id) {
        ctx.entity(id).name.as_str()
    } else {
        ""
    };
    Literal::string(name)
}

/// The types that have conditional parts.
pub fn conditional_types(ctx: &Context) -> HashSet<EntityId> {
    ctx.entities()
        .map(|(id, _)| id)
        .filter(|&id| !parts(ctx, id).is_empty())
        .collect()
}

/// Whether a value of type `id` can hold a conditional part: a reply of
/// that type is checked against the target set.
pub fn reaches(ctx: &Context, id: EntityId) -> bool {
    let mut seen = HashSet::new();
    let mut stack = vec![id];
    while let Some(id) = stack.pop() {
        if !seen.insert(id) {
            continue;
        }
        if ctx.is_conditional(id) {
            return true;
        }
        match &ctx.entity(id).kind {
            EntityKind::Object(o) => {
                stack.extend(o.members.iter().map(|m| m.ty.id()));
                let branches = o.branches.iter().flat_map(|b| &b.variants);
                stack.extend(branches.map(|v| v.ty.id()));
            }
            EntityKind::Alternate(a) => stack.extend(a.variants.iter().map(|v| v.ty.id())),
            EntityKind::Array(a) => stack.push(a.element.id()),
            _ => {}
        }
    }
    false
}

/// `SCHEMA.conditional`: every type with conditional parts, and the parts.
pub fn table(ctx: &Context) -> TokenStream {
    let types = ctx.entities().filter_map(|(id, entity)| {
        let parts = parts(ctx, id);
        if parts.is_empty() {
            return None;
        }
        let name = &entity.name;
        let parts = parts.iter().map(|p| {
            let (kind, name, cond) = (&p.kind, p.name, cond_expr(&p.cond));
            quote!(__q::CondPart { kind: __q::PartKind::#kind, name: #name, cond: #cond })
        });
        Some(quote!(__q::CondType { name: #name, parts: &[#(#parts),*] }))
    });
    quote!(&[#(#types),*])
}
