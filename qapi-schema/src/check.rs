//! Semantic checks: resolving type references, clashes, bases, unions,
//! alternates, commands and events, each entity in creation order, and
//! tying documentation to what it documents.

use rustc_hash::FxHashMap as HashMap;

use crate::error::{Error, Result};
use crate::model::*;
use crate::names::c_name;
use crate::release::Rules;
use crate::source::{Info, Sources};
use crate::Schema;

/// What a member-like item is, for messages.
#[derive(Clone, Debug)]
struct Described {
    role: &'static str,
    name: String,
    defined_in: String,
}

impl Described {
    /// QEMU's description of a member, value, branch or feature, short or
    /// long depending on whether its owner is the definition on `info`'s
    /// line.
    fn describe(&self, sources: &Sources, info: Info, rules: &Rules) -> String {
        let mut role = self.role.to_owned();
        let mut meta = "type";
        let mut owner = self.defined_in.as_str();
        let mut short = false;
        if let Some(implicit) = owner.strip_prefix("q_obj_") {
            if let Some(command) = implicit.strip_suffix("-arg") {
                role = "parameter".to_owned();
                meta = "command";
                owner = command;
                short = !rules.implicit_owner_in_descriptions;
            } else if let Some(union) = implicit.strip_suffix("-base") {
                role = format!("base {role}");
                owner = union;
                short = !rules.implicit_owner_in_descriptions;
            }
        }
        if short || sources.defn_name(info) == Some(owner) {
            format!("{role} '{}'", self.name)
        } else {
            format!("{role} '{}' of {meta} '{owner}'", self.name)
        }
    }
}

/// Names seen so far, by C name, to find clashes.
type Seen = HashMap<String, Described>;

fn check_clash(
    sources: &Sources,
    rules: &Rules,
    info: Info,
    item: Described,
    seen: &mut Seen,
) -> Result<()> {
    let cname = c_name(&item.name);
    if let Some(other) = seen.get(&cname) {
        return Err(sources.error(
            info,
            format!(
                "{} collides with {}",
                item.describe(sources, info, rules),
                other.describe(sources, info, rules)
            ),
        ));
    }
    seen.insert(cname, item);
    Ok(())
}

fn features_clash(
    sources: &Sources,
    rules: &Rules,
    info: Info,
    features: &[Feature],
    owner: &str,
) -> Result<()> {
    let mut seen = Seen::default();
    for f in features {
        let item = Described {
            role: "feature",
            name: f.name.clone(),
            defined_in: owner.to_owned(),
        };
        check_clash(sources, rules, info, item, &mut seen)?;
    }
    Ok(())
}

fn member_desc(m: &Member) -> Described {
    Described {
        role: "member",
        name: m.name.clone(),
        defined_in: m.defined_in.clone(),
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum State {
    Unchecked,
    InProgress,
    Done,
}

pub(crate) struct Checker<'s> {
    schema: &'s mut Schema,
    state: Vec<State>,
}

/// The JSON type class of an alternate branch, for ambiguity checks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum QType {
    Str,
    Num,
    Bool,
    Null,
    List,
    Dict,
}

impl<'s> Checker<'s> {
    pub fn new(schema: &'s mut Schema) -> Checker<'s> {
        let state = vec![State::Unchecked; schema.entities.len()];
        Checker { schema, state }
    }

    fn rules(&self) -> &'static Rules {
        self.schema.release.rules()
    }

    fn sources(&self) -> &Sources {
        &self.schema.sources
    }

    fn entity(&self, id: EntityId) -> &Entity {
        &self.schema.entities[id.index()]
    }

    fn err(&self, info: Info, msg: impl Into<String>) -> Error {
        self.schema.sources.error(info, msg)
    }

    /// Checks every entity in creation order, connecting its documentation
    /// right after it, then every doc block (7.2: each entity's right after
    /// connecting it).
    pub fn check_all(&mut self) -> Result<()> {
        let per_definition = self.schema.release.rules().doc_checked_per_definition;
        for index in 0..self.schema.entities.len() {
            let id = EntityId(index as u32);
            self.check_entity(id)?;
            self.connect_doc(id)?;
            if let (true, Some(doc)) = (per_definition, self.entity(id).doc) {
                self.schema.docs[doc].check(&self.schema.sources)?;
            }
        }
        if !per_definition {
            for doc in &self.schema.docs {
                doc.check(&self.schema.sources)?;
            }
        }
        Ok(())
    }

    fn resolve(&self, name: &str, info: Info, what: impl FnOnce() -> String) -> Result<EntityId> {
        self.schema
            .lookup_type(name)
            .ok_or_else(|| self.err(info, format!("{} uses unknown type '{name}'", what())))
    }

    fn check_entity(&mut self, id: EntityId) -> Result<()> {
        let entity = self.entity(id);
        if let EntityKind::Array(a) = &entity.kind {
            return self.check_array(id, a.element.name.clone(), entity.info);
        }
        let Some(info) = entity.info else {
            // Other predefined entities are correct by construction.
            return Ok(());
        };
        match &entity.kind {
            EntityKind::Enum(e) => {
                self.definition_features(id)?;
                let mut seen = Seen::default();
                for m in &e.members {
                    let item = Described {
                        role: "value",
                        name: m.name.clone(),
                        defined_in: entity.name.clone(),
                    };
                    check_clash(self.sources(), self.rules(), info, item, &mut seen)?;
                }
                Ok(())
            }
            EntityKind::Object(_) => self.check_object(id),
            EntityKind::Alternate(_) => self.check_alternate(id, info),
            EntityKind::Command(_) | EntityKind::Event(_) => self.check_command_or_event(id, info),
            EntityKind::Builtin(_) | EntityKind::Include(_) | EntityKind::Array(_) => Ok(()),
        }
    }

    /// Resolves an array's element type; the array takes over its condition.
    fn check_array(&mut self, id: EntityId, element: String, info: Option<Info>) -> Result<()> {
        let elem_id = match (self.schema.lookup_type(&element), info) {
            (Some(elem_id), _) => elem_id,
            (None, Some(info)) => {
                // Reported in terms of the definition that first used it.
                let what = self
                    .sources()
                    .defn_meta(info)
                    .map(|m| m.to_string())
                    .unwrap_or_default();
                return Err(self.err(info, format!("{what} uses unknown type '{element}'")));
            }
            (None, None) => unreachable!("built-in arrays have built-in elements"),
        };
        if let (EntityKind::Array(_), Some(info)) = (&self.entity(elem_id).kind, info) {
            let what = self
                .sources()
                .defn_meta(info)
                .map(|m| m.to_string())
                .unwrap_or_default();
            return Err(self.err(
                info,
                format!("{what} cannot use array of arrays ['{element}']"),
            ));
        }
        let ifcond = self.entity(elem_id).ifcond.clone();
        let entity = &mut self.schema.entities[id.index()];
        entity.ifcond = ifcond;
        if let EntityKind::Array(a) = &mut entity.kind {
            a.element.id = Some(elem_id);
        }
        Ok(())
    }

    /// Feature clashes of the definition itself; types may not use the
    /// special features.
    fn definition_features(&self, id: EntityId) -> Result<()> {
        let entity = self.entity(id);
        let info = entity.info.expect("only user definitions are checked");
        features_clash(
            self.sources(),
            self.rules(),
            info,
            &entity.features,
            &entity.name,
        )?;
        if entity.is_type() {
            if let Some(f) = entity.features.iter().find(|f| f.is_special()) {
                return Err(self.err(
                    info,
                    format!("feature '{}' is not supported for types", f.name),
                ));
            }
        }
        Ok(())
    }

    fn object(&self, id: EntityId) -> &ObjectType {
        self.entity(id)
            .as_object()
            .expect("caller checked that this is an object type")
    }

    fn object_mut(&mut self, id: EntityId) -> &mut ObjectType {
        match &mut self.schema.entities[id.index()].kind {
            EntityKind::Object(o) => o,
            _ => unreachable!("caller checked that this is an object type"),
        }
    }

    fn check_object(&mut self, id: EntityId) -> Result<()> {
        let entity = self.entity(id);
        // Only `q_empty` has no location, and it has nothing to check.
        let Some(info) = entity.info else {
            return Ok(());
        };
        match self.state[id.index()] {
            State::Done => return Ok(()),
            State::InProgress => {
                return Err(self.err(info, format!("object {} contains itself", entity.name)))
            }
            State::Unchecked => {}
        }
        self.state[id.index()] = State::InProgress;
        self.definition_features(id)?;

        let mut seen = Seen::default();
        let mut members: Vec<Member> = Vec::new();
        if let Some(base) = self.object(id).base.clone() {
            let base_id = self.resolve(&base.name, info, || "'base'".to_owned())?;
            let base_entity = self.entity(base_id);
            if !matches!(base_entity.as_object(), Some(o) if !o.is_union()) {
                return Err(self.err(
                    info,
                    format!(
                        "'base' requires a struct type, {} isn't",
                        base_entity.describe()
                    ),
                ));
            }
            self.check_object(base_id)?;
            self.object_clash(base_id, info, &mut seen)?;
            members.extend(self.object(base_id).members.iter().cloned());
            self.object_mut(id).base.as_mut().expect("has a base").id = Some(base_id);
        }
        for index in 0..self.object(id).local_members.len() {
            let m = &self.object(id).local_members[index];
            let ty = self.resolve(&m.ty.name, info, || {
                member_desc(m).describe(self.sources(), info, self.rules())
            })?;
            features_clash(self.sources(), self.rules(), info, &m.features, &m.name)?;
            check_clash(
                self.sources(),
                self.rules(),
                info,
                member_desc(m),
                &mut seen,
            )?;
            let m = &mut self.object_mut(id).local_members[index];
            m.ty.id = Some(ty);
            members.push(m.clone());
        }
        self.object_mut(id).members = members;
        if self.object(id).is_union() {
            self.check_branches(id, info, &seen)?;
            self.branches_clash(id, info, &seen)?;
        }
        self.state[id.index()] = State::Done;
        Ok(())
    }

    /// Adds the members of checked object `id` to `seen`, reporting clashes
    /// at `info`.
    fn object_clash(&self, id: EntityId, info: Info, seen: &mut Seen) -> Result<()> {
        for m in &self.object(id).members {
            check_clash(self.sources(), self.rules(), info, member_desc(m), seen)?;
        }
        self.branches_clash(id, info, seen)
    }

    /// Each branch's members must not clash with the union's members.
    fn branches_clash(&self, id: EntityId, info: Info, seen: &Seen) -> Result<()> {
        if let Some(branches) = &self.object(id).branches {
            for v in &branches.variants {
                self.object_clash(v.ty.id(), info, &mut seen.clone())?;
            }
        }
        Ok(())
    }

    fn check_branches(&mut self, id: EntityId, info: Info, seen: &Seen) -> Result<()> {
        let tag_name = self
            .object(id)
            .branches
            .as_ref()
            .expect("a union")
            .tag
            .clone();
        let tag = match seen.get(&c_name(&tag_name)) {
            Some(t) if t.name == tag_name => t.clone(),
            _ => {
                return Err(self.err(
                    info,
                    format!("discriminator '{tag_name}' is not a member of 'base'"),
                ))
            }
        };
        let tag_member = self
            .object(id)
            .members
            .iter()
            .find(|m| m.name == tag.name)
            .expect("the tag was found among the members")
            .clone();
        let declared_by = self
            .schema
            .lookup_type(&tag_member.defined_in)
            .expect("members are declared by types");
        let base = if self.entity(declared_by).is_implicit() {
            "'base'".to_owned()
        } else {
            format!("base type '{}'", tag_member.defined_in)
        };
        let Some(tag_enum) = self.entity(tag_member.ty.id()).as_enum() else {
            return Err(self.err(
                info,
                format!("discriminator member '{tag_name}' of {base} must be of enum type"),
            ));
        };
        if tag_member.optional {
            return Err(self.err(
                info,
                format!("discriminator member '{tag_name}' of {base} must not be optional"),
            ));
        }
        if tag_member.ifcond.is_some() {
            return Err(self.err(
                info,
                format!("discriminator member '{tag_name}' of {base} must not be conditional"),
            ));
        }
        let tag_enum = tag_enum.clone();
        let enum_desc = self.entity(tag_member.ty.id()).describe();
        let branches = self.object_mut(id).branches.as_mut().expect("a union");
        for value in &tag_enum.members {
            if !branches.variants.iter().any(|v| v.name == value.name) {
                branches.variants.push(Variant {
                    name: value.name.clone(),
                    ty: TypeRef::new("q_empty"),
                    ifcond: value.ifcond.clone(),
                });
            }
        }
        if branches.variants.is_empty() {
            return Err(self.err(info, "union has no branches"));
        }
        for index in 0..branches.variants.len() {
            let v = &self.object(id).branches.as_ref().expect("a union").variants[index];
            let desc = Described {
                role: "branch",
                name: v.name.clone(),
                defined_in: self.entity(id).name.clone(),
            };
            let ty = self.resolve(&v.ty.name, info, || {
                desc.describe(self.sources(), info, self.rules())
            })?;
            if !tag_enum.has_member(&v.name) {
                return Err(self.err(
                    info,
                    format!("branch '{}' is not a value of {enum_desc}", v.name),
                ));
            }
            let union_branch = self
                .entity(ty)
                .as_object()
                .is_some_and(ObjectType::is_union);
            if self.entity(ty).as_object().is_none()
                || union_branch && !self.rules().union_branches_may_be_unions
            {
                let msg = format!(
                    "{} cannot use {}",
                    desc.describe(self.sources(), info, self.rules()),
                    self.entity(ty).describe()
                );
                return Err(self.err(info, msg));
            }
            self.object_mut(id)
                .branches
                .as_mut()
                .expect("a union")
                .variants[index]
                .ty
                .id = Some(ty);
            self.check_object(ty)?;
        }
        Ok(())
    }

    fn alternate_qtype(&self, id: EntityId) -> Option<QType> {
        match &self.entity(id).kind {
            EntityKind::Builtin(b) => match b.json_type() {
                "string" => Some(QType::Str),
                "number" | "int" => Some(QType::Num),
                "boolean" => Some(QType::Bool),
                "null" => Some(QType::Null),
                _ => None,
            },
            EntityKind::Enum(_) => Some(QType::Str),
            EntityKind::Object(_) => Some(QType::Dict),
            EntityKind::Array(_) => Some(QType::List),
            _ => None,
        }
    }

    fn check_alternate(&mut self, id: EntityId, info: Info) -> Result<()> {
        self.definition_features(id)?;
        let name = self.entity(id).name.clone();
        let variants = match &self.entity(id).kind {
            EntityKind::Alternate(a) => a.variants.clone(),
            _ => unreachable!("called for alternates"),
        };
        let desc = |v: &Variant| Described {
            role: "branch",
            name: v.name.clone(),
            defined_in: name.clone(),
        };
        let mut types = Vec::with_capacity(variants.len());
        for v in &variants {
            types.push(self.resolve(&v.ty.name, info, || {
                desc(v).describe(self.sources(), info, self.rules())
            })?);
        }
        let mut seen = Seen::default();
        let mut owners: HashMap<QType, &str> = HashMap::default();
        for (v, &ty) in variants.iter().zip(&types) {
            check_clash(self.sources(), self.rules(), info, desc(v), &mut seen)?;
            let Some(qtype) = self.alternate_qtype(ty) else {
                let msg = format!(
                    "{} cannot use {}",
                    desc(v).describe(self.sources(), info, self.rules()),
                    self.entity(ty).describe()
                );
                return Err(self.err(info, msg));
            };
            let mut conflicting = vec![qtype];
            match self.entity(ty).as_enum() {
                Some(e) => {
                    if e.members.iter().any(|m| m.name == "on" || m.name == "off") {
                        conflicting.push(QType::Bool);
                    }
                    if e.members.iter().any(|m| {
                        m.name.starts_with(['-', '+', '.'])
                            || m.name.starts_with(|c: char| c.is_ascii_digit())
                    }) {
                        conflicting.push(QType::Num);
                    }
                }
                None if qtype == QType::Str => conflicting.extend([QType::Num, QType::Bool]),
                None => {}
            }
            for qt in conflicting {
                if let Some(other) = owners.get(&qt) {
                    let msg = format!(
                        "{} can't be distinguished from '{other}'",
                        desc(v).describe(self.sources(), info, self.rules())
                    );
                    return Err(self.err(info, msg));
                }
                owners.insert(qt, &v.name);
            }
        }
        if let EntityKind::Alternate(a) = &mut self.schema.entities[id.index()].kind {
            for (v, ty) in a.variants.iter_mut().zip(types) {
                v.ty.id = Some(ty);
            }
        }
        Ok(())
    }

    fn check_command_or_event(&mut self, id: EntityId, info: Info) -> Result<()> {
        self.definition_features(id)?;
        let entity = self.entity(id);
        let (arg_type, boxed, what) = match &entity.kind {
            EntityKind::Command(c) => (c.arg_type.clone(), c.flags.boxed, "command"),
            EntityKind::Event(e) => (e.arg_type.clone(), e.boxed, "event"),
            _ => unreachable!("called for commands and events"),
        };
        let mut arg_id = None;
        if let Some(arg) = arg_type {
            let ty = self.resolve(&arg.name, info, || format!("{what}'s 'data'"))?;
            let arg_entity = self.entity(ty);
            let Some(object) = arg_entity.as_object() else {
                return Err(self.err(
                    info,
                    format!("{what}'s 'data' cannot take {}", arg_entity.describe()),
                ));
            };
            if object.is_union() && !boxed {
                return Err(self.err(
                    info,
                    format!(
                        "{what}'s 'data' can take {} only with 'boxed': true",
                        arg_entity.describe()
                    ),
                ));
            }
            // Before 10.0 the argument type is checked in its own turn,
            // and conditional arguments need no boxing.
            if self.rules().check_arguments_early {
                self.check_object(ty)?;
                if !boxed && self.object(ty).members.iter().any(|m| m.ifcond.is_some()) {
                    return Err(self.err(
                        info,
                        format!("conditional {what} arguments require 'boxed': true"),
                    ));
                }
            }
            arg_id = Some(ty);
        }
        let mut ret_id = None;
        if let EntityKind::Command(c) = &self.entity(id).kind {
            if let Some(ret) = &c.ret_type {
                let ty = self.resolve(&ret.name, info, || "command's 'returns'".to_owned())?;
                let name = &self.entity(id).name;
                if !self.schema.pragma.command_returns_exceptions.contains(name) {
                    let ret_entity = self.entity(ty);
                    // An array first used by a later definition is not
                    // checked yet: like QEMU, we see no element type then.
                    let target = match &ret_entity.kind {
                        EntityKind::Array(a) => a.element.id,
                        _ => Some(ty),
                    };
                    if target.is_none_or(|t| self.entity(t).as_object().is_none()) {
                        return Err(self.err(
                            info,
                            format!("command's 'returns' cannot take {}", ret_entity.describe()),
                        ));
                    }
                }
                ret_id = Some(ty);
            }
        }
        match &mut self.schema.entities[id.index()].kind {
            EntityKind::Command(c) => {
                if let Some(a) = &mut c.arg_type {
                    a.id = arg_id;
                }
                if let Some(r) = &mut c.ret_type {
                    r.id = ret_id;
                }
            }
            EntityKind::Event(e) => {
                if let Some(a) = &mut e.arg_type {
                    a.id = arg_id;
                }
            }
            _ => {}
        }
        Ok(())
    }

    /// Ties entity `id`'s documentation to its features and members.
    fn connect_doc(&mut self, id: EntityId) -> Result<()> {
        let Some(doc) = self.entity(id).doc else {
            return Ok(());
        };
        self.connect_to(id, doc)
    }

    fn connect_to(&mut self, id: EntityId, doc: usize) -> Result<()> {
        let schema = &mut *self.schema;
        let entity = &schema.entities[id.index()];
        // Implicit object types carry their owner's location.
        let Some(info) = entity.info else {
            return Ok(());
        };
        let sources = &schema.sources;
        let d = &mut schema.docs[doc];
        let excused = d
            .symbol
            .as_ref()
            .is_some_and(|s| schema.pragma.documentation_exceptions.contains(s));
        for f in &entity.features {
            d.connect_feature(sources, &f.name, info)?;
        }
        let mut implicit_arg = None;
        match &entity.kind {
            EntityKind::Enum(e) => {
                for m in &e.members {
                    d.connect_member(sources, &m.name, "value", info, excused)?;
                    for f in &m.features {
                        d.connect_feature(sources, &f.name, info)?;
                    }
                }
            }
            EntityKind::Object(o) => {
                if let Some(base) = &o.base {
                    if schema.entities[base.id().index()].is_implicit() {
                        implicit_arg = Some(base.id());
                    }
                }
            }
            EntityKind::Alternate(a) => {
                for v in &a.variants {
                    d.connect_member(sources, &v.name, "branch", info, excused)?;
                }
            }
            EntityKind::Command(Command {
                arg_type: Some(t), ..
            })
            | EntityKind::Event(Event {
                arg_type: Some(t), ..
            }) if schema.entities[t.id().index()].is_implicit() => {
                implicit_arg = Some(t.id());
            }
            _ => {}
        }
        if let Some(arg) = implicit_arg {
            self.connect_to(arg, doc)?;
        }
        self.connect_local_members(id, doc, excused)
    }

    fn connect_local_members(&mut self, id: EntityId, doc: usize, excused: bool) -> Result<()> {
        let schema = &mut *self.schema;
        let entity = &schema.entities[id.index()];
        let (Some(info), Some(object)) = (entity.info, entity.as_object()) else {
            return Ok(());
        };
        let d = &mut schema.docs[doc];
        for m in &object.local_members {
            d.connect_member(&schema.sources, &m.name, "member", info, excused)?;
            for f in &m.features {
                d.connect_feature(&schema.sources, &f.name, info)?;
            }
        }
        Ok(())
    }
}
