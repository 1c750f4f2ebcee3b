//! Documentation comments: their sections, and how they are tied to the
//! members and features they describe.
//!
//! A block is either *free-form* (no symbol) or documents the definition
//! named by its first line `@symbol:`.  Its sections keep their text, with
//! the comment markers removed, so that generators can render it.
//!
//! How the text is split into sections depends on the release (`parse::doc`
//! for 10.0's paragraphs, `parse::doc_sections` for 7.2's tagged sections);
//! the model is the same.

use std::fmt;

use crate::error::Result;
use crate::parse::is_py_space;
use crate::release::Rules;
use crate::source::{Info, Meta, Sources};

/// The kind of a documentation section.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SectionKind {
    /// Untagged text: the body, or paragraphs after other sections.
    Plain,
    /// `@name:` description of a member, value or branch.
    Member,
    /// `@name:` description under `Features:`.
    Feature,
    /// `Returns:`
    Returns,
    /// `Errors:`
    Errors,
    /// `Since:`
    Since,
    /// `TODO:`
    Todo,
    /// `Note:` or `Notes:` (7.2).
    Note,
    /// `Example:` or `Examples:` (7.2): text as written, typically QMP.
    Example,
}

impl fmt::Display for SectionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SectionKind::Plain => "Plain",
            SectionKind::Member => "Member",
            SectionKind::Feature => "Feature",
            SectionKind::Returns => "Returns",
            SectionKind::Errors => "Errors",
            SectionKind::Since => "Since",
            SectionKind::Todo => "Todo",
            SectionKind::Note => "Note",
            SectionKind::Example => "Example",
        })
    }
}

/// One section of a doc block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    /// What kind of section.
    pub kind: SectionKind,
    /// The line that started it.
    pub info: Info,
    /// For member and feature descriptions, the name described.
    pub name: Option<String>,
    /// For tagged sections, the tag as written, without its colon
    /// (`Notes`, `TODO`); 7.2 names its sections so.
    pub tag: Option<&'static str>,
    /// The text, comment markers and tag removed.
    pub text: String,
}

impl Section {
    fn new(kind: SectionKind, info: Info, name: Option<String>) -> Section {
        Section {
            kind,
            info,
            name,
            tag: None,
            text: String::new(),
        }
    }

    /// The name 7.2 gives the section in messages and dumps: the name
    /// described, or the tag; `None` (Python's) for untagged text.
    pub(crate) fn label(&self) -> &str {
        self.name.as_deref().or(self.tag).unwrap_or("None")
    }

    fn append_line(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }
}

/// A description (`@name:`) and whether a schema item claimed it.
#[derive(Clone, Debug)]
struct Description {
    name: String,
    section: usize,
    connected: bool,
}

/// A documentation comment block.
#[derive(Clone, Debug)]
pub struct Doc {
    /// The line of the opening `##`.
    pub info: Info,
    /// The documented definition's name; `None` for free-form blocks.
    pub symbol: Option<String>,
    /// Every section in textual order; the first is the body.
    sections: Vec<Section>,
    /// Member descriptions, in order of appearance (then stubs added for
    /// members excused by the `documentation-exceptions` pragma).
    args: Vec<Description>,
    features: Vec<Description>,
    returns: Option<usize>,
    errors: Option<usize>,
    since: Option<usize>,
    /// The rules of the release the block was read in.
    rules: &'static Rules,
}

impl Doc {
    pub(crate) fn new(info: Info, symbol: Option<String>, rules: &'static Rules) -> Doc {
        Doc {
            info,
            symbol,
            sections: vec![Section::new(SectionKind::Plain, info, None)],
            args: Vec::new(),
            features: Vec::new(),
            returns: None,
            errors: None,
            since: None,
            rules,
        }
    }

    /// The body: untagged text before any other section.
    pub fn body(&self) -> &Section {
        &self.sections[0]
    }

    /// Member descriptions by name, in order.
    pub fn args(&self) -> impl Iterator<Item = (&str, &Section)> {
        self.args
            .iter()
            .map(|d| (d.name.as_str(), &self.sections[d.section]))
    }

    /// Feature descriptions by name, in order.
    pub fn features(&self) -> impl Iterator<Item = (&str, &Section)> {
        self.features
            .iter()
            .map(|d| (d.name.as_str(), &self.sections[d.section]))
    }

    /// The description of member `name`, if documented.
    pub fn arg(&self, name: &str) -> Option<&Section> {
        self.args().find(|(n, _)| *n == name).map(|(_, s)| s)
    }

    /// The description of feature `name`, if documented.
    pub fn feature(&self, name: &str) -> Option<&Section> {
        self.features().find(|(n, _)| *n == name).map(|(_, s)| s)
    }

    /// Sections other than the body and the descriptions, in order.
    pub fn sections(&self) -> impl Iterator<Item = &Section> {
        self.sections[1..]
            .iter()
            .filter(|s| !matches!(s.kind, SectionKind::Member | SectionKind::Feature))
    }

    /// All sections in textual order, the body first.
    pub fn all_sections(&self) -> &[Section] {
        &self.sections
    }

    /// The `Returns:` section.
    pub fn returns(&self) -> Option<&Section> {
        self.returns.map(|i| &self.sections[i])
    }

    /// The `Errors:` section.
    pub fn errors(&self) -> Option<&Section> {
        self.errors.map(|i| &self.sections[i])
    }

    /// The `Since:` section.
    pub fn since(&self) -> Option<&Section> {
        self.since.map(|i| &self.sections[i])
    }

    pub(crate) fn has_features(&self) -> bool {
        !self.features.is_empty()
    }

    /// The section being read: the last one.
    pub(crate) fn current(&self) -> &Section {
        // `sections` is never empty: it starts with the body.
        &self.sections[self.sections.len() - 1]
    }

    pub(crate) fn append_line(&mut self, line: &str) {
        // `sections` is never empty: it starts with the body.
        if let Some(last) = self.sections.last_mut() {
            last.append_line(line);
        }
    }

    /// Ends the current section as 7.2 does when another starts or the
    /// block ends: its text loses surrounding whitespace, and must not be
    /// empty unless it is the body.  The message says why not.
    pub(crate) fn end_section(&mut self) -> std::result::Result<(), String> {
        let is_body = self.sections.len() == 1;
        // `sections` is never empty: it starts with the body.
        let Some(section) = self.sections.last_mut() else {
            return Ok(());
        };
        let stripped = section.text.trim_matches(is_py_space);
        if stripped.len() != section.text.len() {
            section.text = stripped.to_owned();
        }
        if !is_body && section.text.is_empty() {
            return Err(format!("empty doc section '{}'", section.label()));
        }
        Ok(())
    }

    /// Continues the current plain section with a paragraph break, or
    /// starts a new one.
    pub(crate) fn ensure_untagged_section(&mut self, info: Info) {
        match self.sections.last_mut() {
            Some(last) if last.kind == SectionKind::Plain => {
                if last.text.is_empty() {
                    last.info = info;
                }
                last.text.push('\n');
            }
            _ => self
                .sections
                .push(Section::new(SectionKind::Plain, info, None)),
        }
    }

    /// The slot of a kind of section that a doc may have only once.
    fn slot(&mut self, kind: SectionKind) -> Option<&mut Option<usize>> {
        match kind {
            SectionKind::Returns => Some(&mut self.returns),
            SectionKind::Errors => Some(&mut self.errors),
            SectionKind::Since => Some(&mut self.since),
            _ => None,
        }
    }

    /// Why a section of `kind` cannot be added, if it cannot.
    pub(crate) fn check_new_section(
        &mut self,
        kind: SectionKind,
    ) -> std::result::Result<(), String> {
        match self.slot(kind) {
            Some(Some(_)) => Err(format!("duplicated '{kind}' section")),
            _ => Ok(()),
        }
    }

    /// Starts a section of `kind` on line `info`, tagged `tag` as written;
    /// [`Doc::check_new_section`] said it may be added.
    pub(crate) fn push_section(
        &mut self,
        info: Info,
        kind: SectionKind,
        tag: Option<&'static str>,
    ) {
        let index = self.sections.len();
        if let Some(slot) = self.slot(kind) {
            *slot = Some(index);
        }
        self.sections.push(Section {
            tag,
            ..Section::new(kind, info, None)
        });
    }

    /// Starts a tagged section, unless the doc already has one of `kind`
    /// that may appear once.
    pub(crate) fn new_tagged_section(
        &mut self,
        info: Info,
        kind: SectionKind,
        tag: &'static str,
    ) -> std::result::Result<(), String> {
        self.check_new_section(kind)?;
        self.push_section(info, kind, Some(tag));
        Ok(())
    }

    /// The member or feature descriptions, for `kind`.
    fn descriptions(&mut self, kind: SectionKind) -> &mut Vec<Description> {
        match kind {
            SectionKind::Feature => &mut self.features,
            _ => &mut self.args,
        }
    }

    /// Why a description (`kind` member or feature) of `name` cannot be
    /// added, if it cannot.
    pub(crate) fn check_new_description(
        &mut self,
        kind: SectionKind,
        name: &str,
    ) -> std::result::Result<(), String> {
        if name.is_empty() {
            return Err("invalid parameter name".to_owned());
        }
        if self.descriptions(kind).iter().any(|d| d.name == name) {
            return Err(format!("'{name}' parameter name duplicated"));
        }
        Ok(())
    }

    /// Starts the description of `name` on line `info`;
    /// [`Doc::check_new_description`] said it may be added.
    pub(crate) fn push_description(&mut self, info: Info, kind: SectionKind, name: &str) {
        let section = self.sections.len();
        self.descriptions(kind).push(Description {
            name: name.to_owned(),
            section,
            connected: false,
        });
        self.sections
            .push(Section::new(kind, info, Some(name.to_owned())));
    }

    /// Starts the description of `name`, unless it cannot be added.
    pub(crate) fn new_description(
        &mut self,
        info: Info,
        kind: SectionKind,
        name: &str,
    ) -> std::result::Result<(), String> {
        self.check_new_description(kind, name)?;
        self.push_description(info, kind, name);
        Ok(())
    }

    /// Finishes the block: trims the sections and rejects empty tagged ones.
    pub(crate) fn end(&mut self, sources: &Sources) -> Result<()> {
        for section in &mut self.sections {
            let trimmed = section.text.trim_matches('\n');
            if trimmed.len() != section.text.len() {
                section.text = trimmed.to_owned();
            }
            if section.kind != SectionKind::Plain && section.text.is_empty() {
                return Err(sources.error(
                    section.info,
                    format!("text required after '{}:'", section.kind),
                ));
            }
        }
        Ok(())
    }

    /// Ties member `name` (a member, value or branch; `role` as in
    /// messages) to its description.  An undocumented member is an error
    /// unless the definition is excused (or the release stubs every
    /// undocumented member), in which case an empty description is added
    /// after the existing ones.
    pub(crate) fn connect_member(
        &mut self,
        sources: &Sources,
        name: &str,
        role: &str,
        info: Info,
        excused: bool,
    ) -> Result<()> {
        if let Some(d) = self.args.iter_mut().find(|d| d.name == name) {
            d.connected = true;
            return Ok(());
        }
        if !excused && !self.rules.stub_undocumented_members {
            return Err(sources.error(info, format!("{role} '{name}' lacks documentation")));
        }
        // The stub goes after the leading run of member descriptions.
        let at = 1 + self.sections[1..]
            .iter()
            .take_while(|s| s.kind == SectionKind::Member)
            .count();
        self.sections.insert(
            at,
            Section::new(SectionKind::Member, self.info, Some(name.to_owned())),
        );
        for index in self
            .args
            .iter_mut()
            .chain(&mut self.features)
            .map(|d| &mut d.section)
            .chain(
                [&mut self.returns, &mut self.errors, &mut self.since]
                    .into_iter()
                    .flatten(),
            )
        {
            if *index >= at {
                *index += 1;
            }
        }
        self.args.push(Description {
            name: name.to_owned(),
            section: at,
            connected: true,
        });
        Ok(())
    }

    /// Ties feature `name` to its description, which it must have.
    pub(crate) fn connect_feature(
        &mut self,
        sources: &Sources,
        name: &str,
        info: Info,
    ) -> Result<()> {
        match self.features.iter_mut().find(|d| d.name == name) {
            Some(d) => {
                d.connected = true;
                Ok(())
            }
            None => Err(sources.error(info, format!("feature '{name}' lacks documentation"))),
        }
    }

    /// The sections that only make sense for some kinds of definition,
    /// held against definition `meta`, which `returns` something or not.
    pub(crate) fn check_definition(
        &self,
        sources: &Sources,
        meta: Meta,
        returns: bool,
    ) -> Result<()> {
        if self.rules.returns_checked_at_doc {
            if self.returns.is_some() && meta != Meta::Command {
                return Err(sources.error(self.info, "'Returns:' is only valid for commands"));
            }
            return Ok(());
        }
        let at = |index: Option<usize>| index.map(|i| self.sections[i].info);
        if meta == Meta::Command {
            if let (Some(info), false) = (at(self.returns), returns) {
                return Err(sources.error(
                    info,
                    "'Returns' section, but command doesn't return anything",
                ));
            }
        } else {
            if let Some(info) = at(self.returns) {
                return Err(sources.error(info, "'Returns' section is only valid for commands"));
            }
            if let Some(info) = at(self.errors) {
                return Err(sources.error(info, "'Errors' section is only valid for commands"));
            }
        }
        Ok(())
    }

    /// Rejects descriptions that no member or feature claimed.
    pub(crate) fn check(&self, sources: &Sources) -> Result<()> {
        for (descs, what) in [(&self.args, "member"), (&self.features, "feature")] {
            let bogus: Vec<&Description> = descs.iter().filter(|d| !d.connected).collect();
            if let Some(first) = bogus.first() {
                let names: Vec<&str> = bogus.iter().map(|d| d.name.as_str()).collect();
                let many = bogus.len() > 1;
                let info = if self.rules.doc_checked_per_definition {
                    self.info
                } else {
                    self.sections[first.section].info
                };
                return Err(sources.error(
                    info,
                    format!(
                        "documented {what}{} '{}' {} not exist",
                        if many { "s" } else { "" },
                        names.join("', '"),
                        if many { "do" } else { "does" }
                    ),
                ));
            }
        }
        Ok(())
    }
}
