#!/bin/sh
# Search latency by query type over synthetic archives, emcee beside tantivy 0.25.
#
#   sh benches/search_mix.sh [DIR]      # DIR holds the archives (default /tmp/emcee-search-mix)
#
# Writes 1k, 100k and 1M talk archives with examples/synth (once), then runs
# examples/query_bench (emcee) and, when built with --features bench-tantivy,
# examples/tantivy_bench on every query file in benches/queries/, printing one JSON line each.
# SIZES="1000 100000" and REPEAT=20 may be set in the environment.
set -eu
dir=${1:-/tmp/emcee-search-mix}
sizes=${SIZES:-"1000 100000 1000000"}
repeat=${REPEAT:-20}
here=$(cd "$(dirname "$0")" && pwd)
cargo build --release --example synth --example query_bench
tantivy=""
if cargo build --release --features bench-tantivy --example tantivy_bench; then
    tantivy=yes
fi
target=${CARGO_TARGET_DIR:-$here/../target}/release/examples
mkdir -p "$dir"
for talks in $sizes; do
    data="$dir/talks-$talks"
    [ -d "$data" ] || "$target/synth" --talks "$talks" --seed 1 --out "$data"
    for file in "$here"/queries/*.txt; do
        kind=$(basename "$file" .txt)
        echo "$talks emcee $kind $("$target/query_bench" --data "$data" --commands "$file" --repeat "$repeat" 2>/dev/null)"
        if [ -n "$tantivy" ] && [ "$kind" != speakers ]; then
            echo "$talks tantivy $kind $("$target/tantivy_bench" --data "$data" --commands "$file" --repeat "$repeat" 2>/dev/null)"
        fi
    done
done
