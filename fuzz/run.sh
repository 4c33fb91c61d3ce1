#!/usr/bin/env bash
# Runs one fuzz target on its seed corpus (fuzz/seed.sh) for SECONDS (default 600) under the
# limits README states: 1 s per input, 2 GB of memory. Builds first with `cargo fuzz build`.
#
#   fuzz/run.sh post 600
set -euo pipefail
cd "$(dirname "$0")"
target=$1
seconds=${2:-600}
[ -d "corpus/$target" ] || ./seed.sh "$target"
mkdir -p "artifacts/$target"
ASAN_OPTIONS=detect_odr_violation=0 exec nice "target/x86_64-unknown-linux-gnu/release/$target" \
    "corpus/$target" -timeout=1 -rss_limit_mb=2048 -max_total_time="$seconds" \
    -print_final_stats=1 -artifact_prefix="artifacts/$target/"
