"""The soak suite (``make soak``): real processes on loopback, bounded in time and requests.

The suite owns its PostgreSQL: a throw-away cluster (initdb/pg_ctl, as the ``postgres`` user
when run as root) in a temporary directory on a port of its own, never the machine's shared
server, because one test stops it mid-load. Each test gets a fresh database in that cluster, an
installation directory (keys, SMS files, logs) and helpers to start gunicorn with
``deploy/gunicorn.conf.py``, the background worker and the alert importer.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fanzha.core.testing.processes import free_port
from soak.load import Load

ROOT = Path(__file__).resolve().parent.parent
FANZHA = str(ROOT / ".venv" / "bin" / "fanzha")


def wait_until(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class Cluster:
    """A PostgreSQL cluster of the suite's own: initdb, start, stop (for the outage test)."""

    def __init__(self) -> None:
        bindirs = sorted(
            Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name)
        )
        found = [d for d in bindirs if (d / "initdb").exists()]
        initdb = shutil.which("initdb")
        if found:
            self.bin = found[-1]
        elif initdb:
            self.bin = Path(initdb).parent
        else:
            raise RuntimeError("make soak needs PostgreSQL's initdb/pg_ctl (Debian: postgresql)")
        self.dir = Path(tempfile.mkdtemp(prefix="fanzha-soak-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self.as_postgres = os.geteuid() == 0
        self.template: Site
        if self.as_postgres:
            shutil.chown(self.dir, "postgres")
        self.pg("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")

    def pg(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self.bin / tool), *args]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=120, check=False, cwd=self.dir
        )
        if check and done.returncode != 0:
            raise RuntimeError(f"{tool} failed ({done.returncode}): {done.stderr or done.stdout}")
        return done

    def start(self) -> None:
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=60"
        )
        self.pg("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w",
                "start")  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        self.pg("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "stop", check=False)

    def ensure_running(self) -> None:
        if self.pg("pg_ctl", "-D", str(self.data), "status", check=False).returncode != 0:
            self.start()

    def url(self, dbname: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{dbname}"

    def sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(self.url("postgres"), autocommit=True) as conn:
            conn.execute(statement)  # type: ignore[arg-type]

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def pytest_configure(config: pytest.Config) -> None:
    # `timeout` in scripts/soak.sh ends an overlong run with SIGTERM: turn it into an interrupt so
    # the fixtures still stop gunicorn, the worker and the cluster and remove its directory.
    signal.signal(signal.SIGTERM, _interrupt)


@pytest.fixture(scope="session")
def cluster() -> Iterator[Cluster]:
    c = Cluster()
    try:
        c.start()
        c.template = Site(c, c.dir / "template", dbname="soak_template", template=None)
        c.template.seed()
        c.sql('ALTER DATABASE "soak_template" WITH IS_TEMPLATE true')
        yield c
    finally:
        c.destroy()


SEED = """
from django.contrib.sessions.backends.db import SessionStore
from fanzha.accounts.models import ApiKey
from fanzha.core.testing.world import build_world
world = build_world()
_, key = ApiKey.issue('soak', 'alerts:ingest', source='national')
# Sixteen signed-in staff sessions (one row each, as with sixteen people at their desks).
user = world.user('admin')
keys = []
for _ in range(16):
    session = SessionStore()
    session['_auth_user_id'] = str(user.pk)
    session['_auth_user_backend'] = 'fanzha.accounts.backends.FanzhaBackend'
    session['_auth_user_hash'] = user.get_session_auth_hash()
    session.set_expiry(3600)
    session.save()
    keys.append(session.session_key)
print(key)
print(','.join(keys))
print(','.join(world.phones['east'] + world.phones['west']))
"""

COUNTS = """
import json
from django.db.models import Count
from fanzha.alerts.models import Alert, Task
from fanzha.core.models import WorkerHeartbeat
from fanzha.notifications.models import Notification
warnings = Notification.objects.filter(purpose='alert_warning')
print(json.dumps({
    'alerts': Alert.objects.count(),
    'refs': sorted(Alert.objects.filter(source='national').values_list('source_ref', flat=True)),
    'distinct_refs': Alert.objects.values('source', 'source_ref').distinct().count(),
    'tasks': Task.objects.count(),
    'task_alerts': Task.objects.values('alert_id').distinct().count(),
    'warnings': warnings.count(),
    'warning_keys': warnings.values('dedup_key').distinct().count(),
    'sent': warnings.filter(status='sent').count(),
    'heartbeat': max((b.timestamp() for b in
                      WorkerHeartbeat.objects.values_list('seen_at', flat=True)), default=0),
}))
"""


class Site:
    """One installation: a database in the cluster, a directory, and its processes."""

    def __init__(
        self, cluster: Cluster, tmp: Path, dbname: str = "", template: str | None = "soak_template"
    ) -> None:
        """A database copied from the migrated and seeded template (fast), or a new one."""
        self.cluster = cluster
        self.tmp = tmp
        tmp.mkdir(parents=True, exist_ok=True)
        self.dbname = dbname or f"soak_{uuid.uuid4().hex[:8]}"
        self.sms_dir = tmp / "sms"
        self.logs = tmp / "logs"
        self.logs.mkdir()
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
        self.env.update(
            FANZHA_MODE="dev",
            FANZHA_DEBUG="0",
            DATABASE_URL=cluster.url(self.dbname),
            FANZHA_DATA_DIR=str(tmp / "data"),
            # One key file for the template and its copies: the seeded identifiers are sealed.
            FANZHA_KEY_FILE=str(cluster.dir / "keys"),
            FANZHA_LOG_LEVEL="WARNING",
            FANZHA_SESSION_IDLE_MINUTES="120",
            FANZHA_SMS_BACKEND="file",
            FANZHA_SMS_FILE_DIR=str(self.sms_dir),
            FANZHA_OUTBOX_LEASE_SECONDS="5",
            FANZHA_ACCESS_LOG="",
            PYTHONUNBUFFERED="1",
        )
        self.processes: list[subprocess.Popen] = []
        if template is None:
            cluster.sql(f'CREATE DATABASE "{self.dbname}"')
        else:
            cluster.sql(f'CREATE DATABASE "{self.dbname}" TEMPLATE "{template}"')
            self.key, self.sessions, self.phones = (
                cluster.template.key,
                cluster.template.sessions,
                cluster.template.phones,
            )

    def seed(self) -> None:
        self.fanzha("migrate", "-v", "0")
        self.key, sessions, phones = self.python(SEED).split()
        self.sessions = sessions.split(",")
        self.phones = phones.split(",")

    def fanzha(self, *args: str, timeout: float = 600) -> str:
        done = subprocess.run(
            [FANZHA, *args], env=self.env, cwd=ROOT, capture_output=True, text=True,
            timeout=timeout, check=False,
        )  # fmt: skip
        assert done.returncode == 0, f"fanzha {' '.join(args)} failed:\n{done.stderr[-3000:]}"
        return done.stdout

    def python(self, code: str) -> str:
        prelude = (
            "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'fanzha.settings'); django.setup()\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", prelude + code], env=self.env, cwd=ROOT,
            capture_output=True, text=True, timeout=300, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr[-3000:]
        return done.stdout.strip()

    def value(self, query: str) -> Any:
        """One value from the site's database, read directly (cheap enough to poll)."""
        import psycopg

        with psycopg.connect(self.cluster.url(self.dbname), connect_timeout=5) as conn:
            row = conn.execute(query).fetchone()  # type: ignore[arg-type]
        return row[0] if row else None

    def counts(self) -> dict[str, Any]:
        return json.loads(self.python(COUNTS))

    def sms_files(self) -> list[Path]:
        return list(self.sms_dir.glob("*.json")) if self.sms_dir.exists() else []

    def spawn(self, name: str, args: list[str], **kw: Any) -> subprocess.Popen:
        log = (self.logs / f"{name}.log").open("ab")
        proc = subprocess.Popen(
            args, env=self.env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, **kw
        )
        self.processes.append(proc)
        return proc

    def start_gunicorn(self) -> tuple[subprocess.Popen, int]:
        """gunicorn with the deployed configuration (deploy/gunicorn.conf.py)."""
        port = free_port()
        self.env["FANZHA_BIND"] = f"127.0.0.1:{port}"
        proc = self.spawn(
            "gunicorn",
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "fanzha.wsgi", "-c",
             str(ROOT / "deploy" / "gunicorn.conf.py")],
            start_new_session=True,
        )  # fmt: skip

        def up() -> bool:
            if proc.poll() is not None:
                raise AssertionError(f"gunicorn exited:\n{self.log_tail('gunicorn')}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                conn.request("GET", "/health/")
                return conn.getresponse().status == 200
            except OSError:
                return False

        wait_until(up, 60, "gunicorn to answer /health/")
        return proc, port

    def start_worker(self) -> subprocess.Popen:
        return self.spawn("worker", [FANZHA, "worker", "--no-tasks"])

    def load(self, port: int, rate: int, seconds: int) -> Load:
        """The paced client against this site's gunicorn, counting the processes' CPU time."""
        return Load(port, self.key, self.sessions, self.phones, rate=rate, seconds=seconds,
                    cpu=self.cpu_seconds)  # fmt: skip

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by the site's processes and the cluster (for the report)."""
        tick = os.sysconf("SC_CLK_TCK")

        def tree(pid: int) -> float:
            total = 0.0
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                # utime, stime, and the waited-for children's cutime, cstime
                total += sum(int(f) for f in fields[11:15]) / tick
            except (FileNotFoundError, ProcessLookupError):
                return 0.0
            children = subprocess.run(
                ["pgrep", "-P", str(pid)], capture_output=True, text=True, check=False
            ).stdout.split()
            return total + sum(tree(int(c)) for c in children)

        used: dict[str, float] = {}
        for proc in self.processes:
            name = Path(proc.args[0]).name if proc.args[0] != FANZHA else proc.args[1]
            used[name] = used.get(name, 0.0) + tree(proc.pid)
        postmaster = (self.cluster.data / "postmaster.pid").read_text().split()[0]
        used["postgres"] = tree(int(postmaster))
        return used

    def log_tail(self, name: str, lines: int = 40) -> str:
        path = self.logs / f"{name}.log"
        return (
            "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
            if path.exists()
            else ""
        )

    def errors(
        self, name: str, limit: int = 3, lines: int = 150, expected: tuple[str, ...] = ()
    ) -> str:
        """The last tracebacks a process logged (Django logs every 5xx at ERROR), leaving out
        those whose final exception is one of ``expected``."""
        path = self.logs / f"{name}.log"
        if not path.exists():
            return ""
        log = path.read_text(errors="replace").splitlines()
        starts = [i for i, line in enumerate(log) if " ERROR " in line]
        blocks = [log[a:b] for a, b in zip(starts, [*starts[1:], len(log)], strict=True)]

        def final(block: list[str]) -> str:
            raised = [line for line in block[1:] if re.match(r"[A-Za-z_][\w.]*(: |$)", line)]
            return raised[-1].split(":")[0] if raised else ""

        kept = [b[:lines] for b in blocks if final(b) and final(b) not in expected]
        return "\n...\n".join("\n".join(b) for b in kept[-limit:])

    def close(self) -> None:
        for proc in self.processes:
            if proc.poll() is None:
                try:  # gunicorn runs in a session of its own: its workers go with it
                    os.killpg(proc.pid, signal.SIGKILL)
                except (ProcessLookupError, PermissionError):
                    proc.kill()
                proc.wait(timeout=30)
        # A failed outage test may leave the cluster stopped: the next test needs it.
        self.cluster.ensure_running()
        self.cluster.sql(f'DROP DATABASE IF EXISTS "{self.dbname}" WITH (FORCE)')


SECONDS = int(os.environ.get("FANZHA_SOAK_SECONDS", "60"))
PROBE_SECONDS = 15
# The share of the machine's cores the runs may need at the probed cost per request.
PROBE_HEADROOM = 0.7


def soak_rate(setting: str, probe: Callable[[int], float]) -> tuple[int, str]:
    """The rate the runs offer, and why. ``N`` offers N requests/s. ``auto:N`` offers N unless
    the machine cannot carry it: ``probe(N)`` runs the mixed load at N for a few seconds and
    returns the CPU milliseconds it cost per request (server, worker, PostgreSQL and client
    together); the runs then offer what that cost allows on this machine's cores at
    ``PROBE_HEADROOM``, so that a slower machine still runs every fault at a load it holds."""
    auto, _, value = setting.rpartition(":") if ":" in setting else ("", "", setting)
    target = int(value)
    if auto != "auto":
        return target, f"{target} requests/s (FANZHA_SOAK_RATE)"
    cost_ms = probe(target)
    cores = os.cpu_count() or 1
    carried = int(PROBE_HEADROOM * cores * 1000 / cost_ms)
    rate = max(1, min(target, carried))
    return rate, (
        f"{rate} requests/s: a {PROBE_SECONDS} s probe at {target}/s cost {cost_ms:.1f} ms of CPU "
        f"per request, so {cores} cores at {PROBE_HEADROOM:.0%} carry {carried}/s"
    )


@pytest.fixture(scope="session")
def rate(cluster: Cluster, tmp_path_factory: pytest.TempPathFactory) -> int:
    """Requests/s for every run (FANZHA_SOAK_RATE: a number, or ``auto:N``, see soak_rate)."""

    def probe(target: int) -> float:
        site = Site(cluster, tmp_path_factory.mktemp("probe"))
        try:
            _, port = site.start_gunicorn()
            site.start_worker()
            load = site.load(port, target, PROBE_SECONDS)
            load.max_lag = float("inf")  # measuring, not judging
            report = load.run()
            return 1000 * sum(report.cpu.values()) / max(len(report.outcomes), 1)
        finally:
            site.close()

    chosen, why = soak_rate(os.environ.get("FANZHA_SOAK_RATE", "200"), probe)
    print(f"\nsoak rate: {why}")
    return chosen


@pytest.fixture
def site(cluster: Cluster, tmp_path: Path) -> Iterator[Site]:
    s = Site(cluster, tmp_path)
    try:
        yield s
    finally:
        s.close()
