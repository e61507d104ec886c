"""Load and faults against a real gunicorn on loopback (issue 8), run by ``make soak``.

A fresh database (PostgreSQL when DATABASE_URL points at one, else an SQLite file) is migrated
and seeded in subprocesses; gunicorn serves it with two workers. A paced client sends mixed reads
and writes at a fixed rate for a fixed time (both bounded; it stops by itself). Writes are alerts
posted with an ingest key, each with its own source_ref, retried with the same source_ref when a
connection fails, so a write is 'accepted' once any attempt got 200/201. Afterwards every accepted
write is in the database exactly once.

In the fault run a gunicorn worker is killed with SIGKILL in the middle of the load; the master
starts a new one and the load continues: retries may be needed, but nothing accepted is lost or
duplicated and the service answers again by itself."""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RATE = int(os.environ.get("FANZHA_SOAK_RATE", "200"))  # requests per second
SECONDS = int(os.environ.get("FANZHA_SOAK_SECONDS", "60"))
WRITE_SHARE = 0.3

SEED = """
import django, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'fanzha.settings'
django.setup()
from django.contrib.sessions.backends.db import SessionStore
from fanzha.accounts.models import ApiKey
from fanzha.core.testing.world import build_world
world = build_world()
_, key = ApiKey.issue('soak', 'alerts:ingest', source='national')
session = SessionStore()
user = world.user('admin')
session['_auth_user_id'] = str(user.pk)
session['_auth_user_backend'] = 'fanzha.accounts.backends.FanzhaBackend'
session['_auth_user_hash'] = user.get_session_auth_hash()
session.set_expiry(3600)
session.save()
print(key)
print(session.session_key)
print(','.join(world.phones['east'] + world.phones['west']))
"""

COUNT = """
import django, os, json
os.environ['DJANGO_SETTINGS_MODULE'] = 'fanzha.settings'
django.setup()
from fanzha.alerts.models import Alert, Task
refs = [a for a in Alert.objects.values_list('source_ref', flat=True)]
print(json.dumps({'alerts': refs, 'tasks': Task.objects.count()}))
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        FANZHA_MODE="dev",
        FANZHA_DEBUG="0",
        FANZHA_DATA_DIR=str(tmp_path / "data"),
        FANZHA_KEY_FILE=str(tmp_path / "keys"),
        FANZHA_LOG_LEVEL="WARNING",
        FANZHA_SESSION_IDLE_MINUTES="120",
    )
    url = os.environ.get("DATABASE_URL", "")
    dbname = None
    if url.startswith("postgres"):
        import psycopg

        dbname = f"soak_{uuid.uuid4().hex[:8]}"
        admin = url.rsplit("/", 1)[0] + "/postgres"
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{dbname}"')
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + dbname
    else:
        env["DATABASE_URL"] = ""
    py = sys.executable
    subprocess.run([py, "-m", "fanzha", "migrate", "-v", "0"], env=env, check=True, cwd=ROOT)
    seeded = subprocess.run(
        [py, "-c", SEED], env=env, check=True, cwd=ROOT, capture_output=True, text=True
    ).stdout.split()
    yield env, seeded[0], seeded[1], seeded[2].split(",")
    if dbname:
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def start_gunicorn(env, port):
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "fanzha.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "2",
            "--threads",
            "4",
            "--timeout",
            "30",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/health/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("gunicorn did not start")


def worker_pids(master: int) -> list[int]:
    out = subprocess.run(["pgrep", "-P", str(master)], capture_output=True, text=True).stdout
    return [int(p) for p in out.split()]


class Load:
    """A paced client: RATE requests a second from a pool of threads, for SECONDS."""

    def __init__(self, port, key, session, phones):
        self.port, self.key, self.session, self.phones = port, key, session, phones
        self.accepted: set[str] = set()
        self.statuses: Counter[str] = Counter()
        self.errors: list[str] = []
        self.lock = threading.Lock()
        self.sent = 0

    def request(self, method, path, body=None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            response = conn.getresponse()
            response.read()
            return response.status
        finally:
            conn.close()

    def write(self, n):
        ref = f"soak-{n}"
        body = json.dumps(
            {
                "source_ref": ref,
                "level": "high",
                "target_phone": self.phones[n % len(self.phones)],
                "contact": "+8617000000000",
                "fraud_type": "SDFL",
            }
        )
        headers = {"Authorization": f"Bearer {self.key}", "Content-Type": "application/json"}
        for attempt in range(5):
            try:
                status = self.request("POST", "/api/v1/alerts", body, headers)
            except OSError as exc:  # a killed worker drops its connections: retry, same ref
                with self.lock:
                    self.statuses[f"retry:{exc.__class__.__name__}"] += 1
                time.sleep(0.2 * (attempt + 1))
                continue
            with self.lock:
                self.statuses[str(status)] += 1
                if status in (200, 201):
                    self.accepted.add(ref)
                else:
                    self.errors.append(f"POST {ref}: {status}")
            return
        with self.lock:
            self.errors.append(f"POST {ref}: gave up")

    def read(self, n):
        path = [
            "/health/",
            "/api/v1/people/residents",
            "/people/residents/",
            "/api/v1/registrations/totals",
        ][n % 4]
        headers = {"Cookie": f"sessionid={self.session}"}
        for attempt in range(5):
            try:
                status = self.request("GET", path, headers=headers)
            except OSError:
                with self.lock:
                    self.statuses["retry:read"] += 1
                time.sleep(0.2 * (attempt + 1))
                continue
            with self.lock:
                self.statuses[str(status)] += 1
                if status != 200:
                    self.errors.append(f"GET {path}: {status}")
            return
        with self.lock:
            self.errors.append(f"GET {path}: gave up")

    def run(self, during=None):
        total = RATE * SECONDS
        threads: list[threading.Thread] = []
        start = time.monotonic()
        for n in range(total):
            # Pace: request n leaves at start + n / RATE.
            delay = start + n / RATE - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            if during is not None and n == total // 2:
                during()
            is_write = (n * 7919) % 100 < WRITE_SHARE * 100
            t = threading.Thread(target=self.write if is_write else self.read, args=(n,))
            t.start()
            threads.append(t)
            threads = [x for x in threads if x.is_alive()]
            if len(threads) > 400:
                raise AssertionError("the server fell too far behind the offered load")
        for t in threads:
            t.join(timeout=60)
        return time.monotonic() - start


def stored(env) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", COUNT], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out)


@pytest.mark.soak
def test_mixed_load_has_no_errors_and_loses_no_write(environment):
    env, key, session, phones = environment
    port = free_port()
    server = start_gunicorn(env, port)
    try:
        load = Load(port, key, session, phones)
        elapsed = load.run()
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"{RATE * SECONDS} requests in {elapsed:.1f} s: {dict(load.statuses)}")
    assert load.errors == []
    assert not any(k.startswith("retry") for k in load.statuses), load.statuses
    db = stored(env)
    assert sorted(db["alerts"]) == sorted(load.accepted)
    assert db["tasks"] == len(load.accepted)


@pytest.mark.soak
def test_a_killed_web_worker_loses_and_duplicates_nothing(environment):
    env, key, session, phones = environment
    port = free_port()
    server = start_gunicorn(env, port)
    killed: list[int] = []

    def kill_a_worker():
        pids = worker_pids(server.pid)
        assert pids, "no gunicorn workers found"
        os.kill(pids[0], signal.SIGKILL)
        killed.append(pids[0])

    try:
        load = Load(port, key, session, phones)
        load.run(during=kill_a_worker)
        # The service recovers by itself: the master has started a replacement.
        assert load.request("GET", "/health/") == 200
        assert killed and killed[0] not in worker_pids(server.pid)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    print(f"after kill -9: {dict(load.statuses)}")
    assert load.errors == []
    db = stored(env)
    refs = db["alerts"]
    assert len(refs) == len(set(refs)), "an alert was stored twice"
    assert set(refs) == load.accepted
    assert db["tasks"] == len(refs), "a task was created twice or lost"
