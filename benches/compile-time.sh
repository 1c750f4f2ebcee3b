#!/usr/bin/env bash
# What qapi_schema! on QEMU's full schema costs a user's crate: clean and
# incremental `cargo check` of a crate holding just the expansion and one
# unrelated module, and rustc's peak memory.
#
#   benches/compile-time.sh [RUNS]        wall times (median and minimum)
#   benches/compile-time.sh instructions  instructions rustc executes for an
#                                         incremental and a clean check
#
# Wall times on a shared machine vary by +-0.4 s between identical runs;
# instruction counts (callgrind, about 2 minutes) repeat within 0.5%, so
# they tell small changes apart.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
bench="$root/target/compile-bench"
mkdir -p "$bench/src"
cat > "$bench/Cargo.toml" <<TOML
[package]
name = "compile-bench"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
qapi-macros = { path = "$root/qapi-macros" }
qapi-runtime = { path = "$root/qapi-runtime" }

[profile.dev.build-override]
opt-level = 3

[workspace]
TOML
cat > "$bench/src/lib.rs" <<RS
#![deny(warnings)]
pub mod unrelated;
pub mod qemu {
    qapi_macros::qapi_schema!("$root/schemas/qemu-10.0.2/qapi/qapi-schema.json");
}
RS
echo 'pub fn answer() -> u32 { 42 }' > "$bench/src/unrelated.rs"
cd "$bench"
export CARGO_TARGET_DIR="$bench/target"
cargo check -q 2>/dev/null || cargo check

if [ "$runs" = instructions ]; then
    command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 2; }
    echo "pub fn touched() {}" >> src/unrelated.rs
    # The rustc command cargo runs, replayed under callgrind.
    rustc_cmd=$(cargo check -v 2>&1 | sed -n 's/^ *Running `\(.*rustc .*--crate-name compile_bench.*\)`$/\1/p')
    [ -n "$rustc_cmd" ] || { echo "could not find the rustc command" >&2; exit 1; }
    export CARGO_MANIFEST_DIR="$bench" CARGO_PKG_NAME=compile-bench CARGO_CRATE_NAME=compile_bench
    count() {
        echo "pub fn touched$RANDOM() {}" >> src/unrelated.rs
        eval valgrind --tool=callgrind --callgrind-out-file=/dev/null "$rustc_cmd" 2>&1 \
            | sed -n 's/.*Collected : \([0-9]*\).*/\1/p' \
            | awk '{printf "%.3f G instructions\n", $1 / 1e9}'
    }
    printf 'incremental check: %s\n' "$(count)"
    rm -rf target/debug/incremental/compile_bench-*
    printf 'clean check:       %s\n' "$(count)"
    exit 0
fi

measure() {
    /usr/bin/time -f "%e %M" cargo check -q 2>&1 | tail -1
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " s, min " a[1]}'; }
clean=(); incr=(); rss=()
for i in $(seq "$runs"); do
    cargo clean -q -p compile-bench
    read -r t m < <(measure); clean+=("$t"); rss+=("$m")
    echo "pub fn answer$i() -> u32 { $i }" >> src/unrelated.rs
    read -r t m < <(measure); incr+=("$t"); rss+=("$m")
done
printf 'clean cargo check:       median %s (%s)\n' "$(printf '%s\n' "${clean[@]}" | median)" "${clean[*]}"
printf 'incremental cargo check: median %s (%s)\n' "$(printf '%s\n' "${incr[@]}" | median)" "${incr[*]}"
printf 'peak memory:             %s MB\n' "$(( $(printf '%s\n' "${rss[@]}" | sort -n | tail -1) / 1024 ))"
