//! What a target set lacks of a schema: the enum values, object members,
//! union branches and alternatives whose condition holds for none of its
//! targets.  Types are common to every target, so decoding asks this, once
//! per conditional type it meets, to reject what the set lacks exactly as
//! the per-target binary does (a value its enum does not have, a member
//! its object does not have), and to require what every target requires.
//!
//! Built once, when a registry is made for a target set; the decoder looks
//! a type up by the name that the type's `Deserialize` hands it, which only
//! conditional types do.

use std::collections::HashMap;
use std::fmt;
use std::hash::{BuildHasherDefault, Hasher};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::codec::{drop_deep, JsonType, Path};
use crate::meta::{CondType, PartKind, SchemaMeta};
use crate::target::{holds_for_every, holds_for_some};
use crate::{Cond, Decode, TargetSet};

/// What a set of targets lacks of a schema's conditional parts, and which
/// of its conditional required members every target of the set requires.
///
/// A part exists in the set when its condition holds for some target of
/// it: for a set of one target, when it holds there.  (That is not the
/// same as evaluating the condition once against the union of the targets'
/// atoms: `{'not': 'TARGET_S390X'}` holds for some target of s390x and
/// x86_64, but not for their atoms taken together.)
#[derive(Clone, Debug, Default)]
pub struct Lacks {
    /// By name; only types that lack something or require a conditional
    /// member.  Looked up for every conditional type decoded, so hashed
    /// with FNV: SipHash or a binary search over the names costs a
    /// measurable part of decoding `blockdev-add`.
    types: HashMap<&'static str, TypeLacks, BuildHasherDefault<Fnv>>,
    /// The events the set lacks.
    events: Vec<&'static str>,
    /// Some type lacks an alternative: alternates, which always name
    /// themselves to the decoder, are looked up only then.
    alternatives: bool,
    /// Members the schema does not have are ignored rather than
    /// unexpected: the peer may be newer than the schema.
    tolerant: bool,
}

/// What a set lacks of one type.
#[derive(Clone, Debug)]
pub(crate) struct TypeLacks {
    name: &'static str,
    /// Enum values.
    values: Vec<&'static str>,
    /// Object members, and conditional members every target requires.
    members: Vec<(&'static str, MemberState)>,
    /// The discriminator, and the values whose branch the set lacks.
    branches: Option<(&'static str, Vec<&'static str>)>,
    /// The JSON types whose alternative the set lacks.
    alternatives: Vec<JsonType>,
}

/// How a set has a conditional member.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum MemberState {
    /// No target has it: a value given for it is unexpected.
    Absent,
    /// Every target has it and requires it.
    Required,
}

/// The empty table: decoding for no particular target.
static NONE: Lacks = Lacks::empty(false);

/// Lacks nothing, and ignores members the schema lacks.
static TOLERANT: Lacks = Lacks::empty(true);

impl Lacks {
    const fn empty(tolerant: bool) -> Lacks {
        Lacks {
            types: HashMap::with_hasher(BuildHasherDefault::new()),
            events: Vec::new(),
            alternatives: false,
            tolerant,
        }
    }

    /// Lacks nothing, and a member the schema does not have is ignored
    /// instead of unexpected: how a client reads the replies and events of
    /// a peer that may be newer than its schema, which only adds members.
    pub fn tolerant() -> &'static Lacks {
        &TOLERANT
    }

    /// Whether members the schema lacks are ignored.
    pub(crate) fn is_tolerant(&self) -> bool {
        self.tolerant
    }

    /// Lacks nothing: every part of the schema may be there, and a
    /// conditional required member may be absent (some build lacks it).
    /// This is how values decode when no target set is named.
    pub fn none() -> &'static Lacks {
        &NONE
    }

    /// What `targets` lack of `schema`: a part is there when its
    /// condition holds for some target of the set (as in
    /// [`Targets`](crate::Targets), which derefs to this slice), and a
    /// conditional required member is required when it holds for all of
    /// them.
    pub fn of(schema: &SchemaMeta, targets: &[TargetSet]) -> Lacks {
        let some = |c: &Cond| holds_for_some(targets, c);
        let every = |c: &Cond| holds_for_every(targets, c);
        let mut lacks = Lacks::from_parts(schema.conditional, some, every);
        lacks.events = (schema.events.iter())
            .filter(|e| e.cond.is_some_and(|c| !some(&c)))
            .map(|e| e.name)
            .collect();
        lacks
    }

    /// What a set lacks of `types`, where `some` tells whether a condition
    /// holds for some target of it and `every` whether for all.
    fn from_parts(
        types: &[CondType],
        some: impl Fn(&Cond) -> bool,
        every: impl Fn(&Cond) -> bool,
    ) -> Lacks {
        let lacks: HashMap<_, _, _> = types
            .iter()
            .map(|ty| {
                let mut t = TypeLacks {
                    name: ty.name,
                    values: Vec::new(),
                    members: Vec::new(),
                    branches: None,
                    alternatives: Vec::new(),
                };
                for part in ty.parts {
                    let there = some(&part.cond);
                    match part.kind {
                        PartKind::Value if !there => t.values.push(part.name),
                        PartKind::Member | PartKind::Required if !there => {
                            t.members.push((part.name, MemberState::Absent))
                        }
                        PartKind::Required if every(&part.cond) => {
                            t.members.push((part.name, MemberState::Required))
                        }
                        PartKind::Branch(tag) if !there => t
                            .branches
                            .get_or_insert((tag, Vec::new()))
                            .1
                            .push(part.name),
                        PartKind::Alternative if !there => {
                            t.alternatives.extend(JsonType::named(part.name))
                        }
                        _ => {}
                    }
                }
                t
            })
            .filter(|t| !t.is_empty())
            .map(|t| (t.name, t))
            .collect();
        Lacks {
            alternatives: lacks.values().any(|t| !t.alternatives.is_empty()),
            types: lacks,
            events: Vec::new(),
            tolerant: false,
        }
    }

    /// Whether the set lacks nothing and requires nothing more than the
    /// schema's types say.
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.events.is_empty()
    }

    /// Whether some type lacks an alternative.
    pub(crate) fn lacks_alternatives(&self) -> bool {
        self.alternatives
    }

    /// Whether the set lacks event `name`.
    pub fn lacks_event(&self, name: &str) -> bool {
        self.events.contains(&name)
    }

    /// Checks `json`, a value of `T` about to be sent, against the set, by
    /// decoding it as the set's binaries would: an enum value, member,
    /// branch or alternative the set lacks is an error, and so is a
    /// conditional member left out where every target requires it.
    /// `what` names the value in the error (`reply of command query-foo`).
    pub fn check<T: DeserializeOwned>(&self, what: &str, json: &Value) -> Result<(), NotInTarget> {
        match T::decode_for(json.clone(), &Path::Root, self) {
            Ok(value) => {
                drop_deep(value);
                Ok(())
            }
            Err(e) => Err(NotInTarget(format!(
                "The {what} holds what this target lacks: {e}"
            ))),
        }
    }

    /// The type that decoding knows by `key`, if the set lacks something
    /// of it.  Types without conditional parts have the empty key.
    pub(crate) fn get(&self, key: &str) -> Option<&TypeLacks> {
        if key.is_empty() || self.types.is_empty() {
            return None;
        }
        self.types.get(key)
    }
}

/// The 64-bit FNV-1a hash: quick on the short names of types.
#[derive(Clone, Copy, Debug)]
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

/// A typed value that no binary of the target set could send: a reply or
/// an event holding a part the set lacks, or an event the set lacks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NotInTarget(pub(crate) String);

impl fmt::Display for NotInTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for NotInTarget {}

impl TypeLacks {
    fn is_empty(&self) -> bool {
        self.values.is_empty()
            && self.members.is_empty()
            && self.branches.is_none()
            && self.alternatives.is_empty()
    }

    /// Whether enum value `value` is lacking.
    pub(crate) fn lacks_value(&self, value: &str) -> bool {
        self.values.contains(&value)
    }

    /// How the set has member `name`, where that is not as the type says.
    pub(crate) fn member(&self, name: &str) -> Option<MemberState> {
        self.members
            .iter()
            .find(|(m, _)| *m == name)
            .map(|&(_, state)| state)
    }

    /// The discriminator values whose branch is lacking, if `member` is
    /// the discriminator.
    pub(crate) fn lacking_branches(&self, member: &str) -> Option<&[&'static str]> {
        match &self.branches {
            Some((tag, values)) if *tag == member => Some(values),
            _ => None,
        }
    }

    /// Whether the alternative for JSON type `json` is lacking.
    pub(crate) fn lacks_alternative(&self, json: JsonType) -> bool {
        self.alternatives.contains(&json)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::meta::CondPart;

    static PARTS: &[CondType] = &[
        CondType {
            name: "Color",
            parts: &[CondPart {
                kind: PartKind::Value,
                name: "blue",
                cond: Cond::Atom("A"),
            }],
        },
        CondType {
            name: "Info",
            parts: &[
                CondPart {
                    kind: PartKind::Required,
                    name: "only-a",
                    cond: Cond::Atom("A"),
                },
                CondPart {
                    kind: PartKind::Member,
                    name: "not-a",
                    cond: Cond::Not(&Cond::Atom("A")),
                },
            ],
        },
    ];

    fn lacks(targets: &[&[&str]]) -> Lacks {
        let sets: Vec<TargetSet> = targets
            .iter()
            .map(|atoms| TargetSet::new("t", "t", atoms.iter().copied()))
            .collect();
        let some = |c: &Cond| holds_for_some(&sets, c);
        let every = |c: &Cond| holds_for_every(&sets, c);
        Lacks::from_parts(PARTS, some, every)
    }

    #[test]
    fn one_target() {
        let with_a = lacks(&[&["A"]]);
        assert!(with_a.get("Color").is_none());
        let info = with_a.get("Info").expect("something to say");
        assert_eq!(info.member("only-a"), Some(MemberState::Required));
        assert_eq!(info.member("not-a"), Some(MemberState::Absent));

        let without = lacks(&[&[]]);
        assert!(without
            .get("Color")
            .expect("lacks blue")
            .lacks_value("blue"));
        assert_eq!(
            without.get("Info").and_then(|i| i.member("only-a")),
            Some(MemberState::Absent)
        );
        assert_eq!(without.get("Info").and_then(|i| i.member("not-a")), None);
    }

    #[test]
    fn several_targets_have_what_some_target_has() {
        // `not-a` holds for the target without A, though A is among the
        // set's atoms; `only-a` is required by one target only.
        let both = lacks(&[&["A"], &[]]);
        assert!(both.is_empty(), "{both:?}");
    }

    #[test]
    fn no_key_no_lookup() {
        assert!(lacks(&[&[]]).get("").is_none());
        assert!(Lacks::none().get("Color").is_none());
    }
}
