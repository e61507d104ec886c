"""Micro-benchmark: Python CPU per alert of the bulk import's reader side, no database.

Writes a JSON Lines file of N alerts the way ``bench/alerts.py`` does (``write_alerts``), then
runs what the import's reader process runs for it: read and parse each line (``_rows``),
validate and seal (``intake.prepare``), turn each chunk into COPY text (``Batch.freeze``), and
pickle the frozen chunk as the queue to the storing process does. Each phase is measured with
``time.process_time`` (CPU, not wall clock: the machine is shared) over several rounds.

Run:  .venv/bin/python bench/prepare.py [N] [ROUNDS]      (default 100,000 lines, 5 rounds)
Prints one line per round, then one JSON line with the median and best µs per item.
"""

from __future__ import annotations

import json
import os
import pickle
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
CHUNK = 10_000


def setup(scratch: Path) -> None:
    os.environ.update(
        {
            "FANZHA_KEY_FILE": str(scratch / "keys"),
            "FANZHA_MODE": "dev",
            "FANZHA_DEBUG": "0",
            "FANZHA_DATA_DIR": str(scratch / "data"),
            "FANZHA_LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "fanzha.settings",
        }
    )
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()


def one_round(path: Path) -> dict[str, float]:
    from fanzha.alerts.importing import _batches, _rows

    # Reading alone (json.loads per line), for the split.
    t0 = time.process_time()
    count = sum(1 for _ in _rows(path, "jsonl"))
    read = time.process_time() - t0

    # The reader process's whole loop, as ``_Reader`` runs it, with the queue's pickling.
    prepare = pickled = 0.0
    size = 0
    t0 = time.process_time()
    batches = _batches(path, "jsonl", CHUNK, None, freeze=True)
    while True:
        t1 = time.process_time()
        batch = next(batches, None)
        t2 = time.process_time()
        if batch is None:
            break
        prepare += t2 - t1
        data = pickle.dumps(batch, protocol=pickle.HIGHEST_PROTOCOL)
        size += len(data)
        pickled += time.process_time() - t2
        assert not batch.rejected, batch.rejected[:1]
    total = time.process_time() - t0
    us = 1e6 / count
    return {
        "read_us": round(read * us, 2),
        "read_prepare_freeze_us": round(prepare * us, 2),
        "pickle_us": round(pickled * us, 2),
        "total_us": round(total * us, 2),
        "pickle_bytes_per_item": round(size / count, 1),
    }


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    with tempfile.TemporaryDirectory(prefix="bench-prepare-") as tmp:
        scratch = Path(tmp)
        setup(scratch)
        from alerts import write_alerts

        phones = [f"13{i // 100_000_000 % 10}{i % 100_000_000:08d}" for i in range(n)]
        path = scratch / "alerts.jsonl"
        write_alerts(path, phones, n, "bench")
        results = []
        for r in range(rounds):
            result = one_round(path)
            print(f"round {r + 1}: {result}", flush=True)
            results.append(result)
    summary: dict[str, object] = {"items": n, "rounds": rounds, "chunk": CHUNK}
    for name in results[0]:
        values = [r[name] for r in results]
        summary[f"{name}_median"] = round(statistics.median(values), 2)
        summary[f"{name}_best"] = min(values)
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
