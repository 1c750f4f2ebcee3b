//! Expression checks: every definition's keys, names, types, conditions,
//! features and flags, checked without looking at other definitions, and
//! turned from raw values into typed definitions.
//!
//! Checks run in QEMU's order, so the first error is QEMU's first error.

use std::fmt::{self, Display};

use crate::error::{Error, Result};
use crate::ifcond::IfCond;
use crate::model::CommandFlags;
use crate::names::{c_name, is_camel, is_cond_atom, name_stem};
use crate::parse::{Parsed, Pragma, TopExpr};
use crate::release::Rules;
use crate::source::{Info, Meta, Sources};
use crate::value::{Dict, Value};

/// A type reference as written: a name or a one-element array.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum TypeExpr {
    Name(String),
    Array(String),
}

/// Name, condition and features, which every definition has.
#[derive(Debug)]
pub(crate) struct Common {
    pub name: String,
    pub ifcond: Option<IfCond>,
    pub features: Vec<FeatureDef>,
}

#[derive(Debug)]
pub(crate) struct FeatureDef {
    pub name: String,
    pub ifcond: Option<IfCond>,
}

#[derive(Debug)]
pub(crate) struct EnumValueDef {
    pub name: String,
    pub ifcond: Option<IfCond>,
    pub features: Vec<FeatureDef>,
}

#[derive(Debug)]
pub(crate) struct MemberDef {
    pub name: String,
    pub optional: bool,
    pub ty: TypeExpr,
    pub ifcond: Option<IfCond>,
    pub features: Vec<FeatureDef>,
}

#[derive(Debug)]
pub(crate) struct BranchDef {
    pub name: String,
    pub ty: TypeExpr,
    pub ifcond: Option<IfCond>,
}

/// A type given by name, or inline members (an implicit type).
#[derive(Debug)]
pub(crate) enum Args {
    Named(String),
    Inline(Vec<MemberDef>),
}

#[derive(Debug)]
pub(crate) enum DefKind {
    Enum {
        values: Vec<EnumValueDef>,
        prefix: Option<String>,
    },
    Struct {
        base: Option<String>,
        members: Vec<MemberDef>,
    },
    Union {
        base: Args,
        discriminator: String,
        branches: Vec<BranchDef>,
    },
    Alternate {
        branches: Vec<BranchDef>,
    },
    Command {
        data: Option<Args>,
        returns: Option<TypeExpr>,
        flags: CommandFlags,
    },
    Event {
        data: Option<Args>,
        boxed: bool,
    },
}

/// A checked top-level expression.
#[derive(Debug)]
pub(crate) enum Def {
    Include {
        info: Info,
        path: String,
    },
    Definition {
        info: Info,
        doc: Option<usize>,
        common: Common,
        kind: DefKind,
    },
}

/// Checks every definition, in order.
pub(crate) fn check_exprs(parsed: &mut Parsed) -> Result<Vec<Def>> {
    let exprs = std::mem::take(&mut parsed.exprs);
    let mut defs = Vec::with_capacity(exprs.len());
    for expr in exprs {
        defs.push(match expr {
            TopExpr::Include { info, path } => Def::Include { info, path },
            TopExpr::Definition { info, expr, doc } => {
                let mut checker = Checker {
                    sources: &mut parsed.sources,
                    pragma: &parsed.pragma,
                    rules: parsed.release.rules(),
                    info,
                };
                let (common, kind) = checker.definition(expr, doc.map(|d| &parsed.docs[d]))?;
                Def::Definition {
                    info,
                    doc,
                    common,
                    kind,
                }
            }
        });
    }
    Ok(defs)
}

struct Checker<'a> {
    sources: &'a mut Sources,
    pragma: &'a Pragma,
    rules: &'static Rules,
    info: Info,
}

/// What a message is about, e.g. `'data' member 'foo'`.  Formatted only
/// when a message is made: most checks pass.
#[derive(Clone, Copy)]
struct Named<'a>(&'a str, &'a str);

impl Display for Named<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} '{}'", self.0, self.1)
    }
}

/// The source of a condition object's keys: `'if' condition of {source}`.
struct CondOf<'a>(&'a dyn Display);

impl Display for CondOf<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "'if' condition of {}", self.0)
    }
}

/// `'a', 'b'`: keys quoted, sorted, comma-separated.
fn quoted_list<'k>(keys: impl IntoIterator<Item = &'k str>) -> String {
    let mut keys: Vec<&str> = keys.into_iter().collect();
    keys.sort_unstable();
    keys.dedup();
    keys.iter()
        .map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The keys each kind of definition allows: required, then optional.
fn allowed_keys(meta: Meta) -> (&'static [&'static str], &'static [&'static str]) {
    match meta {
        Meta::Enum => (&["enum", "data"], &["if", "features", "prefix"]),
        Meta::Union => (
            &["union", "base", "discriminator", "data"],
            &["if", "features"],
        ),
        Meta::Alternate => (&["alternate", "data"], &["if", "features"]),
        Meta::Struct => (&["struct", "data"], &["base", "if", "features"]),
        Meta::Command => (
            &["command"],
            &[
                "data",
                "returns",
                "boxed",
                "if",
                "features",
                "gen",
                "success-response",
                "allow-oob",
                "allow-preconfig",
                "coroutine",
            ],
        ),
        Meta::Event => (&["event"], &["data", "boxed", "if", "features"]),
    }
}

impl Checker<'_> {
    fn err(&self, msg: impl Into<String>) -> Error {
        self.sources.error(self.info, msg)
    }

    /// Checks one definition.  Values are moved out of `expr` as they are
    /// converted; the keys stay, so that key checks see them all.
    fn definition(
        &mut self,
        mut expr: Dict,
        doc: Option<&crate::doc::Doc>,
    ) -> Result<(Common, DefKind)> {
        let mut metas = Meta::ALL.into_iter().filter(|m| expr.contains(m.as_str()));
        let (Some(meta), None) = (metas.next(), metas.next()) else {
            return Err(self.err(
                "expression must have exactly one key 'enum', 'struct', 'union', 'alternate', \
                 'command', 'event'",
            ));
        };
        let name = self.name_is_str(expr.take(meta.as_str()), &format_args!("'{meta}'"))?;
        self.sources.set_defn(self.info, meta, &name);
        self.defn_name(&name, meta)?;

        if let Some(doc) = doc {
            if doc.symbol.as_deref() != Some(name.as_str()) {
                let symbol = doc.symbol.as_deref().unwrap_or_default();
                return Err(self.err(format!("documentation comment is for '{symbol}'")));
            }
            doc.check_definition(self.sources, meta, expr.contains("returns"))?;
        } else if self.pragma.doc_required {
            return Err(self.err("documentation comment required"));
        }

        let (required, optional) = allowed_keys(meta);
        self.keys(&expr, &meta.as_str(), required, optional)?;
        let kind = match meta {
            Meta::Enum => self.enum_def(&name, &mut expr)?,
            Meta::Union => self.union_def(&name, &mut expr)?,
            Meta::Alternate => self.alternate_def(&mut expr)?,
            Meta::Struct => {
                self.not_array(expr.get("data"), &"'data'")?;
                self.not_array(expr.get("base"), &"'base'")?;
                let members = match expr.take("data") {
                    Some(Value::Dict(d)) => self.members(d, "'data'", Some(&name))?,
                    _ => return Err(self.err("'data' should be an object or type name")),
                };
                let base = self.type_name(expr.take("base"), &"'base'")?;
                DefKind::Struct { base, members }
            }
            Meta::Command => {
                let data = self.args(&mut expr)?;
                let returns = self.type_name_or_array(expr.take("returns"), &"'returns'")?;
                DefKind::Command {
                    data,
                    returns,
                    flags: CommandFlags::default(),
                }
            }
            Meta::Event => DefKind::Event {
                data: self.args(&mut expr)?,
                boxed: false,
            },
        };
        let ifcond = self.ifcond(expr.take("if"), &meta.as_str())?;
        let features = self.features(expr.take("features"))?;
        let kind = self.flags(&expr, kind)?;
        Ok((
            Common {
                name,
                ifcond,
                features,
            },
            kind,
        ))
    }

    fn name_is_str(&self, value: Option<Value>, source: &dyn Display) -> Result<String> {
        match value {
            Some(Value::Str(s)) => Ok(s),
            _ => Err(self.err(format!("{source} requires a string name"))),
        }
    }

    fn name_str<'n>(&self, name: &'n str, source: &dyn Display) -> Result<&'n str> {
        name_stem(name).ok_or_else(|| self.err(format!("{source} has an invalid name")))
    }

    fn name_lower(
        &self,
        name: &str,
        source: &dyn Display,
        permit_upper: bool,
        permit_underscore: bool,
    ) -> Result<()> {
        let stem = self.name_str(name, source)?;
        if (!permit_upper && stem.chars().any(|c| c.is_ascii_uppercase()))
            || (!permit_underscore && stem.contains('_'))
        {
            return Err(self.err(format!("name of {source} must not use uppercase or '_'")));
        }
        Ok(())
    }

    fn defn_name(&self, name: &str, meta: Meta) -> Result<()> {
        let source = meta.as_str();
        match meta {
            Meta::Event => {
                let stem = self.name_str(name, &source)?;
                if stem.chars().any(|c| c.is_ascii_lowercase() || c == '-') {
                    return Err(self.err(format!("name of {source} must not use lowercase or '-'")));
                }
            }
            Meta::Command => {
                let permit = self
                    .pragma
                    .command_name_exceptions
                    .iter()
                    .any(|n| n == name);
                self.name_lower(name, &source, false, permit)?;
            }
            _ => {
                let stem = self.name_str(name, &source)?;
                if !is_camel(stem) {
                    return Err(self.err(format!("name of {source} must use CamelCase")));
                }
                if name.ends_with("List") {
                    return Err(self.err(format!("{source} name should not end in 'List'")));
                }
            }
        }
        Ok(())
    }

    fn keys(
        &self,
        value: &Dict,
        source: &dyn Display,
        required: &[&str],
        optional: &[&str],
    ) -> Result<()> {
        let missing: Vec<&str> = required
            .iter()
            .copied()
            .filter(|k| !value.contains(k))
            .collect();
        if !missing.is_empty() {
            return Err(self.err(format!(
                "{source} misses key{} {}",
                if missing.len() > 1 { "s" } else { "" },
                quoted_list(missing)
            )));
        }
        let allowed = |k: &str| required.contains(&k) || optional.contains(&k);
        if value.keys().all(allowed) {
            return Ok(());
        }
        let unknown: Vec<&str> = value.keys().filter(|k| !allowed(k)).collect();
        Err(self.err(format!(
            "{source} has unknown key{} {}\nValid keys are {}.",
            if unknown.len() > 1 { "s" } else { "" },
            quoted_list(unknown),
            quoted_list(required.iter().chain(optional).copied())
        )))
    }

    fn ifcond(&self, cond: Option<Value>, source: &dyn Display) -> Result<Option<IfCond>> {
        cond.map(|c| self.cond(c, source)).transpose()
    }

    fn cond(&self, cond: Value, source: &dyn Display) -> Result<IfCond> {
        let dict = match cond {
            Value::Str(atom) => {
                if !is_cond_atom(&atom) {
                    return Err(self.err(format!(
                        "'if' condition '{atom}' of {source} is not a valid identifier"
                    )));
                }
                return Ok(IfCond::Atom(atom));
            }
            Value::Dict(d) => d,
            _ => {
                return Err(self.err(format!(
                    "'if' condition of {source} must be a string or an object"
                )))
            }
        };
        self.keys(&dict, &CondOf(source), &[], &["all", "any", "not"])?;
        if dict.len() != 1 {
            return Err(self.err(format!("'if' condition of {source} has conflicting keys")));
        }
        let Some((op, operand)) = dict.into_iter().next() else {
            unreachable!("the condition has exactly one key")
        };
        if op == "not" {
            return Ok(IfCond::Not(Box::new(self.cond(operand, source)?)));
        }
        let Value::List(operands) = operand else {
            return Err(self.err(format!("'{op}' condition of {source} must be an array")));
        };
        if operands.is_empty() {
            return Err(self.err(format!("'if' condition [] of {source} is useless")));
        }
        let operands = operands
            .into_iter()
            .map(|c| self.cond(c, source))
            .collect::<Result<Vec<_>>>()?;
        Ok(if op == "all" {
            IfCond::All(operands)
        } else {
            IfCond::Any(operands)
        })
    }

    fn features(&self, features: Option<Value>) -> Result<Vec<FeatureDef>> {
        let Some(features) = features else {
            return Ok(Vec::new());
        };
        let Value::List(features) = features else {
            return Err(self.err("'features' must be an array"));
        };
        features
            .into_iter()
            .map(|f| {
                let source = "'features' member";
                let (name, mut dict) = match f {
                    Value::Dict(mut d) => {
                        self.keys(&d, &source, &["name"], &["if"])?;
                        (d.take("name"), Some(d))
                    }
                    other => (Some(other), None),
                };
                let name = self.name_is_str(name, &source)?;
                let source = Named(source, &name);
                self.name_lower(&name, &source, false, false)?;
                let ifcond = match &mut dict {
                    Some(d) => self.ifcond(d.take("if"), &source)?,
                    None => None,
                };
                Ok(FeatureDef { name, ifcond })
            })
            .collect()
    }

    fn type_name(&self, value: Option<Value>, source: &dyn Display) -> Result<Option<String>> {
        match value {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(s)),
            Some(_) => Err(self.err(format!("{source} should be a type name"))),
        }
    }

    fn type_name_or_array(
        &self,
        value: Option<Value>,
        source: &dyn Display,
    ) -> Result<Option<TypeExpr>> {
        match value {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(TypeExpr::Name(s))),
            Some(Value::List(mut items)) => match (items.pop(), items.is_empty()) {
                (Some(Value::Str(s)), true) => Ok(Some(TypeExpr::Array(s))),
                _ => Err(self.err(format!(
                    "{source}: array type must contain single type name"
                ))),
            },
            Some(_) if !self.rules.array_aware_messages => {
                Err(self.err(format!("{source} should be a type name")))
            }
            Some(_) => Err(self.err(format!("{source} should be a type name or array"))),
        }
    }

    /// In 7.2, a list where a list is not allowed has its own message.
    fn not_array(&self, value: Option<&Value>, source: &dyn Display) -> Result<()> {
        match value {
            Some(Value::List(_)) if !self.rules.array_aware_messages => {
                Err(self.err(format!("{source} cannot be an array")))
            }
            _ => Ok(()),
        }
    }

    /// A command's or event's `data`.
    fn args(&self, expr: &mut Dict) -> Result<Option<Args>> {
        self.not_array(expr.get("data"), &"'data'")?;
        let boxed = expr.get("boxed").is_some_and(Value::is_truthy);
        let data = expr.take("data");
        if boxed {
            if data.is_none() {
                return Err(self.err("'boxed': true requires 'data'"));
            }
            return Ok(self.type_name(data, &"'data'")?.map(Args::Named));
        }
        self.type_name_or_implicit(data, "'data'", None)
    }

    fn type_name_or_implicit(
        &self,
        value: Option<Value>,
        source: &'static str,
        parent: Option<&str>,
    ) -> Result<Option<Args>> {
        match value {
            None => Ok(None),
            Some(Value::Str(s)) => Ok(Some(Args::Named(s))),
            Some(Value::Dict(d)) => Ok(Some(Args::Inline(self.members(d, source, parent)?))),
            Some(_) => Err(self.err(format!("{source} should be an object or type name"))),
        }
    }

    /// Inline members of `source` (`'data'` or `'base'`); `parent` names the
    /// type whose entry in the `member-name-exceptions` pragma relaxes the
    /// name rules.
    fn members(
        &self,
        data: Dict,
        source: &'static str,
        parent: Option<&str>,
    ) -> Result<Vec<MemberDef>> {
        let what = if source == "'base'" {
            "'base' member"
        } else {
            "'data' member"
        };
        let permissive =
            parent.is_some_and(|p| self.pragma.member_name_exceptions.iter().any(|n| n == p));
        data.into_iter()
            .map(|(key, arg)| {
                let key_source = Named(what, &key);
                let (name, optional) = match key.strip_prefix('*') {
                    Some(name) => (name, true),
                    None => (key.as_str(), false),
                };
                self.name_lower(name, &key_source, permissive, permissive)?;
                let cname = c_name(name);
                if cname == "u" || cname.starts_with("has_") {
                    return Err(self.err(format!("{key_source} uses reserved name")));
                }
                let (ty, ifcond, features) = match arg {
                    Value::Dict(mut d) => {
                        self.keys(&d, &key_source, &["type"], &["if", "features"])?;
                        let ifcond = self.ifcond(d.take("if"), &key_source)?;
                        let features = self.features(d.take("features"))?;
                        (d.take("type"), ifcond, features)
                    }
                    other => (Some(other), None, Vec::new()),
                };
                let ty = self.type_name_or_array(ty, &key_source)?;
                Ok(MemberDef {
                    name: name.to_owned(),
                    optional,
                    // 'type' is a required key, so it is present.
                    ty: ty.unwrap_or(TypeExpr::Name(String::new())),
                    ifcond,
                    features,
                })
            })
            .collect()
    }

    fn enum_def(&self, name: &str, expr: &mut Dict) -> Result<DefKind> {
        let Some(Value::List(values)) = expr.take("data") else {
            return Err(self.err("'data' must be an array"));
        };
        let prefix = match expr.take("prefix") {
            None => None,
            Some(Value::Str(p)) => Some(p),
            Some(_) => return Err(self.err("'prefix' must be a string")),
        };
        let permissive = self.pragma.member_name_exceptions.iter().any(|n| n == name);
        let values = values
            .into_iter()
            .map(|v| {
                let source = "'data' member";
                let (value_name, mut dict) = match v {
                    Value::Dict(mut d) => {
                        self.keys(&d, &source, &["name"], &["if", "features"])?;
                        (d.take("name"), Some(d))
                    }
                    other => (Some(other), None),
                };
                let value_name = self.name_is_str(value_name, &source)?;
                let source = Named(source, &value_name);
                // Enum values may start with a digit.
                if value_name.starts_with(|c: char| c.is_ascii_digit()) {
                    self.name_lower(&format!("d{value_name}"), &source, permissive, permissive)?;
                } else {
                    self.name_lower(&value_name, &source, permissive, permissive)?;
                }
                let (ifcond, features) = match &mut dict {
                    Some(d) => (
                        self.ifcond(d.take("if"), &source)?,
                        self.features(d.take("features"))?,
                    ),
                    None => (None, Vec::new()),
                };
                Ok(EnumValueDef {
                    name: value_name,
                    ifcond,
                    features,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(DefKind::Enum { values, prefix })
    }

    fn union_def(&self, name: &str, expr: &mut Dict) -> Result<DefKind> {
        self.not_array(expr.get("base"), &"'base'")?;
        // 7.2 lets a branch be an array where the union has no base at
        // all; the discriminator check then rejects the union.
        let array_branches =
            !self.rules.array_aware_messages && !expr.get("base").is_some_and(Value::is_truthy);
        // 'base' is a required key, so it is present.
        let base = self
            .type_name_or_implicit(expr.take("base"), "'base'", Some(name))?
            .unwrap_or(Args::Inline(Vec::new()));
        let discriminator = self.name_is_str(expr.take("discriminator"), &"'discriminator'")?;
        let Some(Value::Dict(data)) = expr.take("data") else {
            return Err(self.err("'data' must be an object"));
        };
        let branches = data
            .into_iter()
            .map(|(key, value)| {
                let source = Named("'data' member", &key);
                let (ty, ifcond) = self.branch(value, &source)?;
                let ty = if array_branches {
                    self.type_name_or_array(ty, &source)?
                } else {
                    self.not_array(ty.as_ref(), &source)?;
                    self.type_name(ty, &source)?.map(TypeExpr::Name)
                };
                Ok(BranchDef {
                    ty: ty.unwrap_or(TypeExpr::Name(String::new())),
                    ifcond,
                    name: key,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(DefKind::Union {
            base,
            discriminator,
            branches,
        })
    }

    /// A union or alternate branch's keys and condition; its type value.
    fn branch(
        &self,
        value: Value,
        source: &dyn Display,
    ) -> Result<(Option<Value>, Option<IfCond>)> {
        match value {
            Value::Dict(mut d) => {
                self.keys(&d, source, &["type"], &["if"])?;
                let ifcond = self.ifcond(d.take("if"), source)?;
                Ok((d.take("type"), ifcond))
            }
            other => Ok((Some(other), None)),
        }
    }

    fn alternate_def(&self, expr: &mut Dict) -> Result<DefKind> {
        let data = expr.take("data");
        if !data.as_ref().is_some_and(Value::is_truthy) {
            return Err(self.err("'data' must not be empty"));
        }
        let Some(Value::Dict(data)) = data else {
            return Err(self.err("'data' must be an object"));
        };
        let branches = data
            .into_iter()
            .map(|(key, value)| {
                let source = Named("'data' member", &key);
                self.name_lower(&key, &source, false, false)?;
                let (ty, ifcond) = self.branch(value, &source)?;
                let ty = self
                    .type_name_or_array(ty, &source)?
                    .unwrap_or(TypeExpr::Name(String::new()));
                Ok(BranchDef {
                    ty,
                    ifcond,
                    name: key,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(DefKind::Alternate { branches })
    }

    /// Checks the flags and stores them in a command or event.
    fn flags(&self, expr: &Dict, mut kind: DefKind) -> Result<DefKind> {
        for key in ["gen", "success-response"] {
            if expr.get(key).is_some_and(|v| *v != Value::Bool(false)) {
                return Err(self.err(format!("flag '{key}' may only use false value")));
            }
        }
        for key in ["boxed", "allow-oob", "allow-preconfig", "coroutine"] {
            if expr.get(key).is_some_and(|v| *v != Value::Bool(true)) {
                return Err(self.err(format!("flag '{key}' may only use true value")));
            }
        }
        if expr.contains("allow-oob") && expr.contains("coroutine") {
            return Err(self.err("flags 'allow-oob' and 'coroutine' are incompatible"));
        }
        match &mut kind {
            DefKind::Command { flags, .. } => {
                *flags = CommandFlags {
                    gen: !expr.contains("gen"),
                    success_response: !expr.contains("success-response"),
                    boxed: expr.contains("boxed"),
                    allow_oob: expr.contains("allow-oob"),
                    allow_preconfig: expr.contains("allow-preconfig"),
                    coroutine: expr.contains("coroutine"),
                }
            }
            DefKind::Event { boxed, .. } => *boxed = expr.contains("boxed"),
            _ => {}
        }
        Ok(kind)
    }
}
