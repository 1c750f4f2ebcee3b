//! A mutational fuzzer over the whole front end, run as a test.
//!
//! Seeds are every schema file of QEMU's corpus.  Each input is a seed
//! mutated at byte and token level (and spliced with another seed), written
//! into a scratch copy of the test folder so that `include` directives
//! resolve, and loaded.  Any panic fails the run and saves the input; so
//! does an input that takes longer than `HANG` (checked by a watchdog
//! thread).
//!
//! `cargo test` runs it briefly.  For a long run:
//! `QAPI_FUZZ_SECONDS=600 cargo test --release -p qapi-schema --test fuzz -- --nocapture`
//! (`QAPI_FUZZ_SEED` picks the random seed).

use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use qapi_schema::Schema;
use qapi_test_support::Rng;

const HANG: Duration = Duration::from_secs(5);

/// Fragments worth inserting: the dialect's syntax and keywords.
const DICTIONARY: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ":",
    ",",
    "'",
    "\n",
    "\r",
    "\r\n",
    "\t",
    " ",
    "#",
    "##",
    "# ",
    "\\",
    "\\\\",
    "true",
    "false",
    "'if'",
    "'all'",
    "'any'",
    "'not'",
    "'struct'",
    "'union'",
    "'enum'",
    "'alternate'",
    "'command'",
    "'event'",
    "'data'",
    "'base'",
    "'discriminator'",
    "'type'",
    "'features'",
    "'returns'",
    "'boxed': true",
    "'include'",
    "'pragma'",
    "'doc-required': true",
    "'prefix'",
    "'*opt'",
    "'x-'",
    "'__org.qemu_'",
    "'q_'",
    "'has-x'",
    "'u'",
    "'int'",
    "'str'",
    "'any'",
    "'null'",
    "['int']",
    "'QType'",
    "'q_empty'",
    "'deprecated'",
    "'unstable'",
    "'allow-oob': true",
    "'coroutine': true",
    "'gen': false",
    "'name'",
    "@a:",
    "@",
    "Features:",
    "Returns:",
    "Errors:",
    "Since:",
    "TODO:",
    "Note:",
    "= Heading",
    "# @Foo:\n",
    "##\n# @Foo:\n##\n",
    "'Foo'",
    "'FooList'",
    "'IFCOND'",
    "\u{a0}",
    "\u{e9}",
    "\u{feff}",
    "\u{1c}",
    "{ 'include': 'qapi-schema-test.json' }",
    "{ 'include': 'include/sub-module.json' }",
];

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>], input: &mut Vec<u8>) {
    for _ in 0..1 + rng.below(8) {
        let len = input.len();
        let at = rng.below(len + 1);
        match rng.below(7) {
            0 if len > 0 => input[rng.below(len)] ^= 1 << rng.below(8),
            1 if len > 0 => {
                let end = (at + 1 + rng.below(32)).min(len);
                input.drain(at.min(end)..end);
            }
            2 | 3 => {
                let word = DICTIONARY[rng.below(DICTIONARY.len())].as_bytes();
                input.splice(at..at, word.iter().copied());
            }
            4 if len > 0 => {
                let start = rng.below(len);
                let end = (start + 1 + rng.below(64)).min(len);
                let chunk = input[start..end].to_vec();
                input.splice(at..at, chunk);
            }
            5 => {
                let other = &seeds[rng.below(seeds.len())];
                let start = rng.below(other.len());
                let end = (start + rng.below(256)).min(other.len());
                input.splice(at..at, other[start..end].iter().copied());
            }
            _ => {
                let b = [b'{', b'}', b'[', b']', b'\'', b'#', b'\n', 0x80, 0xff][rng.below(9)];
                input.insert(at, b);
            }
        }
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("scratch dir");
    for entry in std::fs::read_dir(from).expect("corpus dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy corpus file");
        }
    }
}

fn seeds(dir: &Path, real: &Path) -> Vec<Vec<u8>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("corpus dir")
        .flatten()
        .map(|e| e.path())
        .chain(
            std::fs::read_dir(real)
                .expect("qapi dir")
                .flatten()
                .map(|e| e.path()),
        )
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read(p).expect("seed"))
        .collect()
}

#[test]
fn front_end_never_panics_or_hangs() {
    let corpus = qapi_test_support::corpus_dir();
    let seconds: u64 = std::env::var("QAPI_FUZZ_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(3);
    let seed: u64 = std::env::var("QAPI_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let seeds = seeds(&corpus.join("tests/qapi-schema"), &corpus.join("qapi"));
    let scratch = std::env::temp_dir().join(format!("qapi-fuzz-{}", std::process::id()));
    copy_dir(&corpus.join("tests/qapi-schema"), &scratch);
    let input_path = scratch.join("fuzz-input.json");

    // The watchdog aborts the process if one input runs too long: a hang
    // cannot be interrupted from inside.
    let heartbeat = Arc::new(AtomicU64::new(0));
    let done = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    {
        let (heartbeat, done, input_path) = (heartbeat.clone(), done.clone(), input_path.clone());
        std::thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(200));
                let last = Duration::from_millis(heartbeat.load(Ordering::Relaxed));
                if start.elapsed().saturating_sub(last) > HANG && !done.load(Ordering::Relaxed) {
                    eprintln!(
                        "HANG: input {} ran longer than {HANG:?}",
                        input_path.display()
                    );
                    std::process::exit(101);
                }
            }
        });
    }

    panic::set_hook(Box::new(|_| {}));
    let mut rng = Rng(seed);
    let (mut runs, mut accepted, mut crashes) = (0u64, 0u64, Vec::new());
    let deadline = Duration::from_secs(seconds);
    while start.elapsed() < deadline {
        let mut input = seeds[rng.below(seeds.len())].clone();
        mutate(&mut rng, &seeds, &mut input);
        std::fs::write(&input_path, &input).expect("write input");
        heartbeat.store(start.elapsed().as_millis() as u64, Ordering::Relaxed);
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            Schema::load_in(&scratch, "fuzz-input.json").map(|s| s.dump().len())
        }));
        runs += 1;
        match result {
            Ok(Ok(_)) => accepted += 1,
            Ok(Err(e)) => assert!(!e.to_string().is_empty()),
            Err(_) => {
                let saved =
                    std::env::temp_dir().join(format!("qapi-fuzz-crash-{seed}-{runs}.json"));
                std::fs::write(&saved, &input).expect("save crash");
                crashes.push(saved);
            }
        }
    }
    done.store(true, Ordering::Relaxed);
    let _ = panic::take_hook();
    std::fs::remove_dir_all(&scratch).ok();
    println!(
        "fuzz: seed {seed}, {runs} inputs in {:.1} s, {accepted} accepted, {} panicked, 0 hung",
        start.elapsed().as_secs_f64(),
        crashes.len()
    );
    assert!(runs > 0);
    assert!(crashes.is_empty(), "inputs that panicked: {crashes:?}");
}
