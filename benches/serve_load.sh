#!/usr/bin/env bash
# Load test of `emcee serve` on loopback: signed Discord interactions and signed Slack commands,
# bounded in requests and time, with oha (cargo install oha). Prints throughput and latency.
#
#   benches/serve_load.sh            # needs: cargo build --release --example sign; oha on PATH
#
# Everything stays on 127.0.0.1. Each run is bounded: -n requests or -z seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT=${PORT:-18080}
REQUESTS=${REQUESTS:-50000}
CONNECTIONS=${CONNECTIONS:-32}
SECRET=load-test-signing-secret
work=$(mktemp -d)
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

cargo build --release --quiet --bin emcee --example sign
sign=target/release/examples/sign

cat > "$work/discord.json" <<'JSON'
{"id":"1002","application_id":"2002","type":2,"token":"command-token","version":1,"locale":"en-GB","entitlements":[],"attachment_size_limit":8388608,"channel_id":"3003","app_permissions":"0","user":{"id":"4004","username":"ada","discriminator":"0","avatar":null},"data":{"id":"5005","name":"talk","type":1,"options":[{"name":"query","type":3,"value":"kapitan"}]}}
JSON
printf 'token=x&team_id=T1&team_domain=cnl&channel_id=C1&channel_name=general&user_id=U1&user_name=ada&command=%%2Ftalk&text=kapitan&api_app_id=A1&response_url=https%%3A%%2F%%2Fhooks.slack.com%%2Fcommands%%2FT1%%2F1%%2Fx&trigger_id=1.2.3' > "$work/slack.txt"

read -r public timestamp signature < <("$sign" discord "$work/discord.json" | tr ' ' '\n' | cut -d= -f2- | paste -sd' ')
read -r stimestamp ssignature < <("$sign" slack "$SECRET" "$work/slack.txt" | tr ' ' '\n' | cut -d= -f2- | paste -sd' ')

EMCEE_DISCORD_PUBLIC_KEY=$public EMCEE_SLACK_SIGNING_SECRET=$SECRET RUST_LOG=warn \
  target/release/emcee serve --data data --listen "127.0.0.1:$PORT" &
server=$!
for _ in $(seq 50); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.1; done

discord=(-m POST -H "content-type: application/json" -H "X-Signature-Ed25519: $signature"
  -H "X-Signature-Timestamp: $timestamp" -D "$work/discord.json" "http://127.0.0.1:$PORT/discord/interactions")
slack=(-m POST -H "content-type: application/x-www-form-urlencoded" -H "X-Slack-Signature: $ssignature"
  -H "X-Slack-Request-Timestamp: $stimestamp" -D "$work/slack.txt" "http://127.0.0.1:$PORT/slack/commands")

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
oha --no-tui --output-format json -z 10s -q 1000 -c "$CONNECTIONS" "${discord[@]}" > "$work/d1k.json"
summary "Discord at 1,000 requests/s for 10 s" "$work/d1k.json"
oha --no-tui --output-format json -z 10s -q 1000 -c "$CONNECTIONS" "${slack[@]}" > "$work/s1k.json"
summary "Slack at 1,000 requests/s for 10 s" "$work/s1k.json"
