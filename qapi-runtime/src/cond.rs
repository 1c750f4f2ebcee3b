//! Conditions as static data: what generated code records for every item
//! with an `if`, evaluated at run time against the active atoms.

use std::fmt;

/// A condition: a configuration atom, or `all`, `any`, `not` of conditions.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cond {
    /// Holds when the atom (`TARGET_S390X`, `CONFIG_KVM`, ...) is defined.
    Atom(&'static str),
    /// Holds when every operand holds.
    All(&'static [Cond]),
    /// Holds when some operand holds.
    Any(&'static [Cond]),
    /// Holds when the operand does not.
    Not(&'static Cond),
}

impl Cond {
    /// Evaluates the condition, asking `defined` about each atom.
    pub fn eval(&self, defined: &dyn Fn(&str) -> bool) -> bool {
        match self {
            Cond::Atom(atom) => defined(atom),
            Cond::All(ops) => ops.iter().all(|c| c.eval(defined)),
            Cond::Any(ops) => ops.iter().any(|c| c.eval(defined)),
            Cond::Not(op) => !op.eval(defined),
        }
    }

    /// Whether an optional condition holds: no condition always does.
    pub fn holds(cond: Option<&Cond>, defined: &dyn Fn(&str) -> bool) -> bool {
        cond.is_none_or(|c| c.eval(defined))
    }
}

/// As the schema writes it: `CONFIG_KVM`, `{'any': ['A', 'B']}`, ...
impl fmt::Display for Cond {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn nested(c: &Cond, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let list = |key: &str, ops: &[Cond], f: &mut fmt::Formatter<'_>| {
                write!(f, "{{'{key}': [")?;
                for (i, op) in ops.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    nested(op, f)?;
                }
                f.write_str("]}")
            };
            match c {
                Cond::Atom(a) => write!(f, "'{a}'"),
                Cond::All(ops) => list("all", ops, f),
                Cond::Any(ops) => list("any", ops, f),
                Cond::Not(op) => {
                    f.write_str("{'not': ")?;
                    nested(op, f)?;
                    f.write_str("}")
                }
            }
        }
        match self {
            Cond::Atom(a) => f.write_str(a),
            _ => nested(self, f),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eval_and_display() {
        static C: Cond = Cond::All(&[
            Cond::Atom("A"),
            Cond::Not(&Cond::Any(&[Cond::Atom("B"), Cond::Atom("C")])),
        ]);
        assert!(C.eval(&|a| a == "A"));
        assert!(!C.eval(&|a| a == "A" || a == "C"));
        assert_eq!(
            C.to_string(),
            "{'all': ['A', {'not': {'any': ['B', 'C']}}]}"
        );
        assert!(Cond::holds(None, &|_| false));
    }
}
