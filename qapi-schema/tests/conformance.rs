//! Conformance with each supported release's own front-end test corpus and
//! its three real schemas, byte for byte, judged as the corpus README
//! says, in that release's dialect.

mod common;

use std::fs;
use std::path::{Path, PathBuf};

use common::verdict;
use qapi_schema::{Loader, Release, Schema};

/// The corpus of `release` in `../shared`.
fn corpus(release: Release) -> PathBuf {
    qapi_test_support::release_corpus_dir(release.version())
}

/// The case names of a front-end test folder, from `cases.txt`.
fn cases(dir: &Path) -> Vec<String> {
    let list = fs::read_to_string(dir.join("cases.txt")).expect("cases.txt is readable");
    list.lines()
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect()
}

/// Judges one case: `None` if it passes, else what went wrong.
fn judge(dir: &Path, name: &str, release: Release) -> Option<String> {
    // A case without an `.out` or `.err` file expects it empty.
    let read =
        |ext: &str| fs::read_to_string(dir.join(format!("{name}.{ext}"))).unwrap_or_default();
    let (want_out, want_err) = (read("out"), read("err"));
    match verdict(dir, &format!("{name}.json"), release) {
        (dump, got) if got.is_empty() && want_err.is_empty() => {
            (dump != want_out).then(|| first_difference(&want_out, &dump))
        }
        (_, got) if got.is_empty() => {
            Some(format!("accepted, but QEMU rejects it with:\n{want_err}"))
        }
        (_, got) => (got != want_err).then(|| format!("expected error:\n{want_err}got:\n{got}")),
    }
}

fn first_difference(want: &str, got: &str) -> String {
    let line = want.lines().zip(got.lines()).position(|(a, b)| a != b);
    match line {
        Some(i) => format!(
            "dump differs at line {}:\n  want: {}\n  got:  {}",
            i + 1,
            want.lines().nth(i).unwrap_or_default(),
            got.lines().nth(i).unwrap_or_default()
        ),
        None => format!(
            "dump length differs: want {} bytes, got {}",
            want.len(),
            got.len()
        ),
    }
}

/// Runs every case of `release`'s corpus and reports `N passed, N failed`.
fn front_end_corpus(release: Release) {
    let dir = corpus(release).join("tests/qapi-schema");
    let cases = cases(&dir);
    assert!(!cases.is_empty(), "cases.txt lists no case");
    let failures: Vec<(&String, String)> = cases
        .iter()
        .filter_map(|name| judge(&dir, name, release).map(|why| (name, why)))
        .collect();
    for (name, why) in &failures {
        println!("FAIL {release} {name}: {why}");
    }
    println!(
        "QEMU {release} corpus: {} passed, {} failed",
        cases.len() - failures.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{} of {} cases failed",
        failures.len(),
        cases.len()
    );
}

/// Loads the three real schemas of `release` and compares each dump with
/// the one made by that release's own front end.
fn real_schemas(release: Release) {
    let corpus = corpus(release);
    let schemas = [
        ("qapi/qapi-schema.json", "qapi-schema.out"),
        ("qga/qapi-schema.json", "qga-qapi-schema.out"),
        (
            "storage-daemon/qapi/qapi-schema.json",
            "storage-daemon-qapi-schema.out",
        ),
    ];
    let mut failed = 0;
    for (root, dump) in schemas {
        let want = fs::read_to_string(corpus.join("dumps").join(dump)).expect("dump is readable");
        let result = match Loader::new().release(release).load_in(&corpus, root) {
            Ok(schema) => {
                let got = schema.dump();
                (got != want).then(|| first_difference(&want, &got))
            }
            Err(err) => Some(format!("rejected: {err}")),
        };
        if let Some(why) = result {
            failed += 1;
            println!("FAIL {release} {root}: {why}");
        }
    }
    println!(
        "QEMU {release} real schemas: {} passed, {failed} failed",
        schemas.len() - failed
    );
    assert_eq!(failed, 0);
}

#[test]
fn corpus_7_2() {
    front_end_corpus(Release::V7_2);
}

#[test]
fn corpus_10_0() {
    front_end_corpus(Release::V10_0);
}

#[test]
fn corpus_10_2() {
    front_end_corpus(Release::V10_2);
}

#[test]
fn real_schemas_7_2() {
    real_schemas(Release::V7_2);
}

#[test]
fn real_schemas_10_0() {
    real_schemas(Release::V10_0);
}

#[test]
fn real_schemas_10_2() {
    real_schemas(Release::V10_2);
}

/// Each release's generator rejects the real schemas of the others, and
/// the default (newest) dialect says which release accepts them.
#[test]
fn other_releases_schemas_name_their_dialect() {
    let v10_0 = corpus(Release::V10_0);
    let err = Schema::load_in(&v10_0, "qapi/qapi-schema.json").unwrap_err();
    assert_eq!(
        err.to_string(),
        "In file included from qapi/qapi-schema.json:38:\n\
         qapi/crypto.json:47:1: documentation line longer than 70 characters"
    );
    assert_eq!(err.accepted_by(), Some(Release::V10_0));
    let named = Loader::new()
        .release(Release::V10_2)
        .load_in(&v10_0, "qapi/qapi-schema.json")
        .unwrap_err();
    assert_eq!(named.accepted_by(), None, "a named release gets no hint");
    let v7_2 = corpus(Release::V7_2);
    let err = Schema::load_in(&v7_2, "qga/qapi-schema.json").unwrap_err();
    assert_eq!(err.accepted_by(), Some(Release::V7_2));
    let v10_2 = corpus(Release::V10_2);
    let err = Loader::new()
        .release(Release::V7_2)
        .load_in(&v10_2, "qapi/qapi-schema.json")
        .unwrap_err();
    assert!(
        err.to_string()
            .ends_with("unknown pragma 'documentation-exceptions'"),
        "{err}"
    );
}

#[test]
fn full_schema_model_counts() {
    let schema = Loader::new()
        .release(Release::V10_0)
        .load_in(corpus(Release::V10_0), "qapi/qapi-schema.json")
        .expect("valid schema");
    assert_eq!(schema.release(), Release::V10_0);
    assert_eq!(schema.sources().files().len(), 43);
    assert_eq!(schema.docs().len(), 1038);
    let user_definitions = schema
        .entities()
        .iter()
        .filter(|e| {
            e.info.is_some()
                && !e.is_implicit()
                && !matches!(e.kind, qapi_schema::model::EntityKind::Include(_))
        })
        .count();
    assert_eq!(user_definitions, 994);
    // Every type reference of a checked schema is resolved.
    for e in schema.entities() {
        if let Some(o) = e.as_object() {
            for m in &o.members {
                assert_eq!(schema.entity(m.ty.id()).name, m.ty.name());
            }
        }
    }
}
