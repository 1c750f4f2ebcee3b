//! The baselines that `benches/compile-time.sh RUNS --baseline` measures
//! `qapi_schema!` against: a straightforward rendering of a schema as Rust
//! types with serde derives, as a simple generator would write it.  The
//! issue's compile-time targets were set against such a rendering, so
//! measuring it on the same machine, alternately with ours, tells the
//! machine's speed of the hour apart from the cost of the generated code.
//!
//!     cargo run -p qapi-codegen --example serde_baseline -- SCHEMA [--no-serde] [--qemu=RELEASE]
//!
//! prints the rendering on standard output (the schema read in RELEASE's
//! dialect, by default the newest).  With `--no-serde` the types
//! derive only `Debug`, `Clone` and `PartialEq` (the second
//! baseline).  Docs, conditions and features are left out; a union is a
//! struct of its base's members with an internally tagged enum of its
//! branches flattened into it; commands and events are types of their own,
//! in modules of their own, as in `qapi_schema!`'s expansion.

use std::process::ExitCode;

use qapi_codegen::rules::{builtin_type, dedup, ident, snake, upper_camel};
use qapi_schema::model::{EntityId, EntityKind, Member, ObjectType, TypeRef, Variant};
use qapi_schema::{Loader, Release, Schema};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let serde = !args.iter().any(|a| a == "--no-serde");
    let usage = || {
        eprintln!("usage: serde_baseline SCHEMA [--no-serde] [--qemu=RELEASE]");
        ExitCode::from(2)
    };
    let Some(path) = args.iter().find(|a| !a.starts_with("--")) else {
        return usage();
    };
    let mut loader = Loader::new();
    if let Some(release) = args.iter().find_map(|a| a.strip_prefix("--qemu=")) {
        match release.parse::<Release>() {
            Ok(release) => loader = loader.release(release),
            Err(e) => {
                eprintln!("{e}");
                return usage();
            }
        }
    }
    let loaded: qapi_schema::Result<Schema> = loader.load(path);
    match loaded {
        Ok(schema) => {
            let baseline = Baseline {
                schema: &schema,
                serde,
            };
            print!("{}", baseline.render());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}

/// The rendering of one schema.
struct Baseline<'s> {
    schema: &'s Schema,
    serde: bool,
}

impl Baseline<'_> {
    /// The whole file.
    fn render(&self) -> String {
        let mut types = String::new();
        let mut commands = String::new();
        let mut events = String::new();
        for (id, entity) in self.schema.iter() {
            let name = upper_camel(&entity.name);
            match &entity.kind {
                EntityKind::Enum(e) => {
                    let values = e.members.iter().map(|m| m.name.as_str());
                    types += &self.enumeration(&name, values);
                }
                EntityKind::Object(o) if !entity.is_implicit() || entity.name == "q_empty" => {
                    types += &self.object(&name, id, o, "");
                }
                EntityKind::Alternate(a) => types += &self.alternate(&name, id, &a.variants),
                EntityKind::Command(c) => commands += &self.wrapper(&name, c.arg_type.as_ref()),
                EntityKind::Event(e) => events += &self.wrapper(&name, e.arg_type.as_ref()),
                _ => {}
            }
        }
        format!(
            "#![allow(warnings)]\n\
             mod __q {{\n    pub use ::std::string::String;\n    pub use ::serde_json::Value;\n    \
             pub type Null = ();\n}}\n\
             {types}\
             pub mod commands {{\n{commands}}}\n\
             pub mod events {{\n{events}}}\n"
        )
    }

    /// `#[derive(..)]` with the common traits, `extra` ones and serde's.
    fn derive(&self, extra: &str) -> String {
        let serde = if self.serde {
            ", ::serde::Serialize, ::serde::Deserialize"
        } else {
            ""
        };
        format!("#[derive(Debug, Clone, PartialEq{extra}{serde})]\n")
    }

    /// `#[serde(...)]`, or nothing without serde.
    fn serde_attr(&self, args: &str) -> String {
        if self.serde {
            format!("#[serde({args})]\n")
        } else {
            String::new()
        }
    }

    fn enumeration<'a>(&self, name: &str, values: impl Iterator<Item = &'a str>) -> String {
        let values: Vec<&str> = values.collect();
        let mut variants: Vec<String> = values.iter().map(|v| upper_camel(v)).collect();
        dedup(&mut variants);
        let mut text = self.derive(", Copy, Eq, Hash");
        text += &format!("pub enum {} {{\n", ident(name));
        for (value, variant) in values.iter().zip(&variants) {
            text += &self.serde_attr(&format!("rename = {value:?}"));
            text += &format!("{},\n", ident(variant));
        }
        text + "}\n"
    }

    fn alternate(&self, name: &str, id: EntityId, alternatives: &[Variant]) -> String {
        let mut text = self.derive("") + &self.serde_attr("untagged");
        text += &format!("pub enum {} {{\n", ident(name));
        for v in alternatives {
            let ty = self.member_type(id, v.ty.id(), "");
            text += &format!("{}({ty}),\n", ident(&upper_camel(&v.name)));
        }
        text + "}\n"
    }

    /// A command's or event's type: its arguments or data, a newtype
    /// around a named type, or a unit struct.
    fn wrapper(&self, name: &str, arg: Option<&TypeRef>) -> String {
        let Some(arg) = arg else {
            return self.derive("") + &format!("pub struct {};\n", ident(name));
        };
        let entity = self.schema.entity(arg.id());
        match &entity.kind {
            EntityKind::Object(o) if entity.is_implicit() => {
                self.object(name, arg.id(), o, "super::")
            }
            _ => {
                let inner = self.plain_type(arg.id(), "super::");
                self.derive("")
                    + &self.serde_attr("transparent")
                    + &format!("pub struct {}(pub {inner});\n", ident(name))
            }
        }
    }

    /// A struct, or a union: its base's members and a tagged enum of its
    /// branches, flattened.
    fn object(&self, name: &str, id: EntityId, o: &ObjectType, scope: &str) -> String {
        let tag = o.branches.as_ref().map(|b| b.tag.as_str());
        let members: Vec<&Member> = o
            .members
            .iter()
            .filter(|m| Some(m.name.as_str()) != tag)
            .collect();
        let mut fields: Vec<String> = members.iter().map(|m| snake(&m.name)).collect();
        dedup(&mut fields);
        let mut text = self.derive("");
        text += &format!("pub struct {} {{\n", ident(name));
        for (m, field) in members.iter().zip(&fields) {
            let ty = self.member_type(id, m.ty.id(), scope);
            let rename = format!("rename = {:?}", m.name);
            let (attr, ty) = if m.optional {
                let args = format!("{rename}, default, skip_serializing_if = \"Option::is_none\"");
                (self.serde_attr(&args), format!("Option<{ty}>"))
            } else {
                (self.serde_attr(&rename), ty)
            };
            text += &format!("{attr}pub {}: {ty},\n", ident(field));
        }
        let Some(branches) = &o.branches else {
            return text + "}\n";
        };
        let branch = ident(&format!("{name}Branch"));
        text += &self.serde_attr("flatten");
        text += &format!("pub branch: {branch},\n}}\n");
        text += &self.derive("");
        text += &self.serde_attr(&format!("tag = {:?}", branches.tag));
        text += &format!("pub enum {branch} {{\n");
        for v in &branches.variants {
            text += &self.serde_attr(&format!("rename = {:?}", v.name));
            let variant = ident(&upper_camel(&v.name));
            if self.schema.entity(v.ty.id()).name == "q_empty" {
                text += &format!("{variant},\n");
            } else {
                let ty = self.member_type(id, v.ty.id(), scope);
                text += &format!("{variant}({ty}),\n");
            }
        }
        text + "}\n"
    }

    /// The Rust type of a member of `holder`, boxed where `holder` would
    /// otherwise contain itself.
    fn member_type(&self, holder: EntityId, ty: EntityId, scope: &str) -> String {
        let plain = self.plain_type(ty, scope);
        if self.contains(ty, holder, &mut Vec::new()) {
            format!("Box<{plain}>")
        } else {
            plain
        }
    }

    /// A type's name, prefixed by `scope` (the path to the types from a
    /// command's or event's module).
    fn plain_type(&self, id: EntityId, scope: &str) -> String {
        let entity = self.schema.entity(id);
        match &entity.kind {
            EntityKind::Builtin(b) => {
                // Only the `__q` paths are relative; `i64` and the like are not.
                let ty = builtin_type(*b).to_string().replace(' ', "");
                ty.replace("__q::", &format!("{scope}__q::"))
            }
            EntityKind::Array(a) => format!("Vec<{}>", self.plain_type(a.element.id(), scope)),
            _ => format!("{scope}{}", ident(&upper_camel(&entity.name))),
        }
    }

    /// Whether a value of type `outer` contains one of type `inner`, other
    /// than through a list.
    fn contains(&self, outer: EntityId, inner: EntityId, seen: &mut Vec<EntityId>) -> bool {
        if outer == inner {
            return true;
        }
        if seen.contains(&outer) {
            return false;
        }
        seen.push(outer);
        match &self.schema.entity(outer).kind {
            EntityKind::Object(o) => {
                let branches = o.branches.iter().flat_map(|b| &b.variants);
                let mut parts = o
                    .members
                    .iter()
                    .map(|m| &m.ty)
                    .chain(branches.map(|v| &v.ty));
                parts.any(|t| self.contains(t.id(), inner, seen))
            }
            EntityKind::Alternate(a) => a
                .variants
                .iter()
                .any(|v| self.contains(v.ty.id(), inner, seen)),
            _ => false,
        }
    }
}
