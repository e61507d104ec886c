"""Crash tests: real processes (the importer, gunicorn, the worker) against a real database,
killed with SIGKILL mid-work and run again. Nothing is lost, nothing is stored or sent twice.

They use their own database: a SQLite file, or, when DATABASE_URL points at PostgreSQL, a
database of their own on that server (created and dropped here)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from fanzha.core.testing.processes import (
    FANZHA,
    ROOT,
    Installation,
    free_port,
    installation,
    wait_until,
)

pytestmark = pytest.mark.slow


class Site(Installation):
    """An installation whose alert, task and outbox counts the crash tests compare."""

    def counts(self) -> dict[str, int]:
        return json.loads(
            self.python(
                "import json\n"
                "from fanzha.alerts.models import Alert, Task\n"
                "from fanzha.notifications.models import Notification\n"
                "from django.db.models import Count\n"
                "print(json.dumps({'alerts': Alert.objects.count(),"
                " 'refs': Alert.objects.values('source', 'source_ref').distinct().count(),"
                " 'tasks': Task.objects.count(),"
                " 'task_alerts': Task.objects.values('alert_id').distinct().count(),"
                " 'warnings': Notification.objects.filter(purpose='alert_warning').count(),"
                " 'sent': Notification.objects.filter(status='sent').count()}))"
            )
        )


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    with installation(tmp_path, "alerts_crash", Site) as s:
        yield s


def _write_alerts(path: Path, count: int, prefix: str) -> None:
    with path.open("w") as handle:
        for i in range(count):
            handle.write(
                json.dumps(
                    {
                        "source": "national",
                        "source_ref": f"{prefix}-{i}",
                        "level": "medium",
                        "target_phone": f"13{i % 10}{i:08d}",
                        "fraud_type": "SDFL",
                    }
                )
                + "\n"
            )


def test_killing_the_importer_loses_and_duplicates_nothing(site: Site) -> None:
    # Large enough, and watched closely enough, that the (two-writer) importer cannot finish
    # the file between a look at the counts and the kill.
    total = 80_000
    path = site.tmp / "alerts.jsonl"
    _write_alerts(path, total, "imp")
    for attempt in range(2):
        proc = subprocess.Popen(
            [FANZHA, "alerts", "import", str(path), "--chunk", "500"],
            env=site.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Let it store part of the file, then kill it without warning.
        wait_until(
            lambda a=attempt: site.counts()["alerts"] > 2000 * (a + 1),
            120,
            "the importer to store some alerts",
            every=0.02,
        )
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        partial = site.counts()
        assert partial["alerts"] < total
        assert partial["alerts"] == partial["tasks"] == partial["warnings"]
    done = site.run("alerts", "import", str(path), "--json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["created"] + report["duplicates"] == total
    assert report["duplicates"] >= partial["alerts"]
    final = site.counts()
    assert final["alerts"] == final["refs"] == total
    assert final["tasks"] == final["task_alerts"] == total
    assert final["warnings"] == total


def _start_gunicorn(site: Site, port: int) -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "fanzha.wsgi",
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--graceful-timeout",
            "1",
        ],
        env=site.env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )

    def up() -> bool:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/openapi.json", timeout=2)
            return True
        except (urllib.error.URLError, OSError):
            return False

    wait_until(up, 60, "gunicorn to start")
    return proc


def _post_batch(port: int, key: str, items: list[dict]) -> dict | None:
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/api/v1/alerts/batch",
        data=json.dumps({"items": items}).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return json.loads(response.read())
    except (urllib.error.URLError, OSError, ConnectionError):
        return None


def test_killing_the_web_server_loses_and_duplicates_nothing(site: Site) -> None:
    key = site.python(
        "from fanzha.accounts.models import ApiKey\n"
        "print(ApiKey.issue('crash', 'alerts:ingest', source='bank')[1])"
    )
    batches = [
        [
            {"source_ref": f"web-{b}-{i}", "level": "high", "target_phone": f"139{b:04d}{i:04d}"}
            for i in range(200)
        ]
        for b in range(40)
    ]
    port = free_port()
    server = _start_gunicorn(site, port)
    acknowledged: set[str] = set()
    killed = False
    for number, batch in enumerate(batches):
        if number == 12 and not killed:
            # Kill master and workers mid-stream, then bring the server back.
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
            killed = True
            server = _start_gunicorn(site, port)
        reply = _post_batch(port, key, batch)
        if reply is not None:
            acknowledged.update(
                batch[r["index"]]["source_ref"]
                for r in reply["results"]
                if r["status"] in ("created", "duplicate")
            )
    try:
        # The upstream system retries everything it is unsure of: all batches again.
        for batch in batches:
            reply = _post_batch(port, key, batch)
            assert reply is not None
            acknowledged.update(batch[r["index"]]["source_ref"] for r in reply["results"])
    finally:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
    final = site.counts()
    assert len(acknowledged) == 8000
    assert final["alerts"] == final["refs"] == 8000
    assert final["tasks"] == final["task_alerts"] == final["warnings"] == 8000


def test_killing_the_worker_sends_every_warning_exactly_once(site: Site) -> None:
    total = 6000
    path = site.tmp / "alerts.jsonl"
    _write_alerts(path, total, "wrk")
    assert site.run("alerts", "import", str(path)).returncode == 0
    for _ in range(2):
        worker = subprocess.Popen(
            [FANZHA, "worker", "--no-tasks", "--tick", "0.2"],
            env=site.env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        before = len(list(site.sms_dir.glob("*.json"))) if site.sms_dir.exists() else 0
        wait_until(
            lambda b=before: (
                site.sms_dir.exists() and len(list(site.sms_dir.glob("*.json"))) > b + 500
            ),
            120,
            "the worker to send some messages",
        )
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()
        assert len(list(site.sms_dir.glob("*.json"))) < total
    # Rows the killed worker had claimed are picked up once their 5-second lease runs out.
    time.sleep(6)
    deadline = time.monotonic() + 240
    while site.counts()["sent"] < total and time.monotonic() < deadline:
        run = site.run("worker", "--once")
        assert run.returncode == 0, run.stderr
    files = list(site.sms_dir.glob("*.json"))
    keys = [json.loads(f.read_text())["key"] for f in files]
    assert len(files) == len(set(keys)) == total
    assert site.counts()["sent"] == total
    assert not list(site.sms_dir.glob(".*.tmp"))
