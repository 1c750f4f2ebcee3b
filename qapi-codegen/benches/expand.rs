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
    let mut times: Vec<Duration> = (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            // The macro hands the compiler text, so that is part of it.
            let text = expand().to_string();
            let elapsed = start.elapsed();
            drop(text);
            elapsed
        })
        .collect();
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "front end + generation: median {:.1} ms, min {:.1} ms, max {:.1} ms over {RUNS} runs",
        ms(times[RUNS / 2]),
        ms(times[0]),
        ms(times[RUNS - 1])
    );
}
