//! QAPI's naming rules.

/// Maps every character outside `[A-Za-z0-9_]` to `_`, as QEMU does before
/// comparing names for clashes.
pub fn c_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn is_stem(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The length of a downstream prefix `__RFQDN_` at the start of `name`.
fn downstream_prefix(name: &str) -> Option<usize> {
    let rest = name.strip_prefix("__")?;
    let run = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '.' || c == '-'))
        .unwrap_or(rest.len());
    (run > 0 && rest[run..].starts_with('_')).then_some(2 + run + 1)
}

/// Splits a name into its optional downstream prefix, optional `x-` and
/// stem, and returns the stem; `None` if the name is not valid.  Case is
/// ignored, and the optional parts are given up when the rest would not
/// match, as a backtracking regular expression does.
pub fn name_stem(name: &str) -> Option<&str> {
    let starts: Vec<usize> = match downstream_prefix(name) {
        Some(p) => vec![p, 0],
        None => vec![0],
    };
    let stem = starts.into_iter().find_map(|start| {
        let rest = &name[start..];
        let x = rest.get(..2).filter(|p| p.eq_ignore_ascii_case("x-"));
        let candidates = x.map(|_| &rest[2..]).into_iter().chain([rest]);
        candidates.into_iter().find(|s| is_stem(s))
    })?;
    // The 'q_' namespace is reserved for generated names.
    (!c_name(name).starts_with("q_")).then_some(stem)
}

/// A CamelCase type name stem: upper-case letter, then letters and digits
/// with at least one lower-case letter.
pub fn is_camel(stem: &str) -> bool {
    let mut chars = stem.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && stem[1..].chars().all(|c| c.is_ascii_alphanumeric())
        && stem[1..].chars().any(|c| c.is_ascii_lowercase())
}

/// A condition atom: an upper-case letter, then upper-case letters, digits
/// and `_`.
pub fn is_cond_atom(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_uppercase())
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems() {
        assert_eq!(name_stem("foo-bar"), Some("foo-bar"));
        assert_eq!(name_stem("x-foo"), Some("foo"));
        assert_eq!(name_stem("X-Foo"), Some("Foo"));
        assert_eq!(name_stem("__org.qemu_x-foo"), Some("foo"));
        assert_eq!(name_stem("__com.redhat_Foo"), Some("Foo"));
        // Backtracking: 'x-' alone is a stem.
        assert_eq!(name_stem("x-"), Some("x-"));
        assert_eq!(name_stem("__a_"), None);
        assert_eq!(name_stem("1a"), None);
        assert_eq!(name_stem("a.b"), None);
        assert_eq!(name_stem(""), None);
        assert_eq!(name_stem("q_foo"), None);
        assert_eq!(name_stem("q-foo"), None);
        assert_eq!(name_stem("Q_foo"), Some("Q_foo"));
    }

    #[test]
    fn camel_and_atoms() {
        assert!(is_camel("Foo"));
        assert!(is_camel("FOo1"));
        assert!(!is_camel("FOO"));
        assert!(!is_camel("foo"));
        assert!(!is_camel("Foo_bar"));
        assert!(is_cond_atom("CONFIG_X86"));
        assert!(!is_cond_atom("config"));
        assert!(!is_cond_atom(""));
        assert!(!is_cond_atom("_A"));
        assert_eq!(c_name("a-b.c:d"), "a_b_c_d");
    }
}
