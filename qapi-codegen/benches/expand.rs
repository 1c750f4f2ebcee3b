//! Expansion time of `qapi_schema!` on QEMU's system schema, in process:
//! the front end, code generation and the text handed to the compiler, as
//! the macro does on every build.
//!
//! `cargo bench -p qapi-codegen`

use std::path::PathBuf;
use std::time::{Duration, Instant};

const RUNS: usize = 50;

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let expand = || {
        let schema =
            qapi_schema::Schema::load_in(&root, "schemas/qemu-10.0.2/qapi/qapi-schema.json")
                .expect("the system schema is valid");
        qapi_codegen::generate(&schema)
    };
    let tokens = expand();
    let text = tokens.to_string();
    let file = syn::parse2::<syn::File>(tokens).expect("the expansion parses");
    let pretty = prettyplease::unparse(&file);
    println!(
        "expansion: {} tokens of text ({} bytes), {} lines formatted",
        text.split_whitespace().count(),
        text.len(),
        pretty.lines().count()
    );
    // Each phase of what the macro does, timed on its own: the front end,
    // generation, the text handed to the compiler, and freeing the tokens.
    let mut phases: [Vec<Duration>; 4] = Default::default();
    for _ in 0..RUNS {
        let start = Instant::now();
        let schema =
            qapi_schema::Schema::load_in(&root, "schemas/qemu-10.0.2/qapi/qapi-schema.json")
                .expect("the system schema is valid");
        let loaded = Instant::now();
        let tokens = qapi_codegen::generate(&schema);
        let generated = Instant::now();
        let text = tokens.to_string();
        let written = Instant::now();
        drop(tokens);
        let freed = Instant::now();
        drop(text);
        for (phase, time) in phases.iter_mut().zip([
            loaded - start,
            generated - loaded,
            written - generated,
            freed - written,
        ]) {
            phase.push(time);
        }
    }
    let median = |times: &mut Vec<Duration>| {
        times.sort();
        times[RUNS / 2].as_secs_f64() * 1e3
    };
    let [front, generation, text, free] = phases.each_mut().map(median);
    println!(
        "medians over {RUNS} runs: front end {front:.1} ms, generation {generation:.1} ms, \
         text {text:.1} ms, freeing the tokens {free:.1} ms"
    );
    println!(
        "front end + generation: {:.1} ms; all four (sum of medians): {:.1} ms",
        front + generation,
        front + generation + text + free
    );
}
