//! Source files, line locations and the definition context of each line.
//!
//! QEMU attaches locations to *lines*: every token on a line shares one
//! location object, and once a definition starting on that line has been
//! named, errors reported on the line mention it ("In struct 'Foo':").  We
//! keep the same model with plain indexes: an [`Info`] is a file and a line,
//! and [`Sources`] remembers which definition each line started.

use rustc_hash::FxHashMap as HashMap;
use std::fmt;
use std::path::PathBuf;

use crate::error::{Context, Error, Location};

/// Index of a schema file in [`Sources`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub(crate) u32);

/// A source location: a line of a schema file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Info {
    /// The file.
    pub file: FileId,
    /// 1-based line number.
    pub line: u32,
}

/// One schema file that was read.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name used in messages: the root file as given, an included file
    /// as the includer's directory joined with the include string.
    pub name: String,
    /// Absolute, lexically normalized path (used for loops and repeats).
    pub path: PathBuf,
    /// The `include` directive that brought this file in, if any.
    pub included_from: Option<Info>,
}

/// The kind of a definition, as QEMU names it in messages (`In struct 'Foo':`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Meta {
    /// `enum`
    Enum,
    /// `struct`
    Struct,
    /// `union`
    Union,
    /// `alternate`
    Alternate,
    /// `command`
    Command,
    /// `event`
    Event,
}

impl Meta {
    /// All metas, in the order QEMU lists them.
    pub const ALL: [Meta; 6] = [
        Meta::Enum,
        Meta::Struct,
        Meta::Union,
        Meta::Alternate,
        Meta::Command,
        Meta::Event,
    ];

    /// The keyword, e.g. `"struct"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Meta::Enum => "enum",
            Meta::Struct => "struct",
            Meta::Union => "union",
            Meta::Alternate => "alternate",
            Meta::Command => "command",
            Meta::Event => "event",
        }
    }
}

impl fmt::Display for Meta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// All files read for a schema, and the definition context of lines.
#[derive(Debug, Default)]
pub struct Sources {
    files: Vec<SourceFile>,
    defns: HashMap<Info, (Meta, String)>,
}

impl Sources {
    pub(crate) fn add_file(&mut self, file: SourceFile) -> FileId {
        let id = FileId(self.files.len() as u32);
        self.files.push(file);
        id
    }

    /// The file with this id.
    pub fn file(&self, id: FileId) -> &SourceFile {
        &self.files[id.0 as usize]
    }

    /// Every file read, root first, in the order they were read.
    pub fn files(&self) -> &[SourceFile] {
        &self.files
    }

    /// Marks `info`'s line as the start of definition `name`; later errors
    /// on that line carry the context.  A later definition on the same line
    /// wins, as in QEMU.
    pub(crate) fn set_defn(&mut self, info: Info, meta: Meta, name: &str) {
        self.defns.insert(info, (meta, name.to_owned()));
    }

    /// The meta of the definition that starts on `info`'s line, if any.
    pub(crate) fn defn_meta(&self, info: Info) -> Option<Meta> {
        self.defns.get(&info).map(|(meta, _)| *meta)
    }

    /// The name of the definition that starts on `info`'s line, if any.
    pub(crate) fn defn_name(&self, info: Info) -> Option<&str> {
        self.defns.get(&info).map(|(_, name)| name.as_str())
    }

    /// Resolves `info` (and an optional column) to a self-contained location.
    pub fn locate(&self, info: Info, col: Option<u32>) -> Location {
        let mut includes = Vec::new();
        let mut parent = self.file(info.file).included_from;
        while let Some(p) = parent {
            includes.push((self.file(p.file).name.clone(), p.line));
            parent = self.file(p.file).included_from;
        }
        includes.reverse();
        // QEMU names the definition only if its name is not empty.
        let context = self
            .defns
            .get(&info)
            .filter(|(_, name)| !name.is_empty())
            .map(|(meta, name)| Context {
                meta: *meta,
                name: name.clone(),
            });
        Location {
            includes,
            context,
            file: self.file(info.file).name.clone(),
            line: info.line,
            col,
        }
    }

    /// An error at `info`'s line.
    pub(crate) fn error(&self, info: Info, message: impl Into<String>) -> Error {
        Error::new(Some(self.locate(info, None)), message)
    }
}
