"""Run mypy and fail only on errors not in the committed baseline (paperless-ngx style: the
baseline may only shrink). ``--update`` rewrites the baseline after errors were fixed.

Errors are compared without line numbers, so moving code does not count as a new error; a
second copy of the same error in the same file does."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
_LINE = re.compile(r"^(?P<path>[^:]+):\d+(?::\d+)?: error: (?P<msg>.*)$")


def current() -> Counter[str]:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "fanzha",
            "--no-error-summary",
            "--hide-error-context",
            "--no-pretty",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    errors: Counter[str] = Counter()
    for line in result.stdout.splitlines():
        match = _LINE.match(line)
        if match:
            errors[f"{match['path']}: {match['msg']}"] += 1
    if result.returncode not in (0, 1):
        print(result.stdout, result.stderr)
        raise SystemExit("mypy did not run")
    return errors


def main() -> int:
    errors = current()
    if "--update" in sys.argv:
        BASELINE.write_text("".join(f"{e}\n" for e in sorted(errors.elements())))
        print(f"mypy baseline: {sum(errors.values())} errors recorded")
        return 0
    known: Counter[str] = (
        Counter(line for line in BASELINE.read_text().splitlines() if line)
        if BASELINE.exists()
        else Counter()
    )
    new = errors - known
    fixed = known - errors
    for error in sorted(new.elements()):
        print(f"new: {error}")
    if fixed:
        print(
            f"{sum(fixed.values())} baseline errors are fixed: run "
            "`python scripts/mypy_baseline.py --update` to shrink the baseline"
        )
    print(f"mypy: {sum(errors.values())} errors, {sum(new.values())} new")
    return 1 if new else 0


if __name__ == "__main__":
    sys.exit(main())
