//! Building the entities from checked definitions, in QEMU's creation
//! order: predefined types first, then for each definition the arrays it
//! needs, its implicit object type, and itself.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::path::PathBuf;

use crate::error::Result;
use crate::expr::{
    Args, BranchDef, Common, Def, DefKind, EnumValueDef, FeatureDef, MemberDef, TypeExpr,
};
use crate::ifcond::IfCond;
use crate::model::*;
use crate::parse::Parsed;
use crate::paths;
use crate::release::Rules;
use crate::source::{Info, Sources};
use crate::Schema;

/// The predefined enum of JSON value types.
const QTYPE_VALUES: [&str; 7] = [
    "none", "qnull", "qnum", "qstring", "qdict", "qlist", "qbool",
];

/// The module of predefined entities.
pub(crate) const BUILTIN_MODULE: &str = "./builtin";

pub(crate) struct Builder {
    pub schema: Schema,
    base: PathBuf,
    root_dir: PathBuf,
    module_names: HashMap<String, usize>,
    /// Every distinct feature name, in order of first use, with the
    /// location of the definition that first used it.
    pub feature_names: Vec<(String, Option<Info>)>,
    feature_set: HashSet<String>,
}

impl Builder {
    pub fn new(parsed: Parsed) -> Builder {
        let root = parsed.sources.file(crate::source::FileId(0)).path.clone();
        let mut builder = Builder {
            schema: Schema {
                release: parsed.release,
                sources: parsed.sources,
                entities: Vec::new(),
                modules: Vec::new(),
                by_name: HashMap::default(),
                docs: parsed.docs,
                pragma: parsed.pragma,
            },
            base: parsed.base,
            root_dir: parsed.root_dir,
            module_names: HashMap::default(),
            feature_names: Vec::new(),
            feature_set: HashSet::default(),
        };
        builder.make_module(BUILTIN_MODULE.to_owned());
        let root_name = builder.module_name_of(&root);
        builder.make_module(root_name);
        for special in ["deprecated", "unstable"] {
            builder.feature_set.insert(special.to_owned());
            builder.feature_names.push((special.to_owned(), None));
        }
        builder
    }

    fn sources(&self) -> &Sources {
        &self.schema.sources
    }

    /// The module name of an absolute file path.
    pub fn module_name_of(&self, path: &std::path::Path) -> String {
        paths::relpath(path, &self.root_dir)
    }

    fn make_module(&mut self, name: String) -> usize {
        if let Some(&index) = self.module_names.get(&name) {
            return index;
        }
        let index = self.schema.modules.len();
        self.module_names.insert(name.clone(), index);
        self.schema.modules.push(Module {
            name,
            entities: Vec::new(),
        });
        index
    }

    /// The module index for a module name made by [`Builder::module_name_of`].
    pub fn module_index(&self, name: &str) -> Option<usize> {
        self.module_names.get(name).copied()
    }

    fn push_entity(&mut self, entity: Entity) -> EntityId {
        let id = EntityId(self.schema.entities.len() as u32);
        self.schema.entities.push(entity);
        id
    }

    /// Adds a named definition; a second definition of a name is an error.
    fn def_definition(&mut self, entity: Entity) -> Result<EntityId> {
        if let Some(&other) = self.schema.by_name.get(&entity.name) {
            let other = &self.schema.entities[other.index()];
            // Only predefined entities lack a location, and they are
            // defined first; user definitions always have one.
            let info = entity.info.expect("user definitions have a location");
            let msg = match other.info {
                Some(prev) => {
                    let prev = self.sources().error(prev, "previous definition");
                    format!("'{}' is already defined\n{prev}", entity.name)
                }
                None => format!("{} is already defined", other.describe()),
            };
            return Err(self.sources().error(info, msg));
        }
        let name = entity.name.clone();
        let id = self.push_entity(entity);
        self.schema.by_name.insert(name, id);
        Ok(id)
    }

    fn entity(
        name: &str,
        info: Option<Info>,
        ifcond: Option<IfCond>,
        features: Vec<Feature>,
        kind: EntityKind,
    ) -> Entity {
        Entity {
            name: name.to_owned(),
            info,
            doc: None,
            ifcond,
            features,
            kind,
            module: 0,
        }
    }

    pub fn def_predefineds(&mut self) -> Result<()> {
        for b in Builtin::ALL {
            self.def_definition(Self::entity(
                b.name(),
                None,
                None,
                Vec::new(),
                EntityKind::Builtin(b),
            ))?;
            self.make_array_type(b.name(), None)?;
        }
        let empty = ObjectType {
            base: None,
            local_members: Vec::new(),
            branches: None,
            members: Vec::new(),
        };
        self.def_definition(Self::entity(
            "q_empty",
            None,
            None,
            Vec::new(),
            EntityKind::Object(empty),
        ))?;
        let qtype = EnumType {
            members: QTYPE_VALUES
                .iter()
                .map(|v| EnumMember {
                    name: (*v).to_owned(),
                    ifcond: None,
                    features: Vec::new(),
                })
                .collect(),
            prefix: self.rules().qtype_prefix.then(|| "QTYPE".to_owned()),
        };
        self.def_definition(Self::entity(
            "QType",
            None,
            None,
            Vec::new(),
            EntityKind::Enum(qtype),
        ))?;
        Ok(())
    }

    fn make_features(&mut self, features: Vec<FeatureDef>, info: Info) -> Vec<Feature> {
        features
            .into_iter()
            .map(|f| {
                if self.feature_set.insert(f.name.clone()) {
                    self.feature_names.push((f.name.clone(), Some(info)));
                }
                Feature {
                    name: f.name,
                    ifcond: f.ifcond,
                }
            })
            .collect()
    }

    /// The array type of `element`, created on first use.
    fn make_array_type(&mut self, element: &str, info: Option<Info>) -> Result<String> {
        let name = format!("{element}List");
        if self.schema.lookup_type(&name).is_none() {
            let kind = EntityKind::Array(ArrayType {
                element: TypeRef::new(element),
            });
            self.def_definition(Self::entity(&name, info, None, Vec::new(), kind))?;
        }
        Ok(name)
    }

    fn type_ref(&mut self, ty: TypeExpr, info: Info) -> Result<TypeRef> {
        Ok(TypeRef::new(match ty {
            TypeExpr::Name(name) => name,
            TypeExpr::Array(element) => self.make_array_type(&element, Some(info))?,
        }))
    }

    fn make_members(
        &mut self,
        members: Vec<MemberDef>,
        info: Info,
        owner: &str,
    ) -> Result<Vec<Member>> {
        members
            .into_iter()
            .map(|m| {
                let ty = self.type_ref(m.ty, info)?;
                Ok(Member {
                    name: m.name,
                    optional: m.optional,
                    ty,
                    ifcond: m.ifcond,
                    features: self.make_features(m.features, info),
                    defined_in: owner.to_owned(),
                })
            })
            .collect()
    }

    fn make_variants(&mut self, branches: Vec<BranchDef>, info: Info) -> Result<Vec<Variant>> {
        branches
            .into_iter()
            .map(|b| {
                Ok(Variant {
                    name: b.name,
                    ty: self.type_ref(b.ty, info)?,
                    ifcond: b.ifcond,
                })
            })
            .collect()
    }

    /// `q_obj_OWNER-ROLE` for inline members; `None` when there are none.
    fn make_implicit_object_type(
        &mut self,
        owner: &str,
        role: &str,
        info: Info,
        ifcond: Option<&IfCond>,
        members: Vec<MemberDef>,
    ) -> Result<Option<TypeRef>> {
        if members.is_empty() {
            return Ok(None);
        }
        let name = format!("q_obj_{owner}-{role}");
        let members = self.make_members(members, info, &name)?;
        // A second user of the same implicit type can only be a duplicate
        // definition, which is reported when that is defined.
        if self.schema.lookup_type(&name).is_none() {
            let object = ObjectType {
                base: None,
                local_members: members,
                branches: None,
                members: Vec::new(),
            };
            self.def_definition(Self::entity(
                &name,
                Some(info),
                ifcond.cloned(),
                Vec::new(),
                EntityKind::Object(object),
            ))?;
        }
        Ok(Some(TypeRef::new(name)))
    }

    fn args(
        &mut self,
        owner: &str,
        info: Info,
        ifcond: Option<&IfCond>,
        data: Option<Args>,
    ) -> Result<Option<TypeRef>> {
        match data {
            None => Ok(None),
            Some(Args::Named(name)) => Ok(named(name)),
            Some(Args::Inline(members)) => {
                self.make_implicit_object_type(owner, "arg", info, ifcond, members)
            }
        }
    }

    fn enum_members(&mut self, values: Vec<EnumValueDef>, info: Info) -> Vec<EnumMember> {
        values
            .into_iter()
            .map(|v| EnumMember {
                name: v.name,
                ifcond: v.ifcond,
                features: self.make_features(v.features, info),
            })
            .collect()
    }

    /// Builds the entities of every definition, in order.
    pub fn def_exprs(&mut self, defs: Vec<Def>) -> Result<()> {
        for def in defs {
            match def {
                Def::Include { info, path } => {
                    let abs = paths::absolute(&self.base, &path);
                    let module = self.make_module(self.module_name_of(&abs));
                    let name = self.schema.modules[module].name.clone();
                    self.push_entity(Self::entity(
                        &name,
                        Some(info),
                        None,
                        Vec::new(),
                        EntityKind::Include(module),
                    ));
                }
                Def::Definition {
                    info,
                    doc,
                    common,
                    kind,
                } => self.def_definition_expr(info, doc, common, kind)?,
            }
        }
        Ok(())
    }

    fn def_definition_expr(
        &mut self,
        info: Info,
        doc: Option<usize>,
        common: Common,
        kind: DefKind,
    ) -> Result<()> {
        let Common {
            name,
            ifcond,
            features,
        } = common;
        let features = self.make_features(features, info);
        let kind = match kind {
            DefKind::Enum { values, prefix } => EntityKind::Enum(EnumType {
                members: self.enum_members(values, info),
                prefix,
            }),
            DefKind::Struct { base, members } => EntityKind::Object(ObjectType {
                base: base.and_then(named),
                local_members: self.make_members(members, info, &name)?,
                branches: None,
                members: Vec::new(),
            }),
            DefKind::Union {
                base,
                discriminator,
                branches,
            } => {
                let base = match base {
                    Args::Named(n) => named(n),
                    Args::Inline(members) => self.make_implicit_object_type(
                        &name,
                        "base",
                        info,
                        ifcond.as_ref(),
                        members,
                    )?,
                };
                let variants = self.make_variants(branches, info)?;
                EntityKind::Object(ObjectType {
                    base,
                    local_members: Vec::new(),
                    branches: Some(Branches {
                        tag: discriminator,
                        variants,
                    }),
                    members: Vec::new(),
                })
            }
            DefKind::Alternate { branches } => EntityKind::Alternate(AlternateType {
                variants: self.make_variants(branches, info)?,
            }),
            DefKind::Command {
                data,
                returns,
                flags,
            } => {
                let arg_type = self.args(&name, info, ifcond.as_ref(), data)?;
                let ret_type = match returns {
                    Some(TypeExpr::Name(name)) => named(name),
                    Some(array) => Some(self.type_ref(array, info)?),
                    None => None,
                };
                EntityKind::Command(Command {
                    arg_type,
                    ret_type,
                    flags,
                })
            }
            DefKind::Event { data, boxed } => EntityKind::Event(Event {
                arg_type: self.args(&name, info, ifcond.as_ref(), data)?,
                boxed,
            }),
        };
        let mut entity = Self::entity(&name, Some(info), ifcond, features, kind);
        entity.doc = doc;
        self.def_definition(entity)?;
        Ok(())
    }

    /// The feature limit, where the release has one: at most so many
    /// distinct names in the whole schema.
    pub fn check_feature_count(&self) -> Result<()> {
        let Some(max) = self.rules().max_features else {
            return Ok(());
        };
        match self.feature_names.get(max) {
            Some((_, Some(info))) => Err(self.sources().error(
                *info,
                format!("Maximum of {max} schema features is permitted"),
            )),
            Some((_, None)) | None => Ok(()),
        }
    }

    pub fn rules(&self) -> &'static Rules {
        self.schema.release.rules()
    }

    pub fn root_dir(&self) -> &std::path::Path {
        &self.root_dir
    }
}

/// The type a definition's `data`, `base` or `returns` names, as QEMU's
/// schema takes it: an empty name is no type at all, since QEMU tests the
/// name for truth.  (Member, branch and element types are looked up
/// whatever their name.)
fn named(name: String) -> Option<TypeRef> {
    (!name.is_empty()).then(|| TypeRef::new(name))
}
