"""Faults of real processes under load (issue 8), run by ``make soak``.

While the paced client (soak/load.py) keeps up its mixed load against gunicorn:

* the alert importer (``fanzha alerts import FILE``) is killed with SIGKILL mid-file and run
  again, and the background worker (``fanzha worker``) is killed with SIGKILL while it sends the
  warnings of the outbox, then started again: every alert, accepted over HTTP or from the file,
  is stored once with one task and one warning, and every warning reaches the SMS gateway;
* the suite's own PostgreSQL is stopped (``pg_ctl stop -m fast``) for 10 seconds and started
  again: requests during the outage get a clean 503 (Chinese page, JSON under ``/api/``), never a
  500 or a dropped connection; every write that got a 2xx is stored, writes answered 503 are sent
  again afterwards and stored once; gunicorn and the worker recover without being restarted.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from soak.conftest import FANZHA, ROOT, SECONDS, Site, wait_until
from soak.test_load import assert_stored_once, worker_pids

pytestmark = pytest.mark.soak

IMPORT_ROWS = int(os.environ.get("FANZHA_SOAK_IMPORT_ROWS", "6000"))
OUTAGE_SECONDS = 10


def write_import_file(path: Path, count: int) -> None:
    with path.open("w") as handle:
        for i in range(count):
            row = {
                "source": "provincial",
                "source_ref": f"imp-{i}",
                "level": "medium",
                "target_phone": f"13{i % 10}{i:08d}",
                "fraud_type": "SDFL",
            }
            handle.write(json.dumps(row) + "\n")


def imported(site: Site) -> int:
    return int(site.value("SELECT count(*) FROM alerts_alert WHERE source = 'provincial'"))


def sent(site: Site) -> int:
    return int(
        site.value(
            "SELECT count(*) FROM notifications_notification"
            " WHERE purpose = 'alert_warning' AND status = 'sent'"
        )
    )


def test_killed_importer_and_worker_lose_and_duplicate_nothing(site: Site, rate: int) -> None:
    path = site.tmp / "alerts.jsonl"
    write_import_file(path, IMPORT_ROWS)
    server, port = site.start_gunicorn()
    workers = [site.start_worker()]
    events: list[str] = []

    def kill_the_importer_mid_file() -> None:
        proc = site.spawn("import", [FANZHA, "alerts", "import", str(path), "--chunk", "250"])
        wait_until(lambda: imported(site) >= IMPORT_ROWS // 4, 120, "the importer to store rows")
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        partial = imported(site)
        events.append(f"importer killed after {partial} of {IMPORT_ROWS} rows")
        assert partial < IMPORT_ROWS, "the importer finished before it could be killed"
        again = subprocess.run(
            [FANZHA, "alerts", "import", str(path), "--json"], env=site.env, cwd=ROOT,
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        assert again.returncode == 0, again.stderr[-2000:]
        report = json.loads(again.stdout)
        events.append(f"re-run: {report}")
        assert report["created"] + report["duplicates"] == IMPORT_ROWS, report
        assert report["duplicates"] >= partial, report

    def kill_the_worker_mid_outbox() -> None:
        start = len(site.sms_files())
        wait_until(lambda: len(site.sms_files()) > start + 200, 120, "the worker to send SMS")
        os.kill(workers[0].pid, signal.SIGKILL)
        workers[0].wait()
        events.append(f"worker killed after {len(site.sms_files())} SMS")
        time.sleep(1)
        workers.append(site.start_worker())

    load = site.load(port, rate, SECONDS)
    report = load.run(
        faults={
            SECONDS * 0.1: kill_the_importer_mid_file,
            SECONDS * 0.2: kill_the_worker_mid_outbox,
        }
    )
    print(f"\nimporter and worker killed under load: {report.summary()}\n" + "\n".join(events))
    assert report.fault_errors == [], report.fault_errors
    bad = report.failures()
    assert not bad, f"{len(bad)} requests failed, e.g. {bad[:3]}\n{site.log_tail('gunicorn')}"
    assert server.poll() is None, "gunicorn exited"
    # The restarted worker sends what the killed one had claimed once its lease runs out.
    expected = len(report.accepted) + IMPORT_ROWS
    wait_until(lambda: sent(site) >= expected, 300, f"all {expected} warnings to be sent")
    assert workers[-1].poll() is None, f"the worker exited:\n{site.log_tail('worker')}"
    db = assert_stored_once(site, report.accepted, extra=IMPORT_ROWS)
    assert db["sent"] == db["warnings"]
    files = site.sms_files()
    keys = {json.loads(f.read_text())["key"] for f in files}
    assert len(files) == len(keys) == db["warnings"], "a warning was sent twice or not at all"
    assert not list(site.sms_dir.glob(".*.tmp")), "a half-written SMS was left behind"


# What Django logs for each request answered 503 during the outage (logged before the 503).
OUTAGE_ERRORS = ("django.db.utils.OperationalError", "django.db.utils.InterfaceError")


def test_a_postgres_outage_gives_503s_and_the_service_recovers_by_itself(
    site: Site, rate: int
) -> None:
    server, port = site.start_gunicorn()
    worker = site.start_worker()
    web_workers = worker_pids(server.pid)
    outage: dict[str, float] = {}
    probes: dict[str, tuple[int, str, bytes]] = {}
    load = site.load(port, rate, SECONDS)

    def stop_postgres_for_ten_seconds() -> None:
        outage["stop"] = time.monotonic() - load.start
        site.cluster.stop("fast")
        outage["stopped"] = time.monotonic() - load.start
        time.sleep(2)
        for name, path, headers in [
            ("page", "/people/residents/", {"Cookie": f"sessionid={site.sessions[0]}"}),
            ("api", "/api/v1/people/residents", {"Cookie": f"sessionid={site.sessions[0]}"}),
        ]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            probes[name] = (
                response.status,
                response.getheader("Content-Type", ""),
                response.read(),
            )
            conn.close()
        time.sleep(max(0.0, outage["stopped"] + OUTAGE_SECONDS - (time.monotonic() - load.start)))
        site.cluster.start()
        outage["started"] = time.monotonic() - load.start

    report = load.run(faults={SECONDS * 0.3: stop_postgres_for_ten_seconds})
    print(f"\nPostgreSQL stopped for {OUTAGE_SECONDS} s under load: {report.summary()}; {outage}")
    assert report.fault_errors == [], report.fault_errors
    # Clean failures only: 503, never a 500 or a dropped connection.
    bad = report.failures(allowed=(200, 201, 503))
    unexpected = site.errors("gunicorn", expected=OUTAGE_ERRORS)
    assert not bad, f"{len(bad)} requests failed otherwise than 503, e.g. {bad[:3]}\n{unexpected}"
    unavailable = [o for o in report.outcomes if o.status == 503]
    assert unavailable, "no request noticed the outage"
    # 503s only around the outage: the service recovers by itself within 5 s of the restart.
    late = [o for o in unavailable if not outage["stop"] - 1 <= o.at <= outage["started"] + 5]
    assert not late, f"{len(late)} requests got 503 outside the outage, e.g. {late[:3]}"
    page_status, page_type, page = probes["page"]
    assert page_status == 503 and page_type.startswith("text/html"), probes["page"]
    assert "服务暂时不可用" in page.decode(), page.decode()
    api_status, api_type, api = probes["api"]
    assert api_status == 503 and api_type == "application/json", probes["api"]
    assert json.loads(api)["error"] == "service_unavailable"
    # Nobody was restarted: the same web workers and the same background worker serve on.
    assert server.poll() is None and worker_pids(server.pid) == web_workers
    assert worker.poll() is None, f"the worker exited:\n{site.log_tail('worker')}"
    wait_until(
        lambda: site.value("SELECT max(seen_at) > now() - interval '5 seconds'"
                           " FROM core_workerheartbeat"),
        30, "the worker's heartbeat after the outage",
    )  # fmt: skip
    # The upstream system sends again what was answered 503; each is stored once.
    retried = load.resend_unavailable()
    print(f"{len(retried)} writes answered 503 were sent again")
    assert all(status in (200, 201) for status in retried.values()), retried
    assert_stored_once(site, report.accepted)
