#!/bin/sh
# What carrying all 30 targets costs qmp-server: the release binary as it
# is (every target, decided at run time) against one built for x86_64
# alone, where the schema's `cfg` mapping compiles out what x86_64 lacks
# (feature `x86_64-only`, src/schema.rs).  Both stripped.  The sections
# say where the difference lies: code (.text), and the generated static
# data (.rodata, .data.rel.ro: introspection tables, metadata, names).
#
#   sh benches/code-size.sh        (CARGO_TARGET_DIR is honoured)
set -eu
cd "$(dirname "$0")/.."
target_dir=${CARGO_TARGET_DIR:-target}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

build() { # name, cargo options...
    name=$1
    shift
    cargo build --release --quiet -p qmp-server "$@"
    strip -o "$out/$name" "$target_dir/release/qmp-server"
}

build all-targets
build x86_64-only --features x86_64-only

section() { # file, section name
    size -A "$1" | awk -v s="$2" '$1 == s { print $2 }'
}

printf '%-12s %12s %12s %12s %12s\n' build file .text .rodata .data.rel.ro
for name in x86_64-only all-targets; do
    f=$out/$name
    printf '%-12s %12d %12d %12d %12d\n' "$name" "$(stat -c %s "$f")" \
        "$(section "$f" .text)" "$(section "$f" .rodata)" "$(section "$f" .data.rel.ro)"
done
one=$(stat -c %s "$out/x86_64-only")
all=$(stat -c %s "$out/all-targets")
echo "every target costs $((all - one)) bytes on $one ($(awk "BEGIN { printf \"%.2f\", ($all - $one) * 100 / $one }")%)"
