#!/usr/bin/env bash
# Update every app's zh_Hans catalogue from its code and compile it (default), or check it
# (--check: nothing untranslated, fuzzy, stale or missing).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${1:-}" == "--check" ]]; then exec .venv/bin/python -m fanzha.core.i18n_check; fi
exec .venv/bin/python -m fanzha.core.i18n_check --update
