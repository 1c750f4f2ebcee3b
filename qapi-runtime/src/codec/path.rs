//! Where in a value the decoder is, for QEMU's parameter names.

use std::fmt;

/// A position inside the value being decoded, built on the stack as the
/// decoder descends.
#[derive(Clone, Copy, Debug)]
pub enum Path<'a> {
    /// The value itself (a command's arguments, an event's data).
    Root,
    /// A member of an object.
    Member(&'a Path<'a>, &'a str),
    /// An element of an array.
    Element(&'a Path<'a>, usize),
}

impl<'a> Path<'a> {
    /// The path of member `name` of this object.
    pub fn member(&'a self, name: &'a str) -> Path<'a> {
        Path::Member(self, name)
    }

    /// The path of element `index` of this array.
    pub fn element(&'a self, index: usize) -> Path<'a> {
        Path::Element(self, index)
    }

    /// The name QEMU's visitor core uses: the member name, or `null` for
    /// array elements and the root.
    pub fn name(&self) -> &str {
        match self {
            Path::Member(_, name) => name,
            _ => "null",
        }
    }
}

/// The full name QEMU's input visitor uses: `a.b[0].c`; `null` for the
/// root.
impl fmt::Display for Path<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Root => f.write_str("null"),
            Path::Member(Path::Root, name) => f.write_str(name),
            Path::Member(parent, name) => write!(f, "{parent}.{name}"),
            Path::Element(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_names() {
        let root = Path::Root;
        let a = root.member("a");
        let a0 = a.element(0);
        let x = a0.member("x");
        assert_eq!(x.to_string(), "a[0].x");
        assert_eq!(x.name(), "x");
        assert_eq!(a0.name(), "null");
        assert_eq!(root.to_string(), "null");
    }
}
