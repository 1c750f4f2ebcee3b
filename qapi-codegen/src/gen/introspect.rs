//! The `query-qmp-schema` data of the whole schema, with QEMU's numbering
//! and every entry's and member's condition, as static data.
//!
//! QEMU lists commands and events in module order, then every type they
//! use, transitively, in order of first use.  Types other than built-ins
//! and arrays are named by a number given at first use; sized integers and
//! `size` fold into `int`.  Each object is written as QEMU writes it, keys
//! in QDict order (an object's key set does not depend on conditions, only
//! array elements do), so that the runtime only concatenates.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use qapi_protocol::qdict;
use qapi_protocol::write::write_str;
use qapi_schema::model::{Builtin, EntityId, EntityKind, Feature, TypeRef};
use qapi_schema::{IfCond, Schema};
use quote::quote;

use super::cond_expr;

/// A JSON tree being built, with conditions on array elements.
enum Node {
    Null,
    Bool(bool),
    Str(String),
    Array(Vec<(Option<IfCond>, Node)>),
    Object(Vec<(&'static str, Node)>),
}

/// Interns conditions: the introspection text refers to them by index.
#[derive(Default)]
struct Conds {
    list: Vec<IfCond>,
    index: HashMap<String, u16>,
}

impl Conds {
    fn index(&mut self, cond: &IfCond) -> u16 {
        let list = &mut self.list;
        *self.index.entry(cond.to_string()).or_insert_with(|| {
            list.push(cond.clone());
            // A schema with 65,536 distinct conditions is not one anybody
            // writes; the runtime would read a larger index as never true.
            u16::try_from(list.len() - 1).unwrap_or(u16::MAX)
        })
    }
}

/// Renders nodes as QEMU writes them, into the pieces of one element: text,
/// cut where an array has a conditional element, which becomes a piece of
/// its own so that the runtime can leave such elements out.
struct Render<'c> {
    conds: &'c mut Conds,
    text: String,
    parts: Vec<TokenStream>,
}

impl Render<'_> {
    fn node(&mut self, node: &Node) {
        match node {
            Node::Null => self.text.push_str("null"),
            Node::Bool(b) => self.text.push_str(if *b { "true" } else { "false" }),
            Node::Str(s) => write_str(&mut self.text, s),
            Node::Array(items) if items.iter().any(|(cond, _)| cond.is_some()) => {
                self.flush();
                let elements: Vec<TokenStream> = items
                    .iter()
                    .map(|(cond, node)| element(self.conds, cond.as_ref(), node))
                    .collect();
                self.parts
                    .push(quote!(__q::IntroPart::Array(&[#(#elements),*])));
            }
            Node::Array(items) => {
                self.text.push('[');
                for (i, (_, node)) in items.iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    self.node(node);
                }
                self.text.push(']');
            }
            Node::Object(members) => {
                self.text.push('{');
                let order = qdict::order(members.iter().map(|(key, _)| *key));
                for (i, index) in order.into_iter().enumerate() {
                    if i > 0 {
                        self.text.push_str(", ");
                    }
                    let (key, value) = &members[index];
                    write_str(&mut self.text, key);
                    self.text.push_str(": ");
                    self.node(value);
                }
                self.text.push('}');
            }
        }
    }

    /// Ends the current text piece.
    fn flush(&mut self) {
        if !self.text.is_empty() {
            let text = crate::rules::text_literal(&std::mem::take(&mut self.text));
            self.parts.push(quote!(__q::IntroPart::Text(#text)));
        }
    }
}

/// A `qapi_runtime::meta::IntroElement` expression for `node`, which
/// exists where `cond` holds.
fn element(conds: &mut Conds, cond: Option<&IfCond>, node: &Node) -> TokenStream {
    let cond = match cond.map(|c| conds.index(c)) {
        Some(index) => quote!(__q::Some(#index)),
        None => quote!(__q::None),
    };
    let mut render = Render {
        conds,
        text: String::new(),
        parts: Vec::new(),
    };
    render.node(node);
    render.flush();
    let parts = render.parts;
    quote!(__q::IntroElement { cond: #cond, parts: &[#(#parts),*] })
}

struct Introspector<'s> {
    schema: &'s Schema,
    used: Vec<EntityId>,
    numbers: HashMap<String, usize>,
    entries: Vec<(Option<IfCond>, Node)>,
}

impl<'s> Introspector<'s> {
    /// The number QEMU shows for a type name.
    fn number(&mut self, name: &str) -> String {
        let next = self.numbers.len();
        self.numbers
            .entry(name.to_owned())
            .or_insert(next)
            .to_string()
    }

    fn json_type(&self, id: EntityId) -> &'static str {
        match &self.schema.entity(id).kind {
            EntityKind::Builtin(b) => b.json_type(),
            EntityKind::Enum(_) => "string",
            EntityKind::Array(_) => "array",
            EntityKind::Object(_) => "object",
            _ => "value",
        }
    }

    /// Records that `id` is used and gives the name introspection shows.
    fn use_type(&mut self, mut id: EntityId) -> String {
        let entity = self.schema.entity(id);
        if self.json_type(id) == "int" {
            id = self
                .schema
                .lookup_type(Builtin::Int.name())
                .expect("int is built in");
        } else if let EntityKind::Array(a) = &entity.kind {
            if self.json_type(a.element.id()) == "int" {
                id = self
                    .schema
                    .lookup_type("intList")
                    .expect("intList is built in");
            }
        }
        if !self.used.contains(&id) {
            self.used.push(id);
        }
        let entity = self.schema.entity(id);
        match &entity.kind {
            EntityKind::Builtin(_) => entity.name.clone(),
            EntityKind::Array(a) => format!("[{}]", self.use_type(a.element.id())),
            _ => self.number(&entity.name),
        }
    }

    fn features(features: &[Feature]) -> Node {
        Node::Array(
            features
                .iter()
                .map(|f| (f.ifcond.clone(), Node::Str(f.name.clone())))
                .collect(),
        )
    }

    fn entry(
        &mut self,
        name: String,
        meta: &str,
        mut obj: Vec<(&'static str, Node)>,
        ifcond: Option<IfCond>,
        features: &[Feature],
    ) {
        obj.push(("name", Node::Str(name)));
        obj.push(("meta-type", Node::Str(meta.to_owned())));
        if !features.is_empty() {
            obj.push(("features", Self::features(features)));
        }
        self.entries.push((ifcond, Node::Object(obj)));
    }

    fn empty(&self) -> EntityId {
        self.schema
            .lookup_type("q_empty")
            .expect("q_empty is predefined")
    }

    fn visit_command_or_event(&mut self, id: EntityId) {
        let entity = self.schema.entity(id);
        match &entity.kind {
            EntityKind::Command(c) => {
                let arg = c
                    .arg_type
                    .as_ref()
                    .map_or_else(|| self.empty(), TypeRef::id);
                let ret = c
                    .ret_type
                    .as_ref()
                    .map_or_else(|| self.empty(), TypeRef::id);
                let mut obj = vec![
                    ("arg-type", Node::Str(self.use_type(arg))),
                    ("ret-type", Node::Str(self.use_type(ret))),
                ];
                if c.flags.allow_oob {
                    obj.push(("allow-oob", Node::Bool(true)));
                }
                self.entry(
                    entity.name.clone(),
                    "command",
                    obj,
                    entity.ifcond.clone(),
                    &entity.features,
                );
            }
            EntityKind::Event(e) => {
                let arg = e
                    .arg_type
                    .as_ref()
                    .map_or_else(|| self.empty(), TypeRef::id);
                let obj = vec![("arg-type", Node::Str(self.use_type(arg)))];
                self.entry(
                    entity.name.clone(),
                    "event",
                    obj,
                    entity.ifcond.clone(),
                    &entity.features,
                );
            }
            _ => {}
        }
    }

    fn visit_type(&mut self, id: EntityId) {
        let entity = self.schema.entity(id);
        let (name, ifcond, features) =
            (entity.name.clone(), entity.ifcond.clone(), &entity.features);
        match &entity.kind {
            EntityKind::Builtin(b) => {
                self.entry(
                    name,
                    "builtin",
                    vec![("json-type", Node::Str(b.json_type().to_owned()))],
                    ifcond,
                    &[],
                );
            }
            EntityKind::Enum(e) => {
                let members = e
                    .members
                    .iter()
                    .map(|m| {
                        let mut obj = vec![("name", Node::Str(m.name.clone()))];
                        if !m.features.is_empty() {
                            obj.push(("features", Self::features(&m.features)));
                        }
                        (m.ifcond.clone(), Node::Object(obj))
                    })
                    .collect();
                let values = e
                    .members
                    .iter()
                    .map(|m| (m.ifcond.clone(), Node::Str(m.name.clone())))
                    .collect();
                let name = self.number(&name);
                self.entry(
                    name,
                    "enum",
                    vec![
                        ("members", Node::Array(members)),
                        ("values", Node::Array(values)),
                    ],
                    ifcond,
                    features,
                );
            }
            EntityKind::Array(a) => {
                let element = self.use_type(a.element.id());
                self.entry(
                    format!("[{element}]"),
                    "array",
                    vec![("element-type", Node::Str(element))],
                    ifcond,
                    &[],
                );
            }
            EntityKind::Object(o) => {
                let members = o
                    .members
                    .iter()
                    .map(|m| {
                        let mut obj = vec![
                            ("name", Node::Str(m.name.clone())),
                            ("type", Node::Str(self.use_type(m.ty.id()))),
                        ];
                        if m.optional {
                            obj.push(("default", Node::Null));
                        }
                        if !m.features.is_empty() {
                            obj.push(("features", Self::features(&m.features)));
                        }
                        (m.ifcond.clone(), Node::Object(obj))
                    })
                    .collect();
                let mut obj = vec![("members", Node::Array(members))];
                if let Some(b) = &o.branches {
                    obj.push(("tag", Node::Str(b.tag.clone())));
                    let variants = b
                        .variants
                        .iter()
                        .map(|v| {
                            let case = vec![
                                ("case", Node::Str(v.name.clone())),
                                ("type", Node::Str(self.use_type(v.ty.id()))),
                            ];
                            (v.ifcond.clone(), Node::Object(case))
                        })
                        .collect();
                    obj.push(("variants", Node::Array(variants)));
                }
                let name = self.number(&name);
                self.entry(name, "object", obj, ifcond, features);
            }
            EntityKind::Alternate(a) => {
                let members = a
                    .variants
                    .iter()
                    .map(|v| {
                        (
                            v.ifcond.clone(),
                            Node::Object(vec![("type", Node::Str(self.use_type(v.ty.id())))]),
                        )
                    })
                    .collect();
                let name = self.number(&name);
                self.entry(
                    name,
                    "alternate",
                    vec![("members", Node::Array(members))],
                    ifcond,
                    features,
                );
            }
            _ => {}
        }
    }
}

/// The introspection data, as a `qapi_runtime::meta::Introspection`
/// expression: the entries as pre-rendered pieces of text, and the
/// conditions they use.
pub fn generate(schema: &Schema) -> TokenStream {
    let mut intro = Introspector {
        schema,
        used: Vec::new(),
        numbers: HashMap::new(),
        entries: Vec::new(),
    };
    for module in schema.modules() {
        for &id in module.entities() {
            intro.visit_command_or_event(id);
        }
    }
    // Visiting a type may use more types: the list grows as it is walked.
    let mut next = 0;
    while next < intro.used.len() {
        let id = intro.used[next];
        intro.visit_type(id);
        next += 1;
    }
    let mut conds = Conds::default();
    let entries: Vec<TokenStream> = intro
        .entries
        .iter()
        .map(|(cond, node)| element(&mut conds, cond.as_ref(), node))
        .collect();
    let conds = conds.list.iter().map(cond_expr);
    quote! {
        __q::Introspection {
            entries: &[#(#entries),*],
            conds: &[#(#conds),*],
        }
    }
}
