//! The `query-qmp-schema` data of the whole schema, with QEMU's numbering
//! and every entry's and member's condition, as static data.
//!
//! QEMU lists commands and events in module order, then every type they
//! use, transitively, in order of first use.  Types other than built-ins
//! and arrays are named by a number given at first use; sized integers and
//! `size` fold into `int`.  Each object's keys are emitted in QEMU's
//! insertion order, from which the runtime derives the wire order.

use std::collections::HashMap;
use std::fmt::Write;

use proc_macro2::TokenStream;
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
    index: HashMap<String, usize>,
}

impl Conds {
    fn index(&mut self, cond: &IfCond) -> usize {
        let list = &mut self.list;
        *self.index.entry(cond.to_string()).or_insert_with(|| {
            list.push(cond.clone());
            list.len() - 1
        })
    }
}

fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            // Writing to a `String` cannot fail.
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

impl Node {
    /// Writes the node as JSON; an element with a condition becomes
    /// `{"?": N, "=": element}`, `N` indexing the condition table.
    fn write(&self, out: &mut String, conds: &mut Conds) {
        match self {
            Node::Null => out.push_str("null"),
            Node::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Node::Str(s) => write_str(out, s),
            Node::Array(items) => {
                out.push('[');
                for (i, (cond, node)) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_annotated(out, conds, cond.as_ref(), node);
                }
                out.push(']');
            }
            Node::Object(members) => {
                out.push('{');
                for (i, (key, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(out, key);
                    out.push(':');
                    value.write(out, conds);
                }
                out.push('}');
            }
        }
    }
}

fn write_annotated(out: &mut String, conds: &mut Conds, cond: Option<&IfCond>, node: &Node) {
    match cond {
        Some(c) => {
            let _ = write!(out, "{{\"?\":{},\"=\":", conds.index(c));
            node.write(out, conds);
            out.push('}');
        }
        None => node.write(out, conds),
    }
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
/// expression: the entries as one JSON text, and the conditions it uses.
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
    let mut json = String::with_capacity(1 << 18);
    Node::Array(intro.entries).write(&mut json, &mut conds);
    let json = crate::rules::text_literal(&json);
    let conds = conds.list.iter().map(cond_expr);
    quote! {
        __q::Introspection {
            json: #json,
            conds: &[#(#conds),*],
        }
    }
}
