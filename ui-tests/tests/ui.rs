//! Compile-fail tests: each case must fail to compile with exactly the
//! reviewed message in its `.stderr` file.  Regenerate with
//! `TRYBUILD=overwrite cargo test -p qapi-ui-tests` and review the diff.
//!
//! `qapi_schema!` resolves paths against `CARGO_MANIFEST_DIR`, which for
//! trybuild's cases is the project trybuild generates; the schemas are
//! copied there first, so the cases name them as a user would.

use std::path::{Path, PathBuf};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create schema folder");
    for entry in std::fs::read_dir(from)
        .expect("read schema folder")
        .flatten()
    {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy schema");
        }
    }
}

fn provide_schemas() {
    // CARGO_TARGET_TMPDIR is `<target>/tmp`; trybuild works in
    // `<target>/tests/trybuild/<crate>`.
    let target = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("..");
    let project = target.join("tests/trybuild").join(env!("CARGO_PKG_NAME"));
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas"),
        &project.join("schemas"),
    );
}

/// One test, so that trybuild's shared project is used by one run at a time.
#[test]
fn ui() {
    provide_schemas();
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/schema/*.rs");
    cases.compile_fail("tests/api/*.rs");
}
