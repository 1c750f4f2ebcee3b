//! What a target costs at start: its registry (commands, what it lacks,
//! every handler) and its `query-qmp-schema` and `query-commands` replies,
//! built from static data.
//!
//! `cargo bench -p qmp-server --bench registry` (pin it with
//! `taskset -c 0`).  Prints, per target and for two unions, the median and
//! the fastest of many builds.

use std::time::Instant;

use qmp_server::{targets, Chardev};

const ROUNDS: usize = 200;

/// Median and fastest microseconds of building a server for `list`.
fn measure(list: &str) -> (f64, f64) {
    let Ok(set) = targets::parse_list(list) else {
        panic!("{list}: not a target list");
    };
    let mut times: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(qmp_server::server(&set, &[Chardev::Stdio]));
            start.elapsed().as_secs_f64() * 1e6
        })
        .collect();
    times.sort_by(f64::total_cmp);
    (times[ROUNDS / 2], times[0])
}

fn main() {
    let mut worst: (f64, &str) = (0.0, "");
    for name in targets::names() {
        let (median, fastest) = measure(name);
        println!("{name:15} median {median:7.1} µs  fastest {fastest:7.1} µs");
        if median > worst.0 {
            worst = (median, name);
        }
    }
    for list in ["arm,aarch64", "s390x,x86_64"] {
        let (median, fastest) = measure(list);
        println!("{list:15} median {median:7.1} µs  fastest {fastest:7.1} µs");
    }
    println!(
        "slowest single target: {} at {:.1} µs (target: at most 1,000 µs)",
        worst.1, worst.0
    );
}
