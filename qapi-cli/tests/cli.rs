//! The `qapi` command as a user runs it: inside QEMU's test folder,
//! `qapi dump NAME.json` must reproduce `NAME.out` / `NAME.err` exactly.

use std::process::{Command, Output};

fn qapi(dir: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_qapi"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("qapi runs")
}

/// Every case of release `qemu`'s corpus, with `--qemu` naming it.
fn dump_reproduces_every_case(corpus: std::path::PathBuf, qemu: &str) {
    let dir = corpus.join("tests/qapi-schema");
    let cases = std::fs::read_to_string(dir.join("cases.txt")).expect("cases.txt");
    let (mut passed, mut failed) = (0, 0);
    for name in cases.lines().filter(|l| !l.is_empty()) {
        // A case without an `.out` or `.err` file expects it empty.
        let want_out = std::fs::read(dir.join(format!("{name}.out"))).unwrap_or_default();
        let want_err = std::fs::read(dir.join(format!("{name}.err"))).unwrap_or_default();
        let out = qapi(&dir, &["dump", "--qemu", qemu, &format!("{name}.json")]);
        let want_code = if want_err.is_empty() { 0 } else { 1 };
        if out.stdout == want_out && out.stderr == want_err && out.status.code() == Some(want_code)
        {
            passed += 1;
        } else {
            failed += 1;
            println!(
                "FAIL {name}: exit {:?}\n{}",
                out.status.code(),
                String::from_utf8_lossy(&out.stderr)
            );
        }
    }
    println!("QEMU {qemu}: {passed} passed, {failed} failed");
    assert_eq!(failed, 0);
}

#[test]
fn dump_reproduces_every_case_7_2() {
    dump_reproduces_every_case(qapi_test_support::release_corpus_dir("7.2.22"), "7.2");
}

#[test]
fn dump_reproduces_every_case_10_0() {
    dump_reproduces_every_case(qapi_test_support::corpus_dir(), "10.0.2");
}

#[test]
fn dump_reproduces_every_case_10_2() {
    dump_reproduces_every_case(qapi_test_support::release_corpus_dir("10.2.2"), "10.2");
}

#[test]
fn check_is_silent_on_success() {
    let out = qapi(
        &qapi_test_support::corpus_dir(),
        &["check", "--qemu", "10.0", "qapi/qapi-schema.json"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
}

/// Without `--qemu`, a schema that the newest release rejects but another
/// accepts gets QEMU's error and a note naming that release; with
/// `--qemu`, QEMU's error alone.
#[test]
fn default_release_suggests_the_one_that_accepts() {
    let corpus = qapi_test_support::corpus_dir();
    let error = "qga/qapi-schema.json:156:7: Use two spaces between sentences\n\
                 If this not the end of a sentence, please report a bug.\n";
    let out = qapi(&corpus, &["check", "qga/qapi-schema.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!("{error}note: accepted by QEMU 10.0's rules: pass `--qemu 10.0`\n")
    );
    let out = qapi(
        &corpus,
        &["check", "--qemu", "10.2", "qga/qapi-schema.json"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stderr), error);
    let out = qapi(&corpus, &["check", "--qemu", "9.1", "qga/qapi-schema.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr)
        .contains("unknown QEMU release '9.1': supported are 7.2, 10.0, 10.2"));
}

#[test]
fn check_and_rust_report_errors_like_dump() {
    let dir = qapi_test_support::corpus_dir().join("tests/qapi-schema");
    for command in ["check", "rust"] {
        let out = qapi(&dir, &[command, "include-cycle.json"]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        assert!(out.stdout.is_empty(), "{command}");
        assert_eq!(
            out.stderr,
            std::fs::read(dir.join("include-cycle.err")).expect("include-cycle.err"),
            "{command}"
        );
    }
}

#[test]
fn file_names_are_as_given() {
    let corpus = qapi_test_support::corpus_dir();
    let out = qapi(&corpus, &["check", "tests/qapi-schema/duplicate-key.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "tests/qapi-schema/duplicate-key.json:3:10: duplicate key 'key'\n"
    );
    let out = qapi(
        &corpus,
        &["check", "./tests/qapi-schema/include-cycle.json"],
    );
    assert!(String::from_utf8_lossy(&out.stderr)
        .starts_with("In file included from ./tests/qapi-schema/include-cycle.json:1:\n"));
    let out = qapi(&corpus, &["dump", "no-such.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "can't read schema file 'no-such.json': No such file or directory\n"
    );
}

#[test]
fn usage() {
    let here = qapi_test_support::corpus_dir();
    let help = qapi(&here, &["--help"]);
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(
        text.contains("dump") && text.contains("check") && text.contains("rust"),
        "{text}"
    );
    for bad in [
        &[][..],
        &["frobnicate"],
        &["dump"],
        &["dump", "a", "b"],
        &["check", "--bogus", "x"],
        &["rust", "--cfg", "CONFIG_KVM", "x.json"],
        &["rust", "--cfg", "CONFIG_KVM=not a predicate", "x.json"],
        &["rust", "--cfg", "1x=unix", "x.json"],
        &["rust", "--crate", "my facade", "x.json"],
    ] {
        let out = qapi(&here, bad);
        assert_eq!(out.status.code(), Some(2), "args {bad:?}");
        assert!(out.stdout.is_empty());
    }
}

/// The codegen's reviewed snapshots: each schema beside its formatted
/// expansion, under a header line.
fn snapshots() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../qapi-codegen/tests/snapshots")
}

#[test]
fn rust_prints_the_expansion() {
    let dir = snapshots();
    for name in ["types", "unions", "commands"] {
        let out = qapi(&dir, &["rust", &format!("{name}.json")]);
        assert_eq!(out.status.code(), Some(0), "{name}");
        let snapshot = std::fs::read_to_string(dir.join(format!("{name}.rs"))).expect("snapshot");
        let (_header, want) = snapshot.split_once('\n').expect("a header line");
        assert_eq!(String::from_utf8_lossy(&out.stdout), want, "{name}");
    }
}

#[test]
fn rust_maps_atoms_to_cfg() {
    let out = qapi(
        &snapshots(),
        &[
            "rust",
            "--cfg",
            "CONFIG_BLUE=feature = \"blue\"",
            "types.json",
        ],
    );
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8_lossy(&out.stdout);
    let at = text
        .find("#[cfg(feature = \"blue\")]")
        .expect("the cfg attribute");
    assert!(text[at..]
        .trim_start_matches("#[cfg(feature = \"blue\")]")
        .trim_start()
        .starts_with("Blue,"));
    let plain = qapi(&snapshots(), &["rust", "types.json"]);
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("#[cfg("));
}

#[test]
fn rust_names_the_runtime_as_asked() {
    let plain = qapi(&snapshots(), &["rust", "types.json"]);
    let plain = String::from_utf8_lossy(&plain.stdout);
    assert!(plain.contains("use ::qapi_runtime::__private as __q;"));
    let out = qapi(
        &snapshots(),
        &["rust", "--crate", "my_facade::rt", "types.json"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        plain.replace("::qapi_runtime::", "my_facade::rt::")
    );
}
