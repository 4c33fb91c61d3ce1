#!/bin/bash
# Leave-one-blog-out: trains the extraction model once per labelled blog without that blog,
# reads the blog with it, and scores it (then the same with the model trained on every blog).
# usage: scripts/lobo.sh            (from the repository root; ../shared beside it)
# Prints two Markdown tables (left out, all blogs) with every metric and the counts behind them.
# As score-all.sh does, a blog with fewer than 5 "meetup" labels is scored with
# --kinds meetup,announcement ("+ann.").
set -euo pipefail
cd "$(dirname "$0")/.."
S=../shared; T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
cargo run --release --quiet --example train -- --out "$T/weights.json" --lobo "$T" >&2
table() {
  local dir=$1
  echo "| blog | min | date | spk rec | spk prec | affil | title | video | sponsors | next date | next rsvp | counts |"
  echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
  for l in "$S"/corpus/labels/*/; do
    n=$(basename "$l"); [ -f "$dir/$n.json" ] || continue
    k=""; [ "$(grep -l '^kind *= *"meetup"' "$l"*.toml 2>/dev/null | wc -l)" -lt 5 ] && k="--kinds meetup,announcement"
    python3 "$S/tools/score.py" "$dir/$n.json" "$l" $k | python3 -c '
import sys
name, kinds = sys.argv[1], sys.argv[2]
m, mn, counts = {}, "?", ""
for line in sys.stdin:
    p = line.split()
    if len(p) == 2 and p[0].endswith(("_acc", "_recall", "_precision", "_f1")): m[p[0]] = p[1]
    if line.startswith("extraction"): mn = line.split("=")[1].split()[0]
    if line.startswith("counts:"): counts = line[len("counts:"):].strip()
cols = ["event_date_acc", "speaker_recall", "speaker_precision", "affiliation_acc", "title_acc",
        "video_start_acc", "sponsor_f1", "next_date_recall", "next_rsvp_acc"]
print("| %s%s | **%s** | %s | %s |" % (name, " (+ann.)" if kinds else "", mn, " | ".join(m.get(c, "") for c in cols), counts))
' "$n" "$k"
  done
}
echo "### Leave one blog out (each blog read by a model trained without it)"
table "$T"
echo
echo "### Trained on every blog"
table "$T/all"
