#!/usr/bin/env bash
# Two builds of `emcee serve` compared on loopback with wrk, for a change that must not cost
# throughput: signed Discord interactions and signed Slack commands, SECONDS_EACH seconds each,
# in ROUNDS rounds that alternate which binary goes first (before/after, then after/before, …),
# so both see the same machine conditions. Prints one row per run: requests/s and the server's
# own CPU per request (user + system), which moves less than requests/s on a busy machine.
#
#   cargo build --release --bin emcee --example sign; cp target/release/emcee /tmp/emcee-before
#   (change, build again)
#   BEFORE=/tmp/emcee-before AFTER=target/release/emcee benches/serve_ab.sh
#
# Needs wrk (apt-get install wrk). Everything stays on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
BEFORE=${BEFORE:?set BEFORE to the emcee binary from before the change}
AFTER=${AFTER:-$TARGET/release/emcee}
SIGN=${SIGN:-$TARGET/release/examples/sign}
DATA=${DATA:-data}
ROUNDS=${ROUNDS:-3}
SECONDS_EACH=${SECONDS_EACH:-8}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18181}
SECRET=load-test-signing-secret
work=$(mktemp -d)
server=
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT
url=http://127.0.0.1:$PORT
cat > "$work/discord.json" <<'JSON'
{"id":"1002","application_id":"2002","type":2,"token":"command-token","version":1,"locale":"en-GB","entitlements":[],"attachment_size_limit":8388608,"channel_id":"3003","app_permissions":"0","user":{"id":"4004","username":"ada","discriminator":"0","avatar":null},"data":{"id":"5005","name":"talk","type":1,"options":[{"name":"query","type":3,"value":"kapitan"}]}}
JSON
printf 'token=x&team_id=T1&team_domain=cnl&channel_id=C1&channel_name=general&user_id=U1&user_name=ada&command=%%2Ftalk&text=kapitan&api_app_id=A1&response_url=https%%3A%%2F%%2Fhooks.slack.com%%2Fcommands%%2FT1%%2F1%%2Fx&trigger_id=1.2.3' > "$work/slack.txt"

sign() {
  read -r public timestamp signature < <("$SIGN" discord "$work/discord.json" | tr ' ' '\n' | cut -d= -f2- | paste -sd' ')
  read -r stimestamp ssignature < <("$SIGN" slack "$SECRET" "$work/slack.txt" | tr ' ' '\n' | cut -d= -f2- | paste -sd' ')
  cat > "$work/discord.lua" <<LUA
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
wrk.headers["X-Signature-Ed25519"] = "$signature"
wrk.headers["X-Signature-Timestamp"] = "$timestamp"
local f = io.open("$work/discord.json", "rb"); wrk.body = f:read("*a"); f:close()
LUA
  cat > "$work/slack.lua" <<LUA
wrk.method = "POST"
wrk.headers["content-type"] = "application/x-www-form-urlencoded"
wrk.headers["X-Slack-Signature"] = "$ssignature"
wrk.headers["X-Slack-Request-Timestamp"] = "$stimestamp"
local f = io.open("$work/slack.txt", "rb"); wrk.body = f:read("*a"); f:close()
LUA
}

cpu() { awk -v tck="$(getconf CLK_TCK)" '{print ($14 + $15) / tck}' "/proc/$server/stat"; }

load() { # lua path → "requests/s requests"
  wrk -t 1 -c "$CONNECTIONS" -d "${SECONDS_EACH}s" -s "$1" "$2" > "$work/wrk.txt"
  if grep -q "Non-2xx" "$work/wrk.txt"; then echo "error: refused requests" >&2; cat "$work/wrk.txt" >&2; exit 1; fi
  awk '/Requests\/sec/ {rate = $2} / requests in / {n = $1} END {print rate, n}' "$work/wrk.txt"
}

echo "| round | binary | Discord req/s | Discord CPU/req | Slack req/s | Slack CPU/req |"
echo "| --- | --- | --- | --- | --- | --- |"
for round in $(seq "$ROUNDS"); do
  order="before after"; [ $((round % 2)) -eq 0 ] && order="after before"
  for which in $order; do
    bin=$BEFORE; [ "$which" = after ] && bin=$AFTER
    sign
    EMCEE_DISCORD_PUBLIC_KEY=$public EMCEE_SLACK_SIGNING_SECRET=$SECRET RUST_LOG=warn \
      "$bin" serve --data "$DATA" --listen "127.0.0.1:$PORT" 2>"$work/server.log" &
    server=$!
    for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null 2>&1 && break; sleep 0.1; done
    c0=$(cpu); read -r drate dn < <(load "$work/discord.lua" "$url/discord/interactions"); c1=$(cpu)
    read -r srate sn < <(load "$work/slack.lua" "$url/slack/commands"); c2=$(cpu)
    kill "$server"; wait "$server" 2>/dev/null || true; server=
    python3 -c 'import sys; r,w,dr,dn,sr,sn,c0,c1,c2=sys.argv[1:]; dn,sn,c0,c1,c2=map(float,(dn,sn,c0,c1,c2)); print(f"| {r} | {w} | {float(dr):,.0f} | {(c1-c0)/dn*1e6:.0f} µs | {float(sr):,.0f} | {(c2-c1)/sn*1e6:.0f} µs |")' \
      "$round" "$which" "$drate" "$dn" "$srate" "$sn" "$c0" "$c1" "$c2"
  done
done
