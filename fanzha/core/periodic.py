"""Periodic jobs run by ``fanzha worker`` (healthchecks' ``sendalerts`` style: a long-lived
command, not a scheduler). Apps register jobs in ``AppConfig.ready``::

    periodic.register("alerts.escalate", every_seconds=15, func=escalate_overdue)

Each job must be safe to run in several workers at once: it claims rows with a conditional
UPDATE and checks the row count. ``func`` returns how many items it handled (for the log).
django-tasks jobs (imports, documents) run in ``fanzha db_worker``; ``fanzha worker`` runs both.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every_seconds: float
    func: Callable[[], int]


_jobs: dict[str, PeriodicJob] = {}


def register(name: str, *, every_seconds: float, func: Callable[[], int]) -> None:
    _jobs[name] = PeriodicJob(name, every_seconds, func)


def jobs() -> list[PeriodicJob]:
    return sorted(_jobs.values(), key=lambda j: j.name)


def run_all_once() -> dict[str, int]:
    """Run every job once (tests, and ``fanzha worker --once``)."""
    return {job.name: job.func() for job in jobs()}
