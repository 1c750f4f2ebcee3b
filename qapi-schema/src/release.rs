//! QEMU releases and what each one changes in the QAPI language.
//!
//! Every release's generator accepts exactly its own dialect.  The front
//! end is one program; the differences between releases are the switches
//! of [`Rules`], one table row per release.  Adding a release is adding a
//! variant and its row (and a switch where it changes something new).

use std::fmt;
use std::str::FromStr;

/// A QEMU release whose dialect of the QAPI language the front end speaks.
///
/// Releases between two supported ones speak the dialect of one of them;
/// the README says which to pick.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Release {
    /// QEMU 7.2 (Debian 12): the old doc-comment parser, with `Note:` and
    /// `Example:` sections.
    V7_2,
    /// QEMU 10.0 (Debian 13): the reStructuredText doc-comment parser.
    V10_0,
    /// QEMU 10.2: 10.0's, plus doc lines of at most 70 columns and two
    /// spaces between sentences, without the `=` heading rules.
    V10_2,
}

impl Release {
    /// Every supported release, oldest first.
    pub const ALL: [Release; 3] = [Release::V7_2, Release::V10_0, Release::V10_2];

    /// The newest supported release: the default.
    pub const NEWEST: Release = Release::V10_2;

    /// The release as `MAJOR.MINOR`, e.g. `"7.2"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Release::V7_2 => "7.2",
            Release::V10_0 => "10.0",
            Release::V10_2 => "10.2",
        }
    }

    /// The stable release whose own front end this dialect is byte-exact
    /// with, e.g. `"7.2.22"`: its schemas are vendored as
    /// `schemas/qemu-VERSION`, and its corpus is what the tests read.
    pub fn version(self) -> &'static str {
        match self {
            Release::V7_2 => "7.2.22",
            Release::V10_0 => "10.0.2",
            Release::V10_2 => "10.2.2",
        }
    }

    pub(crate) fn rules(self) -> &'static Rules {
        match self {
            Release::V7_2 => &Rules::V7_2,
            Release::V10_0 => &Rules::V10_0,
            Release::V10_2 => &Rules::V10_2,
        }
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A release name that no supported release matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownRelease(String);

impl fmt::Display for UnknownRelease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = Release::ALL.iter().map(|r| r.as_str()).collect();
        write!(
            f,
            "unknown QEMU release '{}': supported are {}",
            self.0,
            names.join(", ")
        )
    }
}

impl std::error::Error for UnknownRelease {}

impl FromStr for Release {
    type Err = UnknownRelease;

    /// Parses `MAJOR.MINOR` or `MAJOR.MINOR.MICRO` (`"7.2"`, `"10.0.2"`):
    /// stable releases never change the language.
    fn from_str(s: &str) -> Result<Release, UnknownRelease> {
        let mut parts = s.splitn(3, '.');
        let (major, minor) = (parts.next(), parts.next());
        let micro_ok = parts
            .next()
            .is_none_or(|m| !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()));
        Release::ALL
            .into_iter()
            .find(|r| {
                let mut want = r.as_str().split('.');
                micro_ok && want.next() == major && want.next() == minor
            })
            .ok_or_else(|| UnknownRelease(s.to_owned()))
    }
}

/// How a release's doc comments are read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum DocDialect {
    /// 7.2's line-by-line parser: tagged sections anywhere, `Note:` and
    /// `Example:` sections, undocumented members given empty descriptions.
    Sections,
    /// 10.0's paragraph parser, for reStructuredText.
    Paragraphs,
}

/// The rule switches of one release.
#[derive(Debug)]
pub(crate) struct Rules {
    /// How doc comments are parsed and tied to definitions.
    pub docs: DocDialect,
    /// `'=' heading must come first in a comment block` and
    /// `unexpected '=' markup in definition documentation` (10.0).
    pub heading_rules: bool,
    /// Doc lines of at most 70 columns and two spaces between sentences,
    /// outside literal blocks (10.2).
    pub doc_line_style: bool,
    /// The built-in `QType` enum has the prefix `QTYPE` (7.2).
    pub qtype_prefix: bool,
    /// The `documentation-exceptions` pragma exists (10.0).
    pub documentation_exceptions: bool,
    /// At most this many distinct feature names (10.0).
    pub max_features: Option<usize>,
    /// Type references use 10.0's messages (`should be a type name or
    /// array`); 7.2 says `cannot be an array` and `should be a type name`.
    pub array_aware_messages: bool,
    /// A command or event checks its argument type when it is checked, and
    /// conditional arguments need `'boxed': true` (10.0).
    pub check_arguments_early: bool,
    /// A union branch may itself be a union (10.0).
    pub union_branches_may_be_unions: bool,
    /// Members of implicit types are described with their owner when the
    /// error is reported elsewhere (`parameter 'a' of command 'c'`, 10.0).
    pub implicit_owner_in_descriptions: bool,
    /// Stray text ends at a double quote too (7.2).
    pub stray_ends_at_quote: bool,
    /// A documented definition's undocumented members, values and branches
    /// get empty descriptions (7.2); 10.0 says `lacks documentation`
    /// unless the `documentation-exceptions` pragma excuses them.
    pub stub_undocumented_members: bool,
    /// A doc is held against its definition only by `'Returns:' is only
    /// valid for commands`, at the doc's `##` line (7.2).  10.0 checks the
    /// `Returns` and `Errors` sections at their own lines, and that a
    /// command documented to return something does.
    pub returns_checked_at_doc: bool,
    /// Descriptions of members and features that do not exist are reported
    /// right after their definition is checked, at the doc's `##` line
    /// (7.2); 10.0 reports them once every definition is checked, at the
    /// first such description.
    pub doc_checked_per_definition: bool,
}

impl Rules {
    const V10_0: Rules = Rules {
        docs: DocDialect::Paragraphs,
        heading_rules: true,
        doc_line_style: false,
        qtype_prefix: false,
        documentation_exceptions: true,
        max_features: Some(64),
        array_aware_messages: true,
        check_arguments_early: true,
        union_branches_may_be_unions: true,
        implicit_owner_in_descriptions: true,
        stray_ends_at_quote: false,
        stub_undocumented_members: false,
        returns_checked_at_doc: false,
        doc_checked_per_definition: false,
    };

    const V10_2: Rules = Rules {
        heading_rules: false,
        doc_line_style: true,
        ..Rules::V10_0
    };

    const V7_2: Rules = Rules {
        docs: DocDialect::Sections,
        heading_rules: false,
        doc_line_style: false,
        qtype_prefix: true,
        documentation_exceptions: false,
        max_features: None,
        array_aware_messages: false,
        check_arguments_early: false,
        union_branches_may_be_unions: false,
        implicit_owner_in_descriptions: false,
        stray_ends_at_quote: true,
        stub_undocumented_members: true,
        returns_checked_at_doc: true,
        doc_checked_per_definition: true,
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_release_names() {
        assert_eq!("7.2".parse(), Ok(Release::V7_2));
        assert_eq!("7.2.22".parse(), Ok(Release::V7_2));
        assert_eq!("10.0.2".parse(), Ok(Release::V10_0));
        assert_eq!("10.2".parse(), Ok(Release::V10_2));
        for bad in ["10", "10.1", "7.2.", "7.2.x", "v10.0", "", "10.0.2.1"] {
            assert!(bad.parse::<Release>().is_err(), "{bad}");
        }
        assert_eq!(
            "9.2".parse::<Release>().unwrap_err().to_string(),
            "unknown QEMU release '9.2': supported are 7.2, 10.0, 10.2"
        );
    }

    #[test]
    fn names_round_trip() {
        for r in Release::ALL {
            assert_eq!(r.to_string().parse(), Ok(r));
            assert_eq!(r.version().parse(), Ok(r));
        }
        assert_eq!(Release::ALL.iter().max(), Some(&Release::NEWEST));
    }
}
