"""``fanzha worker``: the background worker.

It runs the periodic jobs that apps register (fanzha.core.periodic: escalation, the notification
outbox, revisits, rollups) in a loop, writes a heartbeat row each round for the health endpoint,
and keeps a ``db_worker`` child process (django-tasks-db) running for queued tasks (imports,
documents). Several workers may run at once: every job claims its rows with a conditional UPDATE.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from fanzha.core import periodic
from fanzha.core.models import WorkerHeartbeat


class Command(BaseCommand):
    help = "Run periodic jobs and the task worker until stopped."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
        parser.add_argument(
            "--no-tasks",
            action="store_true",
            help="Do not start the db_worker child for queued tasks.",
        )
        parser.add_argument("--tick", type=float, default=1.0)

    def handle(self, *args: Any, **opts: Any) -> None:
        name = f"{socket.gethostname()}:{os.getpid()}"
        if opts["once"]:
            result = periodic.run_all_once()
            self.beat(name, result)
            self.stdout.write(str(result))
            return
        stopping = False

        def stop(*_: Any) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        child = None if opts["no_tasks"] else self.start_tasks()
        next_run: dict[str, float] = {}
        self.stdout.write(f"worker {name}: {', '.join(j.name for j in periodic.jobs()) or '—'}")
        try:
            while not stopping:
                close_old_connections()
                now = time.monotonic()
                done: dict[str, int] = {}
                for job in periodic.jobs():
                    if next_run.get(job.name, 0) <= now:
                        try:
                            done[job.name] = job.func()
                        except Exception as exc:  # noqa: BLE001 - one failing job must not stop the others
                            self.stderr.write(f"{job.name} failed: {exc!r}")
                        next_run[job.name] = now + job.every_seconds
                try:
                    self.beat(name, done)
                except DatabaseError as exc:
                    # The database is out of reach (restart, network): keep going; the next
                    # round's close_old_connections() drops the broken connection and the
                    # following query opens a new one.
                    self.stderr.write(f"heartbeat failed: {exc!r}")
                if child is not None and child.poll() is not None:
                    self.stderr.write("db_worker exited; restarting it")
                    child = self.start_tasks()
                time.sleep(opts["tick"])
        finally:
            if child is not None and child.poll() is None:
                child.terminate()
                child.wait(timeout=10)

    def beat(self, name: str, jobs: dict[str, int]) -> None:
        WorkerHeartbeat.objects.update_or_create(
            name=name, defaults={"seen_at": timezone.now(), "jobs": jobs}
        )

    def start_tasks(self) -> subprocess.Popen:
        return subprocess.Popen(
            [sys.executable, "-m", "fanzha", "db_worker", "--queue-name", "*"],
        )
