//! Differential fuzzing against each supported release's own front end:
//! schemas mutated from that release's corpus, judged by its Python front
//! end (run by `oracle.py`; `.ci/install-deps` fetches them) and by ours in
//! that release's dialect.  The dump, or the error with its location and
//! include chain, must be the same, byte for byte.  This reaches rules and
//! messages the corpus's own cases do not.
//!
//! `QAPI_DIFF_MUTANTS` sets how many schemas per release (default 1,500),
//! `QAPI_DIFF_STEPS` the most mutations each gets (default 2),
//! `QAPI_DIFF_SEED` the random seed.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_dir, mutate, mutate_docs, mutate_literals, seeds, verdict, vocabulary};
use qapi_schema::Release;
use qapi_test_support::{env_u64, require, Rng};
use serde_json::Value;

/// Where `.ci/install-deps` unpacks QEMU `version`'s QAPI scripts.
fn qemu_scripts(version: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../target/qemu-qapi")
        .join(version)
}

#[test]
fn same_verdicts_as_qemu_7_2_front_end() {
    same_verdicts(Release::V7_2);
}

#[test]
fn same_verdicts_as_qemu_10_0_front_end() {
    same_verdicts(Release::V10_0);
}

#[test]
fn same_verdicts_as_qemu_10_2_front_end() {
    same_verdicts(Release::V10_2);
}

/// Mutants of `release`'s corpus judged by its own front end and by ours
/// in its dialect.
fn same_verdicts(release: Release) {
    let version = release.version();
    let corpus = qapi_test_support::release_corpus_dir(version);
    let qemu = qemu_scripts(version);
    let found = qemu.join("tests/qapi-schema/test-qapi.py").is_file();
    if !require(
        &format!("QEMU {version}'s QAPI scripts ({})", qemu.display()),
        found,
    ) {
        return;
    }
    let seeds = seeds(&corpus.join("tests/qapi-schema"), &corpus.join("qapi"));
    let vocabulary = vocabulary(&seeds);
    // Mutants live beside a copy of the test folder, so that their
    // includes resolve.
    let scratch = std::env::temp_dir().join(format!("qapi-diff-{version}-{}", std::process::id()));
    copy_dir(&corpus.join("tests/qapi-schema"), &scratch);
    let seed = env_u64("QAPI_DIFF_SEED").unwrap_or(20_261_125);
    let mut rng = Rng(seed);
    let count = env_u64("QAPI_DIFF_MUTANTS").unwrap_or(1500);
    // Few steps by default, so that many mutants get past the parser to
    // the semantic checks.
    let steps = env_u64("QAPI_DIFF_STEPS").unwrap_or(2) as usize;
    let mut names = Vec::new();
    while (names.len() as u64) < count {
        let mut input = seeds[rng.below(seeds.len())].clone();
        // A third keep their syntax, with literals replaced; a third have
        // their doc comments changed; a third are changed byte by byte.
        match rng.below(3) {
            0 => mutate_literals(&mut rng, &vocabulary, &mut input, steps),
            1 => mutate_docs(&mut rng, &mut input, steps),
            _ => mutate(&mut rng, &seeds, &mut input, steps),
        }
        // QEMU reads schemas as UTF-8 and fails outright on anything else.
        if std::str::from_utf8(&input).is_err() {
            continue;
        }
        let name = format!("mutant-{}.json", names.len());
        std::fs::write(scratch.join(&name), &input).expect("write mutant");
        names.push(name);
    }

    let output = Command::new("python3")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/oracle.py"))
        .arg(&qemu)
        .arg(&scratch)
        .args(&names)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "oracle.py failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let verdicts: Vec<Value> = String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(|line| serde_json::from_str(line).expect("a verdict"))
        .collect();
    assert_eq!(verdicts.len(), names.len(), "one verdict per mutant");

    let failures = std::env::temp_dir().join(format!("qapi-diff-failures-{version}-{seed}"));
    let save = |name: &str| {
        std::fs::create_dir_all(&failures).expect("failures dir");
        std::fs::copy(scratch.join(name), failures.join(name)).expect("save mutant");
    };
    let (mut passed, mut failed, mut accepted, mut crashed) = (0, 0, 0, 0);
    for (name, theirs) in names.iter().zip(&verdicts) {
        // QEMU's front end raised something else than a QAPI error: a bug
        // of its own, with no message to compare.
        if let Some(crash) = theirs.get("crash") {
            // The first few, to keep the output readable.
            if crashed < 3 {
                save(name);
                println!(
                    "NOT JUDGED {name} (saved in {}): QEMU's front end crashed: {crash}",
                    failures.display()
                );
            }
            crashed += 1;
            continue;
        }
        let (Some(want_out), Some(want_err)) = (theirs["out"].as_str(), theirs["err"].as_str())
        else {
            panic!("oracle.py gave no verdict for {name}: {theirs}");
        };
        let (got_out, got_err) = verdict(&scratch, name, release);
        if (want_out, want_err) == (got_out.as_str(), got_err.as_str()) {
            passed += 1;
            accepted += usize::from(want_err.is_empty());
        } else {
            failed += 1;
            save(name);
            println!(
                "FAIL {name} (saved in {}):\n  QEMU: {want_err:?}{}\n  ours: {got_err:?}{}",
                failures.display(),
                if want_err.is_empty() {
                    " and a dump"
                } else {
                    ""
                },
                if got_err.is_empty() {
                    " and a dump"
                } else {
                    ""
                },
            );
        }
    }
    std::fs::remove_dir_all(&scratch).ok();
    println!(
        "QEMU {version}, seed {seed}: {passed} passed ({accepted} schemas accepted by both), {failed} failed, \
         {crashed} not judged"
    );
    assert_eq!(failed, 0);
}
