//! Reading schema files: the `include` and `pragma` directives, and
//! pairing doc comments with the definitions that follow them.
//!
//! The result is the list of top-level expressions of the whole schema,
//! with included files expanded in place, and every doc comment block in
//! source order.  Definitions themselves are checked later (`expr`).

mod doc;
mod doc_sections;
mod doc_style;
mod json;
mod lexer;

use rustc_hash::FxHashSet as HashSet;
use std::path::{Path, PathBuf};

use crate::doc::Doc;
use crate::error::{Error, Result};
use crate::paths;
use crate::release::{Release, Rules};
use crate::source::{FileId, Info, SourceFile, Sources};
use crate::value::{Dict, Value};
use lexer::{Lexer, Tok};

pub(crate) use lexer::is_py_space;

/// Schema-wide settings from `pragma` directives.  One record serves the
/// whole schema; each key replaces the previous value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pragma {
    /// `doc-required`: every definition needs a doc comment.
    pub doc_required: bool,
    /// Commands whose names may use `_`.
    pub command_name_exceptions: Vec<String>,
    /// Commands that may return a non-object type.
    pub command_returns_exceptions: Vec<String>,
    /// Definitions whose members need not be documented.
    pub documentation_exceptions: Vec<String>,
    /// Types whose member names may use upper case and `_`.
    pub member_name_exceptions: Vec<String>,
}

/// A top-level expression that is not a pragma.
#[derive(Debug)]
pub(crate) enum TopExpr {
    /// An `include` directive; the path is the includer's directory joined
    /// with the include string.
    Include { info: Info, path: String },
    /// A definition, with the doc block attached to it.
    Definition {
        info: Info,
        expr: Dict,
        doc: Option<usize>,
    },
}

/// Everything read from the files of one schema.
#[derive(Debug)]
pub(crate) struct Parsed {
    pub release: Release,
    pub sources: Sources,
    pub exprs: Vec<TopExpr>,
    pub docs: Vec<Doc>,
    pub pragma: Pragma,
    /// Absolute, normalized directory of the root file.
    pub root_dir: PathBuf,
    /// Absolute directory that file names are resolved against.
    pub base: PathBuf,
}

/// Reads the schema whose root file is `name`, resolved against `dir`.
pub(crate) fn read(dir: &Path, name: &str, release: Release) -> Result<Parsed> {
    let base = std::path::absolute(dir).map_err(|e| {
        Error::new(
            None,
            format!("can't read schema file '{name}': {}", os_reason(&e)),
        )
    })?;
    let root_path = paths::absolute(&base, name);
    let mut reader = Reader {
        rules: release.rules(),
        base,
        sources: Sources::default(),
        included: HashSet::default(),
        exprs: Vec::new(),
        docs: Vec::new(),
        pragma: Pragma::default(),
    };
    reader.included.insert(root_path.clone());
    let text = read_text(&root_path)
        .map_err(|reason| Error::new(None, format!("can't read schema file '{name}': {reason}")))?;
    let file = reader.sources.add_file(SourceFile {
        name: name.to_owned(),
        path: root_path.clone(),
        included_from: None,
    });
    reader.parse_file(file, &text)?;
    let root_dir = root_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok(Parsed {
        release,
        sources: reader.sources,
        exprs: reader.exprs,
        docs: reader.docs,
        pragma: reader.pragma,
        root_dir,
        base: reader.base,
    })
}

/// The operating system's message for an I/O error, as C's `strerror`
/// gives it, without Rust's " (os error N)" suffix.
fn os_reason(err: &std::io::Error) -> String {
    let text = err.to_string();
    match text.rfind(" (os error ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

fn read_text(path: &Path) -> std::result::Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| os_reason(&e))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        format!(
            "invalid UTF-8 at byte offset {}",
            e.utf8_error().valid_up_to()
        )
    })?;
    Ok(lexer::normalize_source(text))
}

struct Reader {
    rules: &'static Rules,
    /// Absolute directory that relative file names are resolved against.
    base: PathBuf,
    sources: Sources,
    /// Absolute paths of every file read so far (repeats are skipped).
    included: HashSet<PathBuf>,
    exprs: Vec<TopExpr>,
    docs: Vec<Doc>,
    pragma: Pragma,
}

impl Reader {
    fn parse_file(&mut self, file: FileId, text: &str) -> Result<()> {
        let mut lex = Lexer::new(text, file);
        lex.stray_ends_at_quote = self.rules.stray_ends_at_quote;
        let mut parser = FileParser {
            reader: self,
            lex,
            literal: doc_style::Literal::default(),
        };
        parser.parse()
    }

    /// Handles `{ 'include': include }` found at `info`.
    fn include(&mut self, include: &str, info: Info) -> Result<()> {
        let includer = self.sources.file(info.file).name.clone();
        let joined = paths::join(paths::dirname(&includer), include);
        self.exprs.push(TopExpr::Include {
            info,
            path: joined.clone(),
        });
        let abs = paths::absolute(&self.base, &joined);
        let mut at = Some(info);
        while let Some(i) = at {
            if self.sources.file(i.file).path == abs {
                return Err(self
                    .sources
                    .error(info, format!("inclusion loop for {include}")));
            }
            at = self.sources.file(i.file).included_from;
        }
        if !self.included.insert(abs.clone()) {
            return Ok(());
        }
        let text = read_text(&abs).map_err(|reason| {
            self.sources.error(
                info,
                format!("can't read include file '{joined}': {reason}"),
            )
        })?;
        let file = self.sources.add_file(SourceFile {
            name: joined,
            path: abs,
            included_from: Some(info),
        });
        self.parse_file(file, &text)
    }

    fn pragma(&mut self, name: &str, value: &Value, info: Info) -> Result<()> {
        let list = |value: &Value| -> Result<Vec<String>> {
            let strings = match value {
                Value::List(items) => items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                _ => None,
            };
            strings.ok_or_else(|| {
                self.sources
                    .error(info, format!("pragma {name} must be a list of strings"))
            })
        };
        match name {
            "doc-required" => match value {
                Value::Bool(b) => self.pragma.doc_required = *b,
                _ => {
                    return Err(self
                        .sources
                        .error(info, "pragma 'doc-required' must be boolean"))
                }
            },
            "command-name-exceptions" => self.pragma.command_name_exceptions = list(value)?,
            "command-returns-exceptions" => self.pragma.command_returns_exceptions = list(value)?,
            "documentation-exceptions" if self.rules.documentation_exceptions => {
                self.pragma.documentation_exceptions = list(value)?
            }
            "member-name-exceptions" => self.pragma.member_name_exceptions = list(value)?,
            _ => return Err(self.sources.error(info, format!("unknown pragma '{name}'"))),
        }
        Ok(())
    }
}

/// The parser of one file.
struct FileParser<'r, 's> {
    reader: &'r mut Reader,
    lex: Lexer<'s>,
    /// Where doc lines are in a literal block (10.2's line rules).
    literal: doc_style::Literal,
}

impl FileParser<'_, '_> {
    /// Reads the next token, skipping plain comments.
    fn accept(&mut self) -> Result<()> {
        self.lex.accept(true).map_err(|msg| self.error_here(msg))
    }

    /// An error at the current token, with its column.
    fn error_here(&self, msg: impl Into<String>) -> Error {
        Error::new(
            Some(
                self.reader
                    .sources
                    .locate(self.lex.info(), Some(self.lex.col())),
            ),
            msg,
        )
    }

    fn error(&self, info: Info, msg: impl Into<String>) -> Error {
        self.reader.sources.error(info, msg)
    }

    /// A definition doc block must be followed by its definition.
    fn reject_expr_doc(&self, doc: Option<usize>) -> Result<()> {
        match doc.map(|d| &self.reader.docs[d]) {
            Some(Doc {
                symbol: Some(symbol),
                info,
                ..
            }) => Err(self.error(
                *info,
                format!("documentation for '{symbol}' is not followed by the definition"),
            )),
            _ => Ok(()),
        }
    }

    fn parse(&mut self) -> Result<()> {
        self.accept()?;
        let mut cur_doc = None;
        while self.lex.tok != Tok::Eof {
            let info = self.lex.info();
            if self.lex.tok == Tok::Comment {
                self.reject_expr_doc(cur_doc)?;
                // The last doc of the block documents what follows.
                self.read_doc_block()?;
                cur_doc = Some(self.reader.docs.len() - 1);
                continue;
            }
            let Value::Dict(expr) = self.get_expr()? else {
                return Err(self.error(info, "top-level expression must be an object"));
            };
            if let Some(include) = expr.get("include") {
                self.reject_expr_doc(cur_doc)?;
                if expr.len() != 1 {
                    return Err(self.error(info, "invalid 'include' directive"));
                }
                let Value::Str(include) = include else {
                    return Err(self.error(info, "value of 'include' must be a string"));
                };
                self.reader.include(include, info)?;
            } else if let Some(pragma) = expr.get("pragma") {
                self.reject_expr_doc(cur_doc)?;
                if expr.len() != 1 {
                    return Err(self.error(info, "invalid 'pragma' directive"));
                }
                let Value::Dict(pragma) = pragma else {
                    return Err(self.error(info, "value of 'pragma' must be an object"));
                };
                for (name, value) in pragma.iter() {
                    self.reader.pragma(name, value, info)?;
                }
            } else {
                if let Some(d) = cur_doc {
                    let doc = &self.reader.docs[d];
                    if doc.symbol.is_none() {
                        return Err(self.error(doc.info, "definition documentation required"));
                    }
                }
                self.reader.exprs.push(TopExpr::Definition {
                    info,
                    expr,
                    doc: cur_doc,
                });
            }
            cur_doc = None;
        }
        self.reject_expr_doc(cur_doc)
    }
}
