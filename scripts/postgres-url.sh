#!/usr/bin/env bash
# Print a DATABASE_URL for a PostgreSQL server the tests can use.
# 1. $DATABASE_URL if set; 2. the local server at 127.0.0.1:5432; 3. a throw-away cluster this
# script starts under var/pgtest (initdb/pg_ctl, as the postgres user when run as root).
# Prints nothing (exit 1) when none can be had.
set -euo pipefail
if [[ -n "${DATABASE_URL:-}" && "${DATABASE_URL}" == postgres* ]]; then echo "$DATABASE_URL"; exit 0; fi
ready() { command -v pg_isready >/dev/null && pg_isready -q -h 127.0.0.1 -p "$1"; }
if ready 5432; then echo "postgres://postgres@127.0.0.1:5432/fanzha"; exit 0; fi
# Try the distribution's own cluster first (Debian's pg_ctlcluster), then our own.
if command -v pg_ctlcluster >/dev/null && ls /etc/postgresql >/dev/null 2>&1; then
  for v in $(ls /etc/postgresql); do pg_ctlcluster --skip-systemctl-redirect "$v" main start >/dev/null 2>&1 || true; done
  for _ in $(seq 1 20); do ready 5432 && { echo "postgres://postgres@127.0.0.1:5432/fanzha"; exit 0; }; sleep 0.5; done
fi
BINDIR=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[[ -n "$BINDIR" && -x "$BINDIR/initdb" ]] || exit 1
DIR="$(pwd)/var/pgtest"; PORT=55432
run() { if [[ $(id -u) -eq 0 ]]; then su postgres -s /bin/bash -c "$*"; else bash -c "$*"; fi; }
mkdir -p "$DIR"; [[ $(id -u) -eq 0 ]] && chown -R postgres "$DIR"
[[ -f "$DIR/PG_VERSION" ]] || run "$BINDIR/initdb -D $DIR -U postgres --auth=trust -E UTF8 >/dev/null"
ready $PORT || run "$BINDIR/pg_ctl -D $DIR -o '-p $PORT -k /tmp -c listen_addresses=127.0.0.1' -l $DIR/log -w start >/dev/null"
ready $PORT && echo "postgres://postgres@127.0.0.1:$PORT/fanzha"
