//! The textual dump of a schema, byte for byte as QEMU's
//! `tests/qapi-schema/test-qapi.py` prints it.

use std::fmt::{self, Write};

use crate::ifcond::IfCond;
use crate::model::*;
use crate::release::DocDialect;
use crate::Schema;

fn py_bool(b: bool) -> &'static str {
    if b {
        "True"
    } else {
        "False"
    }
}

fn write_if(out: &mut String, ifcond: Option<&IfCond>, indent: usize) -> fmt::Result {
    match ifcond {
        Some(c) => writeln!(out, "{:indent$}if {c}", ""),
        None => Ok(()),
    }
}

fn write_features(out: &mut String, features: &[Feature], indent: usize) -> fmt::Result {
    for f in features {
        writeln!(out, "{:indent$}feature {}", "", f.name)?;
        write_if(out, f.ifcond.as_ref(), indent + 4)?;
    }
    Ok(())
}

fn write_variants(out: &mut String, tag: &str, variants: &[Variant]) -> fmt::Result {
    writeln!(out, "    tag {tag}")?;
    for v in variants {
        writeln!(out, "    case {}: {}", v.name, v.ty.name())?;
        write_if(out, v.ifcond.as_ref(), 8)?;
    }
    Ok(())
}

fn write_entity(out: &mut String, schema: &Schema, e: &Entity) -> fmt::Result {
    let opt_name = |t: &Option<TypeRef>| t.as_ref().map_or("None", |t| t.name()).to_owned();
    match &e.kind {
        EntityKind::Builtin(_) => return Ok(()),
        EntityKind::Include(module) => {
            return writeln!(out, "include {}", schema.modules()[*module].name);
        }
        EntityKind::Array(a) => {
            if e.info.is_none() {
                return Ok(());
            }
            writeln!(out, "array {} {}", e.name, a.element.name())?;
            return write_if(out, e.ifcond.as_ref(), 4);
        }
        EntityKind::Enum(en) => {
            writeln!(out, "enum {}", e.name)?;
            if let Some(prefix) = en.prefix.as_deref().filter(|p| !p.is_empty()) {
                writeln!(out, "    prefix {prefix}")?;
            }
            for m in &en.members {
                writeln!(out, "    member {}", m.name)?;
                write_if(out, m.ifcond.as_ref(), 8)?;
                write_features(out, &m.features, 8)?;
            }
        }
        EntityKind::Object(o) => {
            writeln!(out, "object {}", e.name)?;
            if let Some(base) = &o.base {
                writeln!(out, "    base {}", base.name())?;
            }
            for m in &o.local_members {
                writeln!(
                    out,
                    "    member {}: {} optional={}",
                    m.name,
                    m.ty.name(),
                    py_bool(m.optional)
                )?;
                write_if(out, m.ifcond.as_ref(), 8)?;
                write_features(out, &m.features, 8)?;
            }
            if let Some(b) = &o.branches {
                write_variants(out, &b.tag, &b.variants)?;
            }
        }
        EntityKind::Alternate(a) => {
            writeln!(out, "alternate {}", e.name)?;
            write_variants(out, "type", &a.variants)?;
        }
        EntityKind::Command(c) => {
            writeln!(
                out,
                "command {} {} -> {}",
                e.name,
                opt_name(&c.arg_type),
                opt_name(&c.ret_type)
            )?;
            let f = &c.flags;
            writeln!(
                out,
                "    gen={} success_response={} boxed={} oob={} preconfig={}{}",
                py_bool(f.gen),
                py_bool(f.success_response),
                py_bool(f.boxed),
                py_bool(f.allow_oob),
                py_bool(f.allow_preconfig),
                if f.coroutine { " coroutine=True" } else { "" }
            )?;
        }
        EntityKind::Event(ev) => {
            writeln!(out, "event {} {}", e.name, opt_name(&ev.arg_type))?;
            writeln!(out, "    boxed={}", py_bool(ev.boxed))?;
        }
    }
    write_if(out, e.ifcond.as_ref(), 4)?;
    write_features(out, &e.features, 4)
}

fn write_docs(out: &mut String, schema: &Schema) -> fmt::Result {
    // 7.2 labels a section with its tag as written, 10.0 with its kind.
    let tagged = schema.release().rules().docs == DocDialect::Sections;
    for doc in schema.docs() {
        match &doc.symbol {
            Some(symbol) => writeln!(out, "doc symbol={symbol}")?,
            None => writeln!(out, "doc freeform")?,
        }
        writeln!(out, "    body=\n{}", doc.body().text)?;
        for (name, section) in doc.args() {
            writeln!(out, "    arg={name}\n{}", section.text)?;
        }
        for (name, section) in doc.features() {
            writeln!(out, "    feature={name}\n{}", section.text)?;
        }
        for section in doc.sections() {
            if tagged {
                writeln!(out, "    section={}\n{}", section.label(), section.text)?;
            } else {
                writeln!(out, "    section={}\n{}", section.kind, section.text)?;
            }
        }
    }
    Ok(())
}

impl Schema {
    /// The dump: modules with their entities, then the doc blocks.
    pub fn dump(&self) -> String {
        let mut out = String::with_capacity(1 << 16);
        // Writing to a String cannot fail.
        let _ = self.write_dump(&mut out);
        out
    }

    fn write_dump(&self, out: &mut String) -> fmt::Result {
        for module in self.modules() {
            writeln!(out, "module {}", module.name)?;
            for &id in module.entities() {
                write_entity(out, self, self.entity(id))?;
            }
        }
        write_docs(out, self)
    }
}
