#!/usr/bin/env bash
# Load and fault tests (soak/): gunicorn on loopback against PostgreSQL when one can be had,
# else SQLite. Bounded by FANZHA_SOAK_RATE (requests/s) and FANZHA_SOAK_SECONDS.
set -uo pipefail
cd "$(dirname "$0")/.."
export FANZHA_MODE=test
if PG_URL=$(bash scripts/postgres-url.sh); then export DATABASE_URL="$PG_URL"; fi
exec .venv/bin/pytest -q -p no:randomly -s soak "$@"
