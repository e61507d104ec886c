#!/usr/bin/env bash
# Run every benchmark under bench/ (or those named: `make bench BENCH="lookup risk"`), each
# printing a JSON line last. PostgreSQL benchmarks create and drop a database of their own.
set -uo pipefail
cd "$(dirname "$0")/.."
if ! PG_URL=$(bash scripts/postgres-url.sh); then
  echo "PostgreSQL is needed for the benchmarks (set DATABASE_URL or run a local server)"; exit 1
fi
BASE="${PG_URL%/*}"
status=0
for name in ${BENCH:-import_residents lookup alerts risk notices prints assessment baobao dashboard detect audit audit_purge}; do
  echo "== bench/$name.py"
  # Each benchmark gets its own database name; none may use a shared one.
  DATABASE_URL="$BASE/bench_$name" .venv/bin/python "bench/$name.py" || status=1
done
exit $status
