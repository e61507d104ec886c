"""The demo district generator's shared context.

``fanzha demo`` (fanzha.core.management.commands.demo) builds the district once, deterministically
from ``--seed`` and ``--scale``, by calling each app's ``fanzha.<app>.demo.build(ctx)`` in the order
of ``DEMO_BUILDERS``. A builder reads the rows earlier builders made from the database, draws every
random choice from ``ctx.rng`` (never the global ``random``), and uses bulk inserts: at scale 1
the whole district must build in under 3 minutes on 2 cores.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

# Order matters: each builder may read what the ones before it made.
DEMO_BUILDERS = [
    "fanzha.org.demo",
    "fanzha.people.demo",
    "fanzha.registrations.demo",
    "fanzha.imports.demo",
    "fanzha.alerts.demo",
    "fanzha.indicators.demo",
    "fanzha.cases.demo",
    "fanzha.notices.demo",
    "fanzha.cards.demo",
    "fanzha.outreach.demo",
    "fanzha.baobao.demo",
    "fanzha.assessment.demo",
    "fanzha.dashboard.demo",  # last: builds the summary tables from everything above
]

# The demo's "today": the article's date, so the figures read like the article.
DEMO_TODAY = date(2021, 5, 27)


@dataclass
class DemoContext:
    seed: int
    scale: float
    rng: random.Random
    today: date = DEMO_TODAY
    log: Callable[[str], Any] = print
    # Builders may leave things for later builders here (e.g. user ids by role).
    shared: dict[str, Any] = field(default_factory=dict)

    def n(self, count: float) -> int:
        """A count at the current scale (at least 1 when the base count is positive)."""
        return max(1, round(count * self.scale)) if count > 0 else 0

    def aware(self, day: date, hour: int = 9, minute: int = 0) -> datetime:
        return timezone.make_aware(datetime(day.year, day.month, day.day, hour, minute))

    def sub_rng(self, name: str) -> random.Random:
        """A generator of its own per builder, so adding draws in one app does not change
        another app's data."""
        return random.Random(f"{self.seed}:{name}")
