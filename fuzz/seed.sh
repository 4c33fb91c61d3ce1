#!/usr/bin/env bash
# Builds each fuzz target's seed corpus in fuzz/corpus/<target>/ from ../shared (posts of
# every community, the seed posts), the bundled data/, emcee.example.toml, the command specs
# and the query lists in benches/queries. Nothing here is committed: it is made at run time.
#
#   fuzz/seed.sh            # all targets
#   fuzz/seed.sh post       # one
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared=$root/../shared
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(post data_files command discord_interaction slack_command slack_interaction calendar)

# Names each seed by its content, so a rerun adds nothing twice.
put() { # target, file with the seed
    local sum
    sum=$(sha1sum "$2" | cut -c1-16)
    cp "$2" "corpus/$1/$sum"
}
put_text() { # target, text
    local tmp
    tmp=$(mktemp)
    printf '%s' "$2" > "$tmp"
    put "$1" "$tmp"
    rm -f "$tmp"
}

# Every command name and a few words to ask each about.
commands=$(sed -n 's/^name = "\(.*\)"/\1/p' $root/commands/*.toml | sort -u)
words() { cat $root/benches/queries/*.txt | awk 'NF' | head -n "${1:-60}"; }

# Form-encodes stdin (spaces, slashes, ampersands and the like), for Slack's forms.
urlencode() { python3 -c 'import sys,urllib.parse;print(urllib.parse.quote(sys.stdin.read().strip(),safe=""),end="")'; }

for target in "${targets[@]}"; do
    mkdir -p "corpus/$target"
    case $target in
    post)
        find "$shared/corpus" "$shared/seeds" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.txt' -o -name '*.html' \) \
            ! -name SOURCE.md ! -name LABELS.md ! -path '*/labels/*' -size -200k |
            while read -r f; do put post "$f"; done
        ;;
    data_files)
        # The first byte picks the file (mod 3): 0 emcee.toml, 1 community.toml, 2 an events/*.toml.
        for f in "$root/emcee.example.toml"; do put_text data_files "$(printf '\x03')$(cat "$f")"; done
        put_text data_files "$(printf '\x01')$(cat $root/data/community.toml)"
        for f in $root/data/events/*.toml; do put_text data_files "$(printf '\x02')$(cat "$f")"; done
        ;;
    command)
        for c in $commands; do
            put_text command "/$c"
            words 20 | while read -r w; do put_text command "/$c $w"; done
            put_text command "$c
query=$(words 1)
page=2"
            put_text command "$c	query	$(words 1 | cut -c1-3)"
        done
        put_text command "/talk kubernetes --page 2"
        ;;
    discord_interaction)
        put_text discord_interaction '{"type":1,"application_id":"1","token":"t"}'
        for c in $commands; do
            words 8 | while read -r w; do
                put_text discord_interaction "{\"type\":2,\"application_id\":\"1\",\"token\":\"t\",\"data\":{\"name\":\"$c\",\"options\":[{\"name\":\"query\",\"type\":3,\"value\":\"$w\"}]}}"
            done
            put_text discord_interaction "{\"type\":4,\"application_id\":\"1\",\"token\":\"t\",\"data\":{\"name\":\"$c\",\"options\":[{\"name\":\"query\",\"type\":3,\"value\":\"ku\",\"focused\":true}]}}"
            put_text discord_interaction "{\"type\":2,\"application_id\":\"1\",\"token\":\"t\",\"data\":{\"name\":\"$c\",\"options\":[{\"name\":\"page\",\"type\":4,\"value\":2}]}}"
        done
        ;;
    slack_command)
        put_text slack_command "ssl_check=1&token=x"
        for c in $commands; do
            words 8 | while read -r w; do
                put_text slack_command "token=x&team_id=T1&channel_id=C1&user_id=U1&command=%2F$c&text=$(printf '%s' "$w" | urlencode)&response_url=http%3A%2F%2F127.0.0.1%3A9%2Fr&trigger_id=1"
            done
            put_text slack_command "command=%2Femcee&text=$c"
        done
        ;;
    slack_interaction)
        # A click as Slack sends it: payload=<the block_actions JSON, URL-encoded>.
        click() { # action id
            local json="{\"type\":\"block_actions\",\"user\":{\"id\":\"U1\",\"name\":\"someone\"},\"team\":{\"id\":\"T1\"},\"channel\":{\"id\":\"C1\"},\"response_url\":\"http://127.0.0.1:9/r\",\"trigger_id\":\"1.2\",\"actions\":[{\"action_id\":\"$1\",\"block_id\":\"b\",\"type\":\"button\",\"value\":\"v\"}]}"
            put_text slack_interaction "payload=$(printf '%s' "$json" | urlencode)"
        }
        click "rsvp:going:cnl-2019-04"
        click "rsvp:not:cnl-2019-04"
        click "emcee_open_link"
        for c in $commands; do
            click "more:/$c kubernetes --page 2"
        done
        put_text slack_interaction "payload=%7B%22type%22%3A%22view_submission%22%7D"
        ;;
    calendar)
        for i in $(seq 1 16); do head -c $((i * 64)) /dev/urandom > "corpus/calendar/random-$i"; done
        ;;
    *)
        echo "unknown target $target" >&2
        exit 2
        ;;
    esac
    echo "$target: $(ls "corpus/$target" | wc -l) seeds"
done
