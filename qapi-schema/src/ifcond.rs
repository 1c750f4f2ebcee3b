//! Conditions (`'if'`): an atom, or `all`, `any` and `not` of conditions.

use std::fmt;

/// A condition, as written in the schema (never simplified or reordered).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum IfCond {
    /// A configuration symbol such as `CONFIG_KVM` or `TARGET_S390X`.
    Atom(String),
    /// True when every operand is true.
    All(Vec<IfCond>),
    /// True when some operand is true.
    Any(Vec<IfCond>),
    /// True when the operand is false.
    Not(Box<IfCond>),
}

impl IfCond {
    /// Evaluates the condition, asking `defined` for each atom.
    pub fn eval(&self, defined: &impl Fn(&str) -> bool) -> bool {
        match self {
            IfCond::Atom(a) => defined(a),
            IfCond::All(ops) => ops.iter().all(|c| c.eval(defined)),
            IfCond::Any(ops) => ops.iter().any(|c| c.eval(defined)),
            IfCond::Not(op) => !op.eval(defined),
        }
    }

    /// Every atom, in order of appearance (repeats included).
    pub fn atoms(&self) -> Vec<&str> {
        let mut out = Vec::new();
        self.collect_atoms(&mut out);
        out
    }

    fn collect_atoms<'a>(&'a self, out: &mut Vec<&'a str>) {
        match self {
            IfCond::Atom(a) => out.push(a),
            IfCond::All(ops) | IfCond::Any(ops) => ops.iter().for_each(|c| c.collect_atoms(out)),
            IfCond::Not(op) => op.collect_atoms(out),
        }
    }
}

/// The form QEMU's dump prints: a bare atom at the top, otherwise the
/// nested structure as a Python literal (`{'not': {'any': ['A', 'B']}}`).
impl fmt::Display for IfCond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IfCond::Atom(a) => f.write_str(a),
            _ => write_py(self, f),
        }
    }
}

fn write_py(cond: &IfCond, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let list = |key: &str, ops: &[IfCond], f: &mut fmt::Formatter<'_>| -> fmt::Result {
        write!(f, "{{'{key}': [")?;
        for (i, op) in ops.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write_py(op, f)?;
        }
        f.write_str("]}")
    };
    match cond {
        // Atoms are identifiers, so Python's repr is always single-quoted.
        IfCond::Atom(a) => write!(f, "'{a}'"),
        IfCond::All(ops) => list("all", ops, f),
        IfCond::Any(ops) => list("any", ops, f),
        IfCond::Not(op) => {
            f.write_str("{'not': ")?;
            write_py(op, f)?;
            f.write_str("}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::IfCond::*;
    use super::*;

    fn atom(s: &str) -> IfCond {
        Atom(s.to_owned())
    }

    #[test]
    fn display_matches_python_repr() {
        assert_eq!(atom("IFCOND").to_string(), "IFCOND");
        let c = Not(Box::new(Any(vec![atom("IFONE"), atom("IFTWO")])));
        assert_eq!(c.to_string(), "{'not': {'any': ['IFONE', 'IFTWO']}}");
        let c = All(vec![atom("A"), Not(Box::new(atom("B")))]);
        assert_eq!(c.to_string(), "{'all': ['A', {'not': 'B'}]}");
    }

    #[test]
    fn evaluation() {
        let defined = |a: &str| a == "A" || a == "C";
        assert!(atom("A").eval(&defined));
        assert!(!atom("B").eval(&defined));
        assert!(All(vec![atom("A"), atom("C")]).eval(&defined));
        assert!(!All(vec![atom("A"), atom("B")]).eval(&defined));
        assert!(Any(vec![atom("B"), atom("C")]).eval(&defined));
        assert!(Not(Box::new(atom("B"))).eval(&defined));
        let c = Any(vec![
            atom("X"),
            All(vec![atom("Y"), Not(Box::new(atom("Z")))]),
        ]);
        assert_eq!(c.atoms(), ["X", "Y", "Z"]);
    }
}
