#!/usr/bin/env bash
# Load and fault tests (soak/, issue 8): gunicorn, the worker and the importer as real processes
# on loopback, against a throw-away PostgreSQL cluster the suite starts itself (initdb/pg_ctl on a
# free port, removed afterwards; never the machine's shared server, because one test stops it).
# Bounded: FANZHA_SOAK_RATE requests/s (200) for FANZHA_SOAK_SECONDS (60) per run, and a hard
# FANZHA_SOAK_TIMEOUT (seconds, 1200) for the whole suite.
set -uo pipefail
cd "$(dirname "$0")/.."
export FANZHA_MODE=test
unset DATABASE_URL
exec timeout --kill-after=30 "${FANZHA_SOAK_TIMEOUT:-1200}" \
  .venv/bin/pytest -q -p no:randomly -s soak "$@"
