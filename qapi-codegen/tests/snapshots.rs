//! Snapshots of the expansion of small schemas, formatted: reviewed in
//! the diff, and compiled by `tests/generated`.  Regenerate with
//! `UPDATE_SNAPSHOTS=1 cargo test -p qapi-codegen --test snapshots`.

use std::path::Path;

fn expand(dir: &Path, name: &str) -> String {
    let schema = qapi_schema::Loader::new()
        .release(qapi_schema::Release::V10_0)
        .load_in(dir, name)
        .unwrap_or_else(|e| panic!("{e}"));
    let file = syn::parse_file(&qapi_codegen::generate(&schema)).expect("the expansion parses");
    format!(
        "// Generated from {name} by qapi-codegen; do not edit.\n{}",
        prettyplease::unparse(&file)
    )
}

#[test]
fn snapshots() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("snapshot folder")
        .flatten()
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".json"))
        .collect();
    names.sort();
    assert!(!names.is_empty());
    let mut stale = Vec::new();
    for name in &names {
        let got = expand(&dir, name);
        let path = dir.join(name.replace(".json", ".rs"));
        if update {
            std::fs::write(&path, &got).expect("write snapshot");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(got.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    println!(
        "{} passed, {} failed",
        names.len() - stale.len(),
        stale.len()
    );
    assert!(
        stale.is_empty(),
        "stale snapshots (rerun with UPDATE_SNAPSHOTS=1 and review): {stale:?}"
    );
}

#[test]
fn expansion_is_deterministic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/qemu-10.0.2/qapi");
    let first = qapi_codegen::generate(
        &qapi_schema::Loader::new()
            .release(qapi_schema::Release::V10_0)
            .load_in(&dir, "qapi-schema.json")
            .expect("valid"),
    );
    let second = qapi_codegen::generate(
        &qapi_schema::Loader::new()
            .release(qapi_schema::Release::V10_0)
            .load_in(&dir, "qapi-schema.json")
            .expect("valid"),
    );
    assert_eq!(first, second);
}

#[test]
fn runtime_is_named_once_and_as_asked() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas/qemu-10.0.2/qapi");
    let schema = qapi_schema::Loader::new()
        .release(qapi_schema::Release::V10_0)
        .load_in(&dir, "qapi-schema.json")
        .expect("valid");
    let default = qapi_codegen::generate(&schema);
    let default_path = qapi_codegen::Options::default().runtime.to_string();
    assert_eq!(default.matches("qapi_runtime").count(), 1);
    assert!(default.contains(&format!("use {default_path}::__private as __q;")));
    let options = qapi_codegen::Options {
        runtime: quote::quote!(crate::facade::rt),
        ..Default::default()
    };
    let renamed = qapi_codegen::generate_with(&schema, &options);
    assert!(!renamed.contains("qapi_runtime"));
    assert_eq!(
        renamed,
        default.replace(&default_path, &options.runtime.to_string())
    );
}
