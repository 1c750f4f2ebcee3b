//! Benchmark of the whole front end (read, parse, check, build the model)
//! on the system schema of each supported QEMU release, in its dialect, in
//! process (the vendored schemas of `schemas/`).
//!
//! `cargo bench -p qapi-schema` prints, per release, the median and spread
//! of repeated runs; then the process's peak memory.

use std::path::Path;
use std::time::{Duration, Instant};

use qapi_schema::{Loader, Release};

const RUNS: usize = 200;

/// Peak resident set size of this process, from /proc (Linux).
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let schemas = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schemas");
    let before = peak_rss_kib();
    for release in Release::ALL {
        let dir = format!("qemu-{}", release.version());
        let root = schemas.join(dir);
        let load = || {
            Loader::new()
                .release(release)
                .load_in(&root, "qapi/qapi-schema.json")
                .expect("the system schema is valid")
        };
        let schema = load();
        println!(
            "QEMU {release} qapi/qapi-schema.json: {} files, {} entities, {} doc blocks",
            schema.sources().files().len(),
            schema.entities().len(),
            schema.docs().len()
        );
        drop(schema);
        let mut times: Vec<Duration> = (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                let schema = load();
                let elapsed = start.elapsed();
                drop(schema);
                elapsed
            })
            .collect();
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        println!(
            "QEMU {release} front end: median {:.2} ms, min {:.2} ms, p90 {:.2} ms, \
             max {:.2} ms over {RUNS} runs",
            ms(times[RUNS / 2]),
            ms(times[0]),
            ms(times[RUNS * 9 / 10]),
            ms(times[RUNS - 1])
        );
    }
    match (before, peak_rss_kib()) {
        (Some(b), Some(a)) => println!(
            "peak RSS: {:.1} MiB (process baseline {:.1} MiB)",
            a as f64 / 1024.0,
            b as f64 / 1024.0
        ),
        _ => println!("peak RSS: unavailable"),
    }
}
