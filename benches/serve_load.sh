#!/usr/bin/env bash
# Load test of `emcee serve` on loopback: signed Discord interactions and signed Slack commands,
# bounded in requests and time. Prints two Markdown tables:
#
# 1. throughput and p50/p99 latency with oha, as fast as possible and at 1,000 requests/s;
# 2. Discord's throughput against its ceiling, Ed25519 verification alone on every core (the
#    criterion bench `verify`, "on N cores"), in ROUNDS rounds that alternate the two, so both
#    figures of a round are taken under the same machine conditions. This load comes from wrk
#    when it is installed (a lighter client leaves more of the shared cores to the server),
#    otherwise from oha.
#
#   cargo install oha; apt-get install wrk     # wrk is optional
#   benches/serve_load.sh                      # REQUESTS=… CONNECTIONS=… ROUNDS=… PORT=…
#
# Everything stays on 127.0.0.1. Each run is bounded: -n requests or a duration.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18080}
REQUESTS=${REQUESTS:-50000}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-3}
SECONDS_PER_ROUND=${SECONDS_PER_ROUND:-8}
SECRET=load-test-signing-secret
TARGET=${CARGO_TARGET_DIR:-target}
work=$(mktemp -d)
server=
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --quiet --bin emcee --example sign
cargo bench --quiet --bench verify --no-run 2>/dev/null
sign=$TARGET/release/examples/sign
url=http://127.0.0.1:$PORT

cat > "$work/discord.json" <<'JSON'
{"id":"1002","application_id":"2002","type":2,"token":"command-token","version":1,"locale":"en-GB","entitlements":[],"attachment_size_limit":8388608,"channel_id":"3003","app_permissions":"0","user":{"id":"4004","username":"ada","discriminator":"0","avatar":null},"data":{"id":"5005","name":"talk","type":1,"options":[{"name":"query","type":3,"value":"kapitan"}]}}
JSON
printf 'token=x&team_id=T1&team_domain=cnl&channel_id=C1&channel_name=general&user_id=U1&user_name=ada&command=%%2Ftalk&text=kapitan&api_app_id=A1&response_url=https%%3A%%2F%%2Fhooks.slack.com%%2Fcommands%%2FT1%%2F1%%2Fx&trigger_id=1.2.3' > "$work/slack.txt"

# Signatures carry a timestamp that emcee accepts for 5 minutes: sign afresh before each run.
sign_requests() {
  read -r public timestamp signature < <("$sign" discord "$work/discord.json" | tr ' ' '\n' | cut -d= -f2- | paste -sd' ')
  read -r stimestamp ssignature < <("$sign" slack "$SECRET" "$work/slack.txt" | tr ' ' '\n' | cut -d= -f2- | paste -sd' ')
  discord=(-m POST -H "content-type: application/json" -H "X-Signature-Ed25519: $signature"
    -H "X-Signature-Timestamp: $timestamp" -D "$work/discord.json" "$url/discord/interactions")
  slack=(-m POST -H "content-type: application/x-www-form-urlencoded" -H "X-Slack-Signature: $ssignature"
    -H "X-Slack-Request-Timestamp: $stimestamp" -D "$work/slack.txt" "$url/slack/commands")
}
sign_requests

EMCEE_DISCORD_PUBLIC_KEY=$public EMCEE_SLACK_SIGNING_SECRET=$SECRET RUST_LOG=warn \
  "$TARGET/release/emcee" serve --data data --listen "127.0.0.1:$PORT" &
server=$!
for _ in $(seq 50); do curl -sf "$url/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

summary() { # name, oha JSON
  python3 - "$1" "$2" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))
s, p = r["summary"], r["latencyPercentiles"]
codes = r.get("statusCodeDistribution", {})
print(f"| {name} | {s['requestsPerSec']:,.0f} | {p['p50']*1000:.2f} ms | {p['p99']*1000:.2f} ms | {codes} |")
PY
}

echo "| run | requests/s | p50 | p99 | status codes |"
echo "| --- | --- | --- | --- | --- |"
oha --no-tui --output-format json -n "$REQUESTS" -c "$CONNECTIONS" "${discord[@]}" > "$work/d.json"
summary "Discord, $CONNECTIONS connections, as fast as possible" "$work/d.json"
oha --no-tui --output-format json -n "$REQUESTS" -c "$CONNECTIONS" "${slack[@]}" > "$work/s.json"
summary "Slack, $CONNECTIONS connections, as fast as possible" "$work/s.json"
sign_requests
oha --no-tui --output-format json -z 10s -q 1000 -c "$CONNECTIONS" "${discord[@]}" > "$work/d1k.json"
summary "Discord at 1,000 requests/s for 10 s" "$work/d1k.json"
oha --no-tui --output-format json -z 10s -q 1000 -c "$CONNECTIONS" "${slack[@]}" > "$work/s1k.json"
summary "Slack at 1,000 requests/s for 10 s" "$work/s1k.json"

# CPU seconds the server has used so far (user + system).
server_cpu() {
  awk -v tck="$(getconf CLK_TCK)" '{print ($14 + $15) / tck}' "/proc/$server/stat"
}

# Discord's throughput in one round, as fast as possible for SECONDS_PER_ROUND, and the requests
# it served: "requests/s requests".
discord_throughput() {
  sign_requests
  if command -v wrk >/dev/null; then
    cat > "$work/post.lua" <<LUA
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["X-Signature-Ed25519"] = "$signature"
wrk.headers["X-Signature-Timestamp"] = "$timestamp"
local f = io.open("$work/discord.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
    wrk -t 1 -c "$CONNECTIONS" -d "${SECONDS_PER_ROUND}s" -s "$work/post.lua" "$url/discord/interactions" > "$work/wrk.txt"
    if grep -q "Non-2xx" "$work/wrk.txt"; then echo "error: emcee refused requests" >&2; cat "$work/wrk.txt" >&2; exit 1; fi
    awk '/Requests\/sec/ {rate = $2} / requests in / {n = $1} END {print rate, n}' "$work/wrk.txt"
  else
    oha --no-tui --output-format json -z "${SECONDS_PER_ROUND}s" -c "$CONNECTIONS" "${discord[@]}" > "$work/dr.json"
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); assert list(r["statusCodeDistribution"])==["200"], r["statusCodeDistribution"]; s = r["summary"]; print(s["requestsPerSec"], sum(r["statusCodeDistribution"].values()))' "$work/dr.json"
  fi
}

# Ed25519 verification alone on every core, from the criterion bench, in verifications/s.
verify_ceiling() {
  cargo bench --quiet --bench verify -- "on [0-9]+ cores" --warm-up-time 1 --measurement-time 4 >/dev/null 2>&1
  python3 - "$TARGET/criterion/verify" <<'PY'
import glob, json, sys
[path] = glob.glob(sys.argv[1] + "/discord ed25519 on * cores/new/estimates.json")
print(1e9 / json.load(open(path))["mean"]["point_estimate"])
PY
}

client=$(command -v wrk >/dev/null && echo wrk || echo oha)
cores=$(nproc)
echo
echo "Server CPU is what emcee itself used per request; at that cost, $cores cores to itself would"
echo "serve $cores / (CPU per request), the last ratio."
echo
echo "| round | Ed25519 verification alone, $cores cores | Discord endpoint ($client, $CONNECTIONS connections, same cores) | ratio | server CPU per request | ratio with the cores to itself |"
echo "| --- | --- | --- | --- | --- | --- |"
for round in $(seq "$ROUNDS"); do
  ceiling=$(verify_ceiling)
  before=$(server_cpu)
  read -r endpoint requests < <(discord_throughput)
  after=$(server_cpu)
  python3 - "$round" "$ceiling" "$endpoint" "$requests" "$before" "$after" "$cores" <<'PY'
import sys
r, c, e, n, before, after, cores = sys.argv[1], *map(float, sys.argv[2:])
cpu = (after - before) / n
print(f"| {r} | {c:,.0f}/s | {e:,.0f}/s | {e/c:.2f} | {cpu*1e6:.0f} µs | {cores/cpu/c:.2f} |")
PY
done
