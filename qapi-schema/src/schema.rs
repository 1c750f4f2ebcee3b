//! The checked schema and how to load one.

use rustc_hash::FxHashMap as HashMap;
use std::path::{Path, PathBuf};

use crate::build::Builder;
use crate::check::Checker;
use crate::doc::Doc;
use crate::error::Result;
use crate::model::{Entity, EntityId, EntityKind, Module};
use crate::parse::{self, Pragma};
use crate::release::Release;
use crate::source::Sources;
use crate::{expr, paths};

/// A checked QAPI schema: its modules, entities and documentation.
#[derive(Debug)]
pub struct Schema {
    pub(crate) release: Release,
    pub(crate) sources: Sources,
    pub(crate) entities: Vec<Entity>,
    pub(crate) modules: Vec<Module>,
    pub(crate) by_name: HashMap<String, EntityId>,
    pub(crate) docs: Vec<Doc>,
    pub(crate) pragma: Pragma,
}

impl Schema {
    /// Loads the schema whose root file is `path`, in the newest release's
    /// dialect.  File names in messages start from `path` as given.
    pub fn load(path: impl AsRef<Path>) -> Result<Schema> {
        Loader::new().load(path)
    }

    /// Loads the schema whose root file is `name`, resolved against the
    /// folder `dir`, in the newest release's dialect.
    pub fn load_in(dir: impl AsRef<Path>, name: &str) -> Result<Schema> {
        Loader::new().load_in(dir, name)
    }

    /// The release whose dialect the schema was read in.
    pub fn release(&self) -> Release {
        self.release
    }

    /// Every entity, in creation order.
    pub fn entities(&self) -> &[Entity] {
        &self.entities
    }

    /// The entity with this id.
    pub fn entity(&self, id: EntityId) -> &Entity {
        &self.entities[id.index()]
    }

    /// The entity named `name` (a type, command or event).
    pub fn lookup(&self, name: &str) -> Option<EntityId> {
        self.by_name.get(name).copied()
    }

    /// The type named `name`.
    pub fn lookup_type(&self, name: &str) -> Option<EntityId> {
        self.lookup(name).filter(|id| self.entity(*id).is_type())
    }

    /// The modules: `./builtin`, the root file, then included files in the
    /// order they were first included.
    pub fn modules(&self) -> &[Module] {
        &self.modules
    }

    /// Every documentation block, in source order.
    pub fn docs(&self) -> &[Doc] {
        &self.docs
    }

    /// The documentation of an entity.
    pub fn doc_of(&self, id: EntityId) -> Option<&Doc> {
        self.entity(id).doc.map(|d| &self.docs[d])
    }

    /// The schema-wide pragmas.
    pub fn pragma(&self) -> &Pragma {
        &self.pragma
    }

    /// The files read and the locations of entities.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// Absolute paths of every file the schema was read from; a build
    /// script or macro depends on exactly these.
    pub fn files(&self) -> impl Iterator<Item = &PathBuf> {
        self.sources.files().iter().map(|f| &f.path)
    }

    /// Every entity with its id, in creation order.
    pub fn iter(&self) -> impl Iterator<Item = (EntityId, &Entity)> {
        self.entities_where(|_| true)
    }

    /// Commands, in creation order.
    pub fn commands(&self) -> impl Iterator<Item = (EntityId, &Entity)> {
        self.entities_where(|k| matches!(k, EntityKind::Command(_)))
    }

    /// Events, in creation order.
    pub fn events(&self) -> impl Iterator<Item = (EntityId, &Entity)> {
        self.entities_where(|k| matches!(k, EntityKind::Event(_)))
    }

    fn entities_where(
        &self,
        pred: impl Fn(&EntityKind) -> bool,
    ) -> impl Iterator<Item = (EntityId, &Entity)> {
        self.entities
            .iter()
            .enumerate()
            .filter(move |(_, e)| pred(&e.kind))
            .map(|(i, e)| (EntityId(i as u32), e))
    }
}

/// Loads schemas in one release's dialect.
///
/// ```no_run
/// use qapi_schema::{Loader, Release};
/// let schema = Loader::new().release(Release::V7_2).load("qapi/qapi-schema.json")?;
/// # Ok::<(), qapi_schema::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Loader {
    release: Option<Release>,
}

impl Loader {
    /// A loader for the newest supported release.
    pub fn new() -> Loader {
        Loader::default()
    }

    /// Speak `release`'s dialect.  Errors are then exactly that release's.
    pub fn release(self, release: Release) -> Loader {
        Loader {
            release: Some(release),
        }
    }

    /// Loads the schema whose root file is `path`.  File names in messages
    /// start from `path` as given.
    pub fn load(&self, path: impl AsRef<Path>) -> Result<Schema> {
        let path = path.as_ref().to_string_lossy();
        self.load_in(".", &path)
    }

    /// Loads the schema whose root file is `name`, resolved against the
    /// folder `dir`, without touching the process's working directory.
    /// File names in messages are relative to `dir`, starting with `name`.
    ///
    /// With no release named, an error says which other release, if any,
    /// accepts the schema ([`Error::accepted_by`]).
    pub fn load_in(&self, dir: impl AsRef<Path>, name: &str) -> Result<Schema> {
        let dir = dir.as_ref();
        let release = self.release.unwrap_or(Release::NEWEST);
        let err = match load(dir, name, release) {
            Ok(schema) => return Ok(schema),
            Err(err) => err,
        };
        if self.release.is_some() {
            return Err(err);
        }
        // Newest first: the nearest dialect is the likeliest intent.
        let accepted_by = Release::ALL
            .into_iter()
            .rev()
            .filter(|&r| r != release)
            .find(|&r| load(dir, name, r).is_ok());
        Err(err.with_accepted_by(accepted_by))
    }
}

fn load(dir: &Path, name: &str, release: Release) -> Result<Schema> {
    let mut parsed = parse::read(dir, name, release)?;
    let defs = expr::check_exprs(&mut parsed)?;
    let mut builder = Builder::new(parsed);
    builder.def_predefineds()?;
    builder.def_exprs(defs)?;
    Checker::new(&mut builder.schema).check_all()?;
    builder.check_feature_count()?;
    builder.assign_modules();
    Ok(builder.schema)
}

impl Builder {
    /// Puts every entity in its module: the module of the file that
    /// defines it, and for arrays the module of their element type.
    pub(crate) fn assign_modules(&mut self) {
        let mut by_file: HashMap<crate::source::FileId, usize> = HashMap::default();
        for index in 0..self.schema.entities.len() {
            let entity = &self.schema.entities[index];
            let located = match &entity.kind {
                EntityKind::Array(a) => self.schema.entities[a.element.id().index()].info,
                _ => entity.info,
            };
            let module = match located {
                None => 0,
                Some(info) => *by_file.entry(info.file).or_insert_with(|| {
                    let name =
                        paths::relpath(&self.schema.sources.file(info.file).path, self.root_dir());
                    // Every file read was named by the root or an include,
                    // which made its module.
                    self.module_index(&name)
                        .expect("every file read has a module")
                }),
            };
            self.schema.entities[index].module = module;
            self.schema.modules[module]
                .entities
                .push(EntityId(index as u32));
        }
    }
}
