#!/usr/bin/env bash
# Update every app's zh_Hans catalogue from its code and compile it (default), or check it
# (--check: nothing untranslated, fuzzy, stale or missing).
set -euo pipefail
cd "$(dirname "$0")/.."
case "${1:-}" in
  --check) exec .venv/bin/python -m fanzha.core.i18n_check ;;
  "") exec .venv/bin/python -m fanzha.core.i18n_check --update ;;
  *) echo "usage: $0 [--check]  (no argument: update and compile every catalogue)" >&2; exit 2 ;;
esac
