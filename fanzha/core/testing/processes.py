"""Helpers for tests that start real processes (the importer, gunicorn, the worker) against an
installation of their own, on loopback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parents[3]
FANZHA = str(ROOT / ".venv" / "bin" / "fanzha")


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at the moment of asking."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(predicate: Callable[[], Any], timeout: float, what: str, every: float = 0.2) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(every)
    raise AssertionError(f"timed out waiting for {what}")


class Installation:
    """An installation in a temporary directory: its environment (development mode, so tasks
    go through the database backend and the worker), its database and helpers to run
    ``fanzha`` commands and Python code against it."""

    def __init__(self, tmp: Path, database_url: str) -> None:
        self.tmp = tmp
        self.sms_dir = tmp / "sms"
        self.media_dir = tmp / "data" / "media"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "FANZHA_MODE": "dev",
            "FANZHA_DEBUG": "0",
            "FANZHA_DATA_DIR": str(tmp / "data"),
            "FANZHA_SMS_BACKEND": "file",
            "FANZHA_SMS_FILE_DIR": str(self.sms_dir),
            "FANZHA_OUTBOX_LEASE_SECONDS": "5",
            "FANZHA_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        }
        self.env.pop("PYTEST_CURRENT_TEST", None)
        self.env.pop("FANZHA_TASKS_IMMEDIATE", None)

    def run(self, *args: str, timeout: float = 300) -> subprocess.CompletedProcess:
        return subprocess.run(
            [FANZHA, *args],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    def python(self, code: str) -> str:
        prelude = (
            "import os, django; os.environ.setdefault('DJANGO_SETTINGS_MODULE', "
            "'fanzha.settings'); django.setup()\n"
        )
        done = subprocess.run(
            [sys.executable, "-c", prelude + code],
            env=self.env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()


SiteT = TypeVar("SiteT", bound=Installation)


@contextmanager
def installation(tmp: Path, prefix: str, kind: type[SiteT]) -> Iterator[SiteT]:
    """A migrated installation: on a SQLite file, or, when DATABASE_URL points at PostgreSQL,
    on a database of its own on that server (created here and dropped afterwards)."""
    base = os.environ.get("DATABASE_URL", "")
    name = f"{prefix}_{os.getpid()}"
    admin = base.rsplit("/", 1)[0] + "/postgres"
    if base.startswith("postgres"):
        import psycopg

        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        url = base.rsplit("/", 1)[0] + "/" + name
    else:
        url = f"sqlite:///{tmp / (prefix + '.sqlite3')}"
    site = kind(tmp, url)
    migrated = site.run("migrate", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    try:
        yield site
    finally:
        if base.startswith("postgres"):
            import psycopg

            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
