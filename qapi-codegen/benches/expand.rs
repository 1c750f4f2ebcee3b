//! Expansion time of `qapi_schema!` on the system schema of each supported
//! QEMU release, in process: the front end, then code generation up to the
//! text handed to the compiler, as the macro does on every build.
//!
//! `cargo bench -p qapi-codegen`

use std::path::PathBuf;
use std::time::{Duration, Instant};

use qapi_schema::{Loader, Release};

const RUNS: usize = 50;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    for release in Release::ALL {
        let dir = format!("qemu-{}", release.version());
        expand(release, &root.join(dir));
    }
}

fn expand(release: Release, root: &std::path::Path) {
    let load = || {
        Loader::new()
            .release(release)
            .load_in(root, "qapi/qapi-schema.json")
            .expect("the system schema is valid")
    };
    let text = qapi_codegen::generate(&load());
    let file = syn::parse_file(&text).expect("the expansion parses");
    let pretty = prettyplease::unparse(&file);
    println!(
        "QEMU {release} expansion: {} tokens of text ({} bytes), {} lines formatted",
        text.split_whitespace().count(),
        text.len(),
        pretty.lines().count()
    );
    // Each phase timed on its own: the front end, then generation.
    let mut phases: [Vec<Duration>; 2] = Default::default();
    for _ in 0..RUNS {
        let start = Instant::now();
        let schema = load();
        let loaded = Instant::now();
        let text = qapi_codegen::generate(&schema);
        let generated = Instant::now();
        drop(text);
        for (phase, time) in phases.iter_mut().zip([loaded - start, generated - loaded]) {
            phase.push(time);
        }
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[RUNS / 2].as_secs_f64() * 1e3
    };
    let [front, generation] = phases.each_mut().map(median);
    println!(
        "QEMU {release} medians over {RUNS} runs: front end {front:.1} ms, generation (to text) \
         {generation:.1} ms; together {:.1} ms",
        front + generation
    );
}
