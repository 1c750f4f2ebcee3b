//! A mutational fuzzer over the whole front end, run as a test.
//!
//! Seeds are every schema file of the three releases' corpora, and each
//! input is read in one release's dialect, in turn.  Each input is a seed
//! mutated at byte and token level (and spliced with another seed), written
//! into a scratch copy of the test folder so that `include` directives
//! resolve, and loaded.  Any panic fails the run and saves the input; so
//! does an input that takes longer than `HANG` (checked by a watchdog
//! thread).
//!
//! `cargo test` runs it briefly.  For a long run:
//! `QAPI_FUZZ_SECONDS=600 cargo test --release -p qapi-schema --test fuzz -- --nocapture`
//! (`QAPI_FUZZ_SEED` picks the random seed; without it the seed is
//! `DEFAULT_SEED`, so that every run is the same until it stops).  The seed
//! is printed, so a run that failed can be repeated.

use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;

use common::{copy_dir, mutate};
use qapi_schema::{Loader, Release};
use qapi_test_support::{env_u64, Rng};

const HANG: Duration = Duration::from_secs(5);

/// The random seed where `QAPI_FUZZ_SEED` is not set.
const DEFAULT_SEED: u64 = 0x5eed_f022;

#[test]
fn front_end_never_panics_or_hangs() {
    // Inputs live in a copy of 10.0.2's test folder, where includes resolve.
    let corpus = qapi_test_support::corpus_dir();
    let seconds = env_u64("QAPI_FUZZ_SECONDS").unwrap_or(3);
    let seed = env_u64("QAPI_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    println!("fuzz: seed {seed} (QAPI_FUZZ_SEED={seed} repeats this run)");
    let mut seeds = Vec::new();
    for release in Release::ALL {
        let dir = qapi_test_support::release_corpus_dir(release.version());
        seeds.extend(common::seeds(
            &dir.join("tests/qapi-schema"),
            &dir.join("qapi"),
        ));
    }
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
                    // Straight to stderr: the test harness's capture is
                    // lost when the process exits.
                    let _ = writeln!(
                        std::io::stderr(),
                        "HANG: input {} ran longer than {HANG:?} (QAPI_FUZZ_SEED={seed})",
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
        mutate(&mut rng, &seeds, &mut input, 8);
        std::fs::write(&input_path, &input).expect("write input");
        heartbeat.store(start.elapsed().as_millis() as u64, Ordering::Relaxed);
        // Each input in one release's dialect, the releases in turn; the
        // default (no release named) tries the others after an error.
        let loader = match Release::ALL.get(runs as usize % (Release::ALL.len() + 1)) {
            Some(&release) => Loader::new().release(release),
            None => Loader::new(),
        };
        let result = panic::catch_unwind(AssertUnwindSafe(|| {
            loader
                .load_in(&scratch, "fuzz-input.json")
                .map(|s| s.dump().len())
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
