#!/usr/bin/env bash
# The whole suite: static checks, then pytest on SQLite, then pytest on PostgreSQL.
# With CI=true a missing browser or database fails the run instead of skipping.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export FANZHA_MODE=test
status=0
step() { echo; echo "== $*"; }

step "ruff"; $BIN/ruff check fanzha bench soak && $BIN/ruff format --check fanzha bench soak || status=1
step "mypy (no new errors over mypy-baseline.txt)"; $BIN/python scripts/mypy_baseline.py || status=1
step "makemigrations --check"; $BIN/fanzha makemigrations --check --dry-run || status=1
step "translations"; bash scripts/messages.sh --check || status=1

PYTEST_ARGS=(-q -p no:randomly --durations=15 "$@")
if $BIN/python -c "import xdist" 2>/dev/null; then PYTEST_ARGS+=(-n "${FANZHA_TEST_WORKERS:-2}"); fi

step "pytest on SQLite"
DATABASE_URL= $BIN/pytest "${PYTEST_ARGS[@]}" || status=1

step "pytest on PostgreSQL"
if PG_URL=$(bash scripts/postgres-url.sh); then
  DATABASE_URL="$PG_URL" FANZHA_EXPECT_POSTGRES=1 $BIN/pytest "${PYTEST_ARGS[@]}" || status=1
else
  if [[ "${CI:-}" == "true" ]]; then echo "PostgreSQL is not available (CI=true): failing"; status=1
  else echo "SKIPPED: PostgreSQL is not available; install it or set DATABASE_URL"; fi
fi
exit $status
