//! What every part of the generator needs to know about the schema: the
//! Rust name of each entity, which implicit types stand alone, and which
//! references must be boxed.

use std::collections::{HashMap, HashSet};

use proc_macro2::{Ident, TokenStream};
use qapi_schema::model::{Entity, EntityId, EntityKind, Member, ObjectType, TypeRef, Variant};
use qapi_schema::{IfCond, Schema};
use quote::quote;

use super::cfg::all_of;
use crate::rules;

/// Where generated code stands: the module of types, or the `commands` or
/// `events` module below it.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// The module that holds the types.
    Types,
    /// `commands` or `events`.
    Sub,
}

/// Names and shapes computed once for the whole schema.
pub struct Context<'s> {
    pub schema: &'s Schema,
    /// Atoms mapped to `cfg` predicates.
    pub cfg: &'s super::CfgMap,
    /// The Rust name of each entity that becomes a Rust item.
    names: HashMap<EntityId, Ident>,
    /// Implicit object types referenced by something other than their
    /// owner, which therefore need a type of their own.
    standalone: HashSet<EntityId>,
    /// Every type something refers to.
    referenced: HashSet<EntityId>,
    /// Strongly connected component of each object or alternate type in
    /// the graph of by-value containment.
    component: HashMap<EntityId, usize>,
    /// Types with conditional parts.
    conditional: HashSet<EntityId>,
}

impl<'s> Context<'s> {
    pub fn new(schema: &'s Schema, cfg: &'s super::CfgMap) -> Context<'s> {
        let mut ctx = Context {
            schema,
            cfg,
            names: HashMap::new(),
            standalone: HashSet::new(),
            referenced: HashSet::new(),
            component: HashMap::new(),
            conditional: HashSet::new(),
        };
        ctx.find_standalone();
        ctx.name_items();
        ctx.find_cycles();
        ctx.conditional = super::conditional::conditional_types(&ctx);
        ctx
    }

    /// Whether type `id` has conditional parts.
    pub fn is_conditional(&self, id: EntityId) -> bool {
        self.conditional.contains(&id)
    }

    pub fn entity(&self, id: EntityId) -> &'s Entity {
        self.schema.entity(id)
    }

    /// The `cfg` predicate under which `entity` (a command or event) is
    /// compiled, if the macro's `cfg` option can compile it out: its own
    /// condition's, and those of the types it takes and returns.
    pub fn cfg_guard(&self, entity: &Entity) -> Option<TokenStream> {
        let (arg, ret) = match &entity.kind {
            EntityKind::Command(c) => (c.arg_type.as_ref(), c.ret_type.as_ref()),
            EntityKind::Event(e) => (e.arg_type.as_ref(), None),
            _ => (None, None),
        };
        all_of(
            [self.own_guard(entity.ifcond.as_ref())].into_iter().chain(
                [arg, ret]
                    .into_iter()
                    .flatten()
                    .map(|t| self.type_guard(t.id())),
            ),
        )
    }

    /// The `cfg` predicate under which type `id` is compiled, if the `cfg`
    /// option can compile it out.  A list goes with its element type.
    pub fn type_guard(&self, id: EntityId) -> Option<TokenStream> {
        let entity = self.entity(id);
        match &entity.kind {
            EntityKind::Array(a) => self.type_guard(a.element.id()),
            EntityKind::Builtin(_) => None,
            _ => self.own_guard(entity.ifcond.as_ref()),
        }
    }

    /// The `cfg` predicate of a member, enum value, branch or alternative
    /// with condition `cond` and type `ty` (if it has one): it exists
    /// where both it and its type do.
    pub fn use_guard(&self, cond: Option<&IfCond>, ty: Option<EntityId>) -> Option<TokenStream> {
        all_of([self.own_guard(cond), ty.and_then(|t| self.type_guard(t))])
    }

    fn own_guard(&self, cond: Option<&IfCond>) -> Option<TokenStream> {
        cond.and_then(|c| self.cfg.necessary(c))
    }

    /// All entities with their ids, in creation order.
    pub fn entities(&self) -> impl Iterator<Item = (EntityId, &'s Entity)> + 's {
        self.schema.iter()
    }

    /// The Rust name of an item.
    pub fn name(&self, id: EntityId) -> &Ident {
        &self.names[&id]
    }

    /// The intra-doc link, from an item at `from`, to the type or event
    /// that a doc comment calls `@name`; `None` for anything else (members,
    /// commands, whose names members may share), and for what a `cfg`
    /// mapping may compile out.
    pub fn doc_link(&self, name: &str, from: Place) -> Option<String> {
        let id = self.schema.lookup(name)?;
        let entity = self.entity(id);
        let rust = self.names.get(&id)?;
        let in_events = match &entity.kind {
            EntityKind::Event(_) if self.cfg_guard(entity).is_none() => true,
            _ if self.is_generated_type(id) && self.type_guard(id).is_none() => false,
            _ => return None,
        };
        Some(match (from, in_events) {
            (Place::Types, false) => rust.to_string(),
            (Place::Types, true) => format!("events::{rust}"),
            (Place::Sub, false) => format!("super::{rust}"),
            (Place::Sub, true) => format!("super::events::{rust}"),
        })
    }

    /// Whether entity `id` becomes a type of the types module: every enum,
    /// object and alternate of the schema, except predefined enums that
    /// nothing uses and implicit object types that have no Rust type of
    /// their own.
    pub fn is_generated_type(&self, id: EntityId) -> bool {
        let entity = self.entity(id);
        match entity.kind {
            EntityKind::Enum(_) => entity.info.is_some() || self.referenced.contains(&id),
            EntityKind::Object(_) => !entity.is_implicit() || self.is_standalone(id),
            EntityKind::Alternate(_) => true,
            _ => false,
        }
    }

    /// Whether this implicit object type needs a Rust type of its own.
    pub fn is_standalone(&self, id: EntityId) -> bool {
        self.standalone.contains(&id)
    }

    /// Whether a reference from `holder` to `target` closes a cycle of
    /// by-value containment, so it must be boxed.
    pub fn needs_box(&self, holder: EntityId, target: EntityId) -> bool {
        matches!((self.component.get(&holder), self.component.get(&target)), (Some(a), Some(b)) if a == b)
    }

    /// The command or event that owns an implicit `q_obj_NAME-arg` type.
    fn arg_owner(&self, id: EntityId) -> Option<EntityId> {
        let name = self
            .entity(id)
            .name
            .strip_prefix("q_obj_")?
            .strip_suffix("-arg")?;
        self.schema.lookup(name)
    }

    /// The Rust type for a reference to `id`, from `place`.
    pub fn rust_type(&self, id: EntityId, place: Place) -> TokenStream {
        let entity = self.entity(id);
        let up = if place == Place::Sub {
            quote!(super::)
        } else {
            quote!()
        };
        match &entity.kind {
            EntityKind::Builtin(b) => rules::builtin_type(*b),
            EntityKind::Array(a) => {
                let element = self.rust_type(a.element.id(), place);
                quote!(__q::Vec<#element>)
            }
            EntityKind::Object(_) if entity.name == "q_empty" => quote!(__q::Empty),
            EntityKind::Object(_) if entity.is_implicit() && !self.is_standalone(id) => {
                // An implicit argument type is its command's or event's type.
                match self.arg_owner(id) {
                    Some(owner) => {
                        let module = if matches!(self.entity(owner).kind, EntityKind::Command(_)) {
                            quote!(commands)
                        } else {
                            quote!(events)
                        };
                        let name = self.name(owner);
                        quote!(#up #module::#name)
                    }
                    None => quote!(__q::Empty),
                }
            }
            _ => {
                let name = self.name(id);
                quote!(#up #name)
            }
        }
    }

    /// The type of a field holding `member` inside `holder`: boxed where it
    /// closes a cycle, `Option` where the member is optional.
    pub fn field_type(&self, holder: EntityId, member: &Member, place: Place) -> TokenStream {
        let ty = self.boxed_type(holder, member.ty.id(), place);
        if super::conditional::is_option(self, holder, member) {
            quote!(__q::Option<#ty>)
        } else {
            ty
        }
    }

    /// The type of a union branch or alternative inside `holder`.
    pub fn variant_type(&self, holder: EntityId, variant: &Variant, place: Place) -> TokenStream {
        self.boxed_type(holder, variant.ty.id(), place)
    }

    fn boxed_type(&self, holder: EntityId, target: EntityId, place: Place) -> TokenStream {
        let ty = self.rust_type(target, place);
        if self.needs_box(holder, target) {
            quote!(__q::Box<#ty>)
        } else {
            ty
        }
    }

    /// Implicit object types (`q_obj_*`) have no Rust type of their own
    /// where they are used as bases (bases are flattened) or as the
    /// arguments of their command or event (that type holds them).  A
    /// `-base` type used any other way needs one.
    fn find_standalone(&mut self) {
        for (_, entity) in self.entities() {
            let (base, uses): (Option<EntityId>, Vec<EntityId>) = match &entity.kind {
                EntityKind::Object(o) => (
                    o.base.as_ref().map(TypeRef::id),
                    o.local_members
                        .iter()
                        .map(|m| m.ty.id())
                        .chain(branch_types(o))
                        .collect(),
                ),
                EntityKind::Alternate(a) => (None, a.variants.iter().map(|v| v.ty.id()).collect()),
                EntityKind::Array(a) => (None, vec![a.element.id()]),
                EntityKind::Command(c) => (
                    None,
                    c.ret_type
                        .iter()
                        .chain(&c.arg_type)
                        .map(TypeRef::id)
                        .collect(),
                ),
                EntityKind::Event(e) => (None, e.arg_type.iter().map(TypeRef::id).collect()),
                _ => (None, Vec::new()),
            };
            self.referenced.extend(base.iter().chain(&uses).copied());
            for used in uses {
                let target = self.entity(used);
                let implicit_object = matches!(target.kind, EntityKind::Object(_))
                    && target.is_implicit()
                    && target.name != "q_empty";
                if implicit_object
                    && (target.name.ends_with("-base") || self.arg_owner(used).is_none())
                {
                    self.standalone.insert(used);
                }
            }
        }
    }

    fn name_items(&mut self) {
        // Types keep their QAPI names (made valid); commands and events
        // live in modules of their own, so they cannot clash with types.
        let mut groups: [Vec<(EntityId, String)>; 3] = Default::default();
        for (id, entity) in self.entities() {
            let (group, name) = match &entity.kind {
                EntityKind::Enum(_) | EntityKind::Alternate(_) => {
                    (0, rules::upper_camel(&entity.name))
                }
                EntityKind::Object(_) if !entity.is_implicit() => {
                    (0, rules::upper_camel(&entity.name))
                }
                EntityKind::Object(_) if self.standalone.contains(&id) => {
                    (0, rules::upper_camel(&entity.name))
                }
                EntityKind::Command(_) => (1, rules::upper_camel(&entity.name)),
                EntityKind::Event(_) => (2, rules::upper_camel(&entity.name)),
                _ => continue,
            };
            groups[group].push((id, name));
        }
        for group in &groups {
            // `SCHEMA`, `commands` and `events` are the generated code's own.
            let mut names: Vec<String> = ["SCHEMA", "commands", "events", "AnyEvent"]
                .iter()
                .map(|n| (*n).to_owned())
                .chain(group.iter().map(|(_, n)| n.clone()))
                .collect();
            rules::dedup(&mut names);
            for ((id, _), name) in group.iter().zip(&names[4..]) {
                self.names.insert(*id, rules::ident(name));
            }
        }
    }

    /// Tarjan's algorithm over by-value containment between object and
    /// alternate types (arrays hold their elements behind a pointer).
    fn find_cycles(&mut self) {
        let nodes: Vec<EntityId> = self
            .entities()
            .filter(|(_, e)| matches!(e.kind, EntityKind::Object(_) | EntityKind::Alternate(_)))
            .map(|(id, _)| id)
            .collect();
        let is_node = |id: EntityId| {
            matches!(
                self.entity(id).kind,
                EntityKind::Object(_) | EntityKind::Alternate(_)
            )
        };
        let edges = |id: EntityId| -> Vec<EntityId> {
            let targets: Vec<EntityId> = match &self.entity(id).kind {
                EntityKind::Object(o) => o
                    .members
                    .iter()
                    .map(|m| m.ty.id())
                    .chain(branch_types(o))
                    .collect(),
                EntityKind::Alternate(a) => a.variants.iter().map(|v| v.ty.id()).collect(),
                _ => Vec::new(),
            };
            targets.into_iter().filter(|t| is_node(*t)).collect()
        };
        let mut tarjan = Tarjan::default();
        for &node in &nodes {
            if !tarjan.index.contains_key(&node) {
                tarjan.visit(node, &edges);
            }
        }
        self.component = tarjan.component;
    }
}

/// The types of a union's branches.
fn branch_types(o: &ObjectType) -> impl Iterator<Item = EntityId> + '_ {
    o.branches
        .iter()
        .flat_map(|b| b.variants.iter().map(|v| v.ty.id()))
}

#[derive(Default)]
struct Tarjan {
    index: HashMap<EntityId, usize>,
    low: HashMap<EntityId, usize>,
    stack: Vec<EntityId>,
    on_stack: HashSet<EntityId>,
    component: HashMap<EntityId, usize>,
    next: usize,
    components: usize,
}

impl Tarjan {
    fn visit(&mut self, node: EntityId, edges: &dyn Fn(EntityId) -> Vec<EntityId>) {
        self.index.insert(node, self.next);
        self.low.insert(node, self.next);
        self.next += 1;
        self.stack.push(node);
        self.on_stack.insert(node);
        for next in edges(node) {
            if !self.index.contains_key(&next) {
                self.visit(next, edges);
                let low = self.low[&node].min(self.low[&next]);
                self.low.insert(node, low);
            } else if self.on_stack.contains(&next) {
                let low = self.low[&node].min(self.index[&next]);
                self.low.insert(node, low);
            }
        }
        if self.low[&node] == self.index[&node] {
            let mut members = Vec::new();
            while let Some(top) = self.stack.pop() {
                self.on_stack.remove(&top);
                members.push(top);
                if top == node {
                    break;
                }
            }
            // Only real cycles matter: a lone node without a self-edge
            // needs no box.
            if members.len() > 1 || edges(node).contains(&node) {
                for m in members {
                    self.component.insert(m, self.components);
                }
                self.components += 1;
            }
        }
    }
}
