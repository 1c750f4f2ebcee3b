#!/usr/bin/env bash
# What qapi_schema! on QEMU's full schema costs a user's crate: clean and
# incremental `cargo check` of a crate holding just the expansion and one
# unrelated module, and rustc's peak memory.
#
#   benches/compile-time.sh [RUNS]             wall times (median and minimum)
#   benches/compile-time.sh RUNS --baseline    the same, each run alternating
#                                              with the issue's two baselines
#   benches/compile-time.sh instructions       instructions rustc executes for
#                                              an incremental and a clean check
#
# QEMU=7.2, 10.0 (the default) or 10.2 picks the release whose system
# schema is expanded, in its dialect.
#
# The baselines are the crates the issue's targets were set against: the
# schema rendered straightforwardly as Rust types with serde derives, and
# the same types without serde (qapi-codegen's `serde_baseline` example
# writes them).  Measured alternately with ours, they tell the machine's
# speed of the hour apart from the cost of the generated code.
#
# Wall times on a shared machine vary by +-0.4 s between identical runs;
# instruction counts (callgrind, about 2 minutes) repeat within 0.5%, so
# they tell small changes apart.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
runs=${1:-3}
qemu=${QEMU:-10.0}
case $qemu in
    7.2) schema="$root/schemas/qemu-7.2.22/qapi/qapi-schema.json" ;;
    10.0) schema="$root/schemas/qemu-10.0.2/qapi/qapi-schema.json" ;;
    10.2) schema="$root/schemas/qemu-10.2.2/qapi/qapi-schema.json" ;;
    *) echo "QEMU must be 7.2, 10.0 or 10.2" >&2; exit 2 ;;
esac
benches="$root/target/compile-bench"
export CARGO_TARGET_DIR="$benches/target"

# must WHAT COMMAND...: the output of COMMAND, which must succeed; if it
# fails, its output (less valgrind's own lines) and "WHAT failed" go to
# standard error and the (sub)shell exits with an error, which the caller
# passes on: a figure from a failed build would be no figure.
must() {
    local what=$1 out
    shift
    if ! out=$("$@" 2>&1); then
        grep -v '^==' <<<"$out" >&2
        echo "$what failed; no figure" >&2
        exit 1
    fi
    printf '%s\n' "$out"
}

# make_crate NAME DEPENDENCIES: a crate of that name with the modules
# `qemu` (written by the caller) and `unrelated`, the file each
# incremental check edits.
make_crate() {
    local dir="$benches/$1"
    mkdir -p "$dir/src"
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "$1"
version = "0.1.0"
edition = "2021"
publish = false

[dependencies]
$2

[profile.dev.build-override]
opt-level = 3

[workspace]
TOML
    # The workspace's versions of the dependencies they share.
    cp "$root/Cargo.lock" "$dir/"
    printf '#![deny(warnings)]\npub mod unrelated;\npub mod qemu;\n' > "$dir/src/lib.rs"
    echo 'pub fn answer() -> u32 { 42 }' > "$dir/src/unrelated.rs"
}

make_crate compile-bench "qapi-macros = { path = \"$root/qapi-macros\" }
qapi-runtime = { path = \"$root/qapi-runtime\" }"
echo "qapi_macros::qapi_schema!(path = \"$schema\", qemu = \"$qemu\");" > "$benches/compile-bench/src/qemu.rs"
crates=(compile-bench)
if [ "${2:-}" = --baseline ]; then
    make_crate baseline-serde 'serde = { version = "1", features = ["derive"] }
serde_json = "1"'
    make_crate baseline-plain 'serde_json = "1"'
    baseline() {
        CARGO_TARGET_DIR="$root/target" cargo run -q --release --manifest-path "$root/Cargo.toml" \
            -p qapi-codegen --example serde_baseline -- "$schema" --qemu="$qemu" "$@"
    }
    baseline > "$benches/baseline-serde/src/qemu.rs"
    baseline --no-serde > "$benches/baseline-plain/src/qemu.rs"
    crates+=(baseline-serde baseline-plain)
fi
for crate in "${crates[@]}"; do
    (cd "$benches/$crate" && { cargo check -q 2>/dev/null || cargo check; })
done

if [ "$runs" = instructions ]; then
    command -v valgrind >/dev/null || { echo "needs valgrind" >&2; exit 2; }
    cd "$benches/compile-bench"
    # A new function each time: `count` runs in a subshell, which keeps no
    # counter, and a name defined twice would make rustc fail early.
    touch_unrelated() {
        echo "pub fn touched_$(date +%s%N)() {}" >> src/unrelated.rs
    }
    touch_unrelated
    # The rustc command cargo runs, replayed under callgrind.
    rustc_cmd=$(cargo check -v 2>&1 | sed -n 's/^ *Running `\(.*rustc .*--crate-name compile_bench.*\)`$/\1/p')
    [ -n "$rustc_cmd" ] || { echo "could not find the rustc command" >&2; exit 1; }
    export CARGO_MANIFEST_DIR="$PWD" CARGO_PKG_NAME=compile-bench CARGO_CRATE_NAME=compile_bench
    count() {
        touch_unrelated
        local out
        out=$(must rustc eval valgrind --tool=callgrind --callgrind-out-file=/dev/null "$rustc_cmd") \
            || exit 1
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p' <<<"$out" \
            | awk '{printf "%.3f G instructions\n", $1 / 1e9}'
    }
    incremental=$(count)
    rm -rf "$CARGO_TARGET_DIR"/debug/incremental/compile_bench-*
    clean=$(count)
    printf 'incremental check: %s\nclean check:       %s\n' "$incremental" "$clean"
    exit 0
fi

# Seconds and peak kilobytes of one `cargo check`.
measure() {
    local out
    out=$(must "cargo check" /usr/bin/time -f "%e %M" cargo check -q) || exit 1
    tail -1 <<<"$out"
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)] " s, min " a[1]}'; }
declare -A clean incr rss
for i in $(seq "$runs"); do
    for crate in "${crates[@]}"; do
        cd "$benches/$crate"
        cargo clean -q -p "$crate"
        result=$(measure); read -r t m <<<"$result"; clean[$crate]+=" $t"; rss[$crate]+=" $m"
        echo "pub fn answer_$(date +%s%N)() -> u32 { $i }" >> src/unrelated.rs
        result=$(measure); read -r t m <<<"$result"; incr[$crate]+=" $t"; rss[$crate]+=" $m"
    done
done
for crate in "${crates[@]}"; do
    [ ${#crates[@]} = 1 ] || echo "$crate:"
    # shellcheck disable=SC2086 # the lists are words on purpose
    {
        printf 'clean cargo check:       median %s (%s)\n' "$(printf '%s\n' ${clean[$crate]} | median)" "${clean[$crate]# }"
        printf 'incremental cargo check: median %s (%s)\n' "$(printf '%s\n' ${incr[$crate]} | median)" "${incr[$crate]# }"
        printf 'peak memory:             %s MB\n' "$(( $(printf '%s\n' ${rss[$crate]} | sort -n | tail -1) / 1024 ))"
    }
done
