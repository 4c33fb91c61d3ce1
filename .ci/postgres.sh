#!/usr/bin/env bash
# A PostgreSQL for the tests: uses the server that answers on 127.0.0.1 when it lets the
# postgres user in without a password, and otherwise installs Debian's packages (when missing)
# and starts a throw-away cluster of its own, trusted on loopback only. Prints the URL of a
# database for the tests (EMCEE_TEST_DATABASE_URL); each test makes its own database under it.
#   eval "$(.ci/postgres.sh)"   # exports EMCEE_TEST_DATABASE_URL
set -euo pipefail
log() { echo "postgres.sh: $*" >&2; }

port=${EMCEE_TEST_PG_PORT:-5432}
db=emcee_test

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  log "installing Debian's postgresql"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends postgresql >&2
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
fi

answers() { "$bin/psql" "postgres://postgres@127.0.0.1:$1/postgres" -Atqc 'select 1' >/dev/null 2>&1; }

if ! answers "$port"; then
  if "$bin/pg_isready" -q -h 127.0.0.1 -p "$port" 2>/dev/null; then
    # Something else holds the port (a server that wants a password): run beside it.
    port=55432
  fi
  if ! answers "$port"; then
    data=${EMCEE_TEST_PG_DATA:-/tmp/emcee-test-pg}
    as_postgres=()
    if [ "$(id -u)" = 0 ]; then
      id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql postgres
      as_postgres=(runuser -u postgres --)
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
      mkdir -p "$data"
      [ "$(id -u)" = 0 ] && chown postgres "$data"
      log "initdb $data"
      "${as_postgres[@]}" "$bin/initdb" -D "$data" -U postgres -A trust >/dev/null
    fi
    log "starting a cluster on 127.0.0.1:$port"
    "${as_postgres[@]}" "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w \
      -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c max_connections=300 -c fsync=off" \
      start >&2
  fi
fi

base="postgres://postgres@127.0.0.1:$port"
if [ -z "$("$bin/psql" "$base/postgres" -Atqc "select 1 from pg_database where datname = '$db'")" ]; then
  "$bin/psql" "$base/postgres" -qc "create database $db" >&2
fi
echo "export EMCEE_TEST_DATABASE_URL=$base/$db"
