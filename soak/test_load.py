"""Load against a real gunicorn on loopback (issue 8), run by ``make soak``.

gunicorn serves a fresh database with the deployed configuration (deploy/gunicorn.conf.py) while
the background worker runs, as in production. A paced client (soak/load.py) sends mixed reads and
writes at ``FANZHA_SOAK_RATE`` requests a second (or what a probe shows the machine carries,
see soak.conftest.soak_rate) for ``FANZHA_SOAK_SECONDS`` (bounded; it stops
by itself, and fails at once when the server falls behind). Afterwards every accepted write is in
the database exactly once, with its task and its warning.

In the second run a gunicorn worker is killed with SIGKILL mid-load; the master starts a new one
and the load goes on: retries may be needed, but nothing accepted is lost or duplicated and the
service answers again by itself.
"""

from __future__ import annotations

import os
import signal
import subprocess

import pytest

from soak.conftest import SECONDS, Site, wait_until

pytestmark = pytest.mark.soak


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return sorted(int(p) for p in out.split())


def assert_stored_once(site: Site, accepted: set[str], extra: int = 0) -> dict:
    """Every accepted write is stored once with one task and one warning; nothing else is."""
    db = site.counts()
    refs = db["refs"]
    assert len(refs) == len(set(refs)), "an alert was stored twice"
    lost = accepted - set(refs)
    assert not lost, f"{len(lost)} accepted writes are missing, e.g. {sorted(lost)[:5]}"
    assert db["alerts"] == db["distinct_refs"] == len(accepted) + extra, db
    assert db["tasks"] == db["task_alerts"] == db["alerts"], "a task was created twice or lost"
    assert db["warnings"] == db["warning_keys"] == db["alerts"], "a warning was queued twice"
    return db


def test_mixed_load_has_no_errors_and_loses_no_write(site: Site, rate: int) -> None:
    server, port = site.start_gunicorn()
    site.start_worker()
    load = site.load(port, rate, SECONDS)
    report = load.run()
    print(f"\nmixed load: {report.summary()}")
    bad = report.failures()
    assert not bad, f"{len(bad)} requests failed, e.g. {bad[:3]}\n{site.log_tail('gunicorn')}"
    assert report.retried() == 0, "requests needed retries without any fault"
    assert server.poll() is None, "gunicorn exited"
    assert_stored_once(site, report.accepted)


def test_a_killed_web_worker_loses_and_duplicates_nothing(site: Site, rate: int) -> None:
    server, port = site.start_gunicorn()
    site.start_worker()
    before = worker_pids(server.pid)
    killed: list[int] = []

    def kill_a_web_worker() -> None:
        os.kill(before[0], signal.SIGKILL)
        killed.append(before[0])

    load = site.load(port, rate, SECONDS)
    report = load.run(faults={SECONDS / 2: kill_a_web_worker})
    print(f"\nafter kill -9 of a web worker: {report.summary()}")
    assert report.fault_errors == []
    bad = report.failures()
    assert not bad, f"{len(bad)} requests failed, e.g. {bad[:3]}\n{site.log_tail('gunicorn')}"
    # The service recovers by itself: the master has started a replacement.
    after = wait_until(lambda: len(worker_pids(server.pid)) == len(before) and
                       worker_pids(server.pid), 30, "gunicorn to replace the worker")  # fmt: skip
    assert killed[0] not in after
    assert load.request("GET", "/health/")[0] == 200
    assert_stored_once(site, report.accepted)
