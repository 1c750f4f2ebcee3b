//! Target sets: the condition atoms a binary defines, which decide what
//! exists in it at run time, and [`Targets`], several binaries served as
//! one.
//!
//! Which binaries exist and what they define is the application's
//! business (QEMU's build table lives in `qmp-server`): a [`TargetSet`] is
//! any set of atoms.

use std::collections::BTreeSet;
use std::ops::Deref;

use crate::Cond;

/// A set of defined condition atoms, and what `query-target` reports.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TargetSet {
    /// The binary's name (`x86_64`, `x86_64-microvm`, ...), or a custom name.
    pub name: String,
    /// What `query-target` answers as `arch`.
    pub arch: String,
    atoms: BTreeSet<String>,
}

impl TargetSet {
    /// The set named `name`, reporting `arch`, that defines `atoms`.
    pub fn new(
        name: &str,
        arch: &str,
        atoms: impl IntoIterator<Item = impl Into<String>>,
    ) -> TargetSet {
        TargetSet {
            name: name.to_owned(),
            arch: arch.to_owned(),
            atoms: atoms.into_iter().map(Into::into).collect(),
        }
    }

    /// Whether `atom` is defined.
    pub fn defines(&self, atom: &str) -> bool {
        self.atoms.contains(atom)
    }

    /// Whether `cond` holds for this set's atoms.
    pub fn holds(&self, cond: &Cond) -> bool {
        cond.eval(&|atom| self.defines(atom))
    }

    /// The defined atoms, sorted.
    pub fn atoms(&self) -> impl Iterator<Item = &str> {
        self.atoms.iter().map(String::as_str)
    }
}

/// Several binaries served as one: what exists is what exists in some of
/// them, and nothing more.
///
/// A conditional part of a schema (a command, an event, a type, an object
/// member, an enum value, a union branch, an alternative, a feature)
/// exists in the union when its condition holds for **some** member set,
/// each evaluated against its own atoms.  That is not the same as
/// evaluating the condition once against the union of the members' atoms:
/// `{'not': 'TARGET_S390X'}` holds for some member of s390x and x86_64
/// (x86_64), but not for their atoms taken together, which define
/// `TARGET_S390X`; and `{'all': ['TARGET_S390X', 'CONFIG_KVM']}` holds for
/// the atoms of s390x and x86_64 together, but for neither binary.  A
/// union of one set is that set.
///
/// A union is never empty; its first member is the one named first, whose
/// identity (`query-target`) and run-time behaviour an application gives.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Targets {
    sets: Vec<TargetSet>,
}

impl Targets {
    /// The union of `sets`, in the order given; `None` if there is none.
    pub fn new(sets: Vec<TargetSet>) -> Option<Targets> {
        (!sets.is_empty()).then_some(Targets { sets })
    }

    /// The set named first.
    pub fn first(&self) -> &TargetSet {
        // `new` refuses an empty list and `From` makes one of one.
        &self.sets[0]
    }

    /// Whether `cond` holds for some member set: whether what it guards
    /// exists in the union.
    pub fn has(&self, cond: &Cond) -> bool {
        holds_for_some(&self.sets, cond)
    }

    /// Whether `cond` holds for every member set: whether a conditional
    /// required member is required by all of them.
    pub fn all_have(&self, cond: &Cond) -> bool {
        holds_for_every(&self.sets, cond)
    }
}

impl From<TargetSet> for Targets {
    fn from(set: TargetSet) -> Targets {
        Targets { sets: vec![set] }
    }
}

/// The member sets, in the order named.
impl Deref for Targets {
    type Target = [TargetSet];

    fn deref(&self) -> &[TargetSet] {
        &self.sets
    }
}

/// Whether `cond` holds for some of `sets` (see [`Targets`]).
pub(crate) fn holds_for_some(sets: &[TargetSet], cond: &Cond) -> bool {
    sets.iter().any(|t| t.holds(cond))
}

/// Whether `cond` holds for each of `sets`.
pub(crate) fn holds_for_every(sets: &[TargetSet], cond: &Cond) -> bool {
    sets.iter().all(|t| t.holds(cond))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_union_has_what_some_member_has() {
        let s390x = TargetSet::new("s390x", "s390x", ["TARGET_S390X"]);
        let kvm = TargetSet::new("x86_64", "x86_64", ["TARGET_I386", "CONFIG_KVM"]);
        let both = Targets::new(vec![s390x.clone(), kvm]).expect("not empty");
        static NOT_S390X: Cond = Cond::Not(&Cond::Atom("TARGET_S390X"));
        static S390X_KVM: Cond = Cond::All(&[Cond::Atom("TARGET_S390X"), Cond::Atom("CONFIG_KVM")]);
        // Against the atoms taken together, the answers would be reversed.
        assert!(both.has(&NOT_S390X));
        assert!(!both.has(&S390X_KVM));
        assert!(!both.all_have(&NOT_S390X));
        assert_eq!(both.first().name, "s390x");
        let one = Targets::from(s390x);
        assert!(!one.has(&NOT_S390X) && one.all_have(&Cond::Atom("TARGET_S390X")));
        assert!(Targets::new(Vec::new()).is_none());
    }
}
