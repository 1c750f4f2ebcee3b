//! Path arithmetic the way QEMU's generator does it (Python's `os.path`),
//! done lexically so that the process's working directory never matters.

use std::path::{Component, Path, PathBuf};

/// `os.path.dirname`: everything before the last `/`, trailing slashes
/// removed unless the head is all slashes.
pub(crate) fn dirname(name: &str) -> &str {
    match name.rfind('/') {
        None => "",
        Some(i) => {
            let head = &name[..=i];
            let trimmed = head.trim_end_matches('/');
            if trimmed.is_empty() {
                head
            } else {
                trimmed
            }
        }
    }
}

/// `os.path.join(dir, name)` for two strings.
pub(crate) fn join(dir: &str, name: &str) -> String {
    if name.starts_with('/') || dir.is_empty() {
        name.to_owned()
    } else if dir.ends_with('/') {
        format!("{dir}{name}")
    } else {
        format!("{dir}/{name}")
    }
}

/// Resolves `.` and `..` lexically, like `os.path.normpath` on an
/// absolute path.
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for comp in path.components() {
        match comp {
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

/// The absolute, normalized path of `name` relative to `base` (itself
/// absolute).
pub(crate) fn absolute(base: &Path, name: &str) -> PathBuf {
    normalize(&base.join(name))
}

/// `os.path.relpath(path, start)` for absolute normalized paths.
pub(crate) fn relpath(path: &Path, start: &Path) -> String {
    let p: Vec<_> = path.components().collect();
    let s: Vec<_> = start.components().collect();
    let common = p.iter().zip(&s).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_owned(); s.len() - common];
    parts.extend(
        p[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dirname_and_join() {
        assert_eq!(dirname("x.json"), "");
        assert_eq!(dirname("a/b/x.json"), "a/b");
        assert_eq!(dirname("/x.json"), "/");
        assert_eq!(join("", "x.json"), "x.json");
        assert_eq!(join("include", "../sub.json"), "include/../sub.json");
        assert_eq!(join("a", "/abs.json"), "/abs.json");
    }

    #[test]
    fn normalize_and_relpath() {
        let root = Path::new("/t/qapi-schema");
        let inc = absolute(root, "include/../sub-sub-module.json");
        assert_eq!(inc, Path::new("/t/qapi-schema/sub-sub-module.json"));
        assert_eq!(relpath(&inc, root), "sub-sub-module.json");
        let sd = absolute(
            Path::new("/q/storage-daemon/qapi"),
            "../../qapi/common.json",
        );
        assert_eq!(
            relpath(&sd, Path::new("/q/storage-daemon/qapi")),
            "../../qapi/common.json"
        );
    }
}
