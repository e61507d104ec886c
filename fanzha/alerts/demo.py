"""Demo district, alerts: a year of warning leads and dissuasion tasks at the article's scale
(about 3,200 alerts, 296 successful dissuasions), with a realistic outcome mix and response
times, plus a handful of open tasks for today's queue; and ``live`` for ``fanzha demo --live``,
which feeds a slow stream of new alerts so a visitor can watch the queue move.

Every alert goes through the real intake (``intake.ingest``): routing, tasks and the outbox are
exactly what production would make; only the outcomes are then written in bulk."""

from __future__ import annotations

import math
import random
import time
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from fanzha.alerts.choices import (
    Channel,
    Checklist,
    EventKind,
    FraudType,
    Level,
    Outcome,
    Source,
    TaskStatus,
    Tier,
    UnreachedReason,
)
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Attempt, Task, TaskEvent
from fanzha.alerts.routing import Router
from fanzha.core.demo import DemoContext
from fanzha.lib import crypto

ALERTS = 3200
DISSUADED = 296
OPEN_TODAY = 12
# Outcome mix of closed tasks other than the 296 dissuasions (weights; DOMAIN.md §3 codes).
OUTCOME_WEIGHTS = {Outcome.SELF_AWARE: 70, Outcome.RELATIVE: 14, Outcome.DEFRAUDED: 5}
LEVEL_WEIGHTS = {Level.HIGH: 25, Level.MEDIUM: 45, Level.LOW: 30}
SOURCE_WEIGHTS = {
    Source.NATIONAL: 30,
    Source.PROVINCIAL: 20,
    Source.HIT_12381: 15,
    Source.JINZHONGZHAO: 20,
    Source.BANK: 8,
    Source.RESIDENT: 5,
    Source.MANUAL: 2,
}
# Typical minutes to first contact per level (median of a log-normal).
MEDIAN_MINUTES = {Level.HIGH: 6, Level.MEDIUM: 17, Level.LOW: 55}
TYPE_WEIGHTS = {
    FraudType.SDFL: 30,
    FraudType.XJTZ: 14,
    FraudType.XJGW: 6,
    FraudType.MCKF: 10,
    FraudType.XJDK: 12,
    FraudType.XJZX: 6,
    FraudType.MCLD: 6,
    FraudType.MCGJF: 7,
    FraudType.WLHL: 4,
    FraudType.YXJY: 3,
    FraudType.UNKNOWN: 2,
}


def _pick(rng: random.Random, weights: dict) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _phones(rng: random.Random, count: int) -> list[str]:
    """Target numbers: mostly registered or known residents' numbers, some unknown ones."""
    from fanzha.people.models import Resident
    from fanzha.registrations.models import Registration

    registered = (
        list(
            Registration.objects.order_by("?").values_list("phone_cipher", flat=True)[
                : max(1, count * 6 // 10)
            ]
        )
        if count
        else []
    )
    residents = list(
        Resident.objects.exclude(phone_cipher="")
        .order_by("?")
        .values_list("phone_cipher", flat=True)[: max(1, count * 2 // 10)]
    )
    pool = [crypto.decrypt(c) for c in registered + residents]
    phones = []
    for _ in range(count):
        if pool and rng.random() < 0.85:
            phones.append(rng.choice(pool))
        else:
            phones.append(f"1{rng.choice('35789')}{rng.randint(0, 999_999_999):09d}")
    return phones


def _contact(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.6:
        return f"1{rng.choice('7' * 3 + '35689')}{rng.randint(0, 999_999_999):09d}"
    if roll < 0.85:
        return f"62{rng.randint(10**15, 10**16 - 1)}"
    return (
        f"https://{rng.choice(['invest', 'loan', 'shop', 'game'])}-{rng.randint(100, 999)}.example"
    )


def _item(rng: random.Random, phone: str, ref: str, at: datetime) -> dict[str, Any]:
    return {
        "source": _pick(rng, SOURCE_WEIGHTS),
        "source_ref": ref,
        "level": _pick(rng, LEVEL_WEIGHTS),
        "target_phone": phone,
        "contact": _contact(rng),
        "fraud_type": _pick(rng, TYPE_WEIGHTS),
        "contacted_at": (at - timedelta(minutes=rng.randint(1, 40))).isoformat(),
        "received_at": at.isoformat(),
    }


def build(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("alerts")
    total = ctx.n(ALERTS)
    phones = _phones(rng, total)
    start = ctx.today - timedelta(days=365)
    times = sorted(
        ctx.aware(
            start + timedelta(days=rng.randint(0, 364)), rng.randint(7, 22), rng.randint(0, 59)
        )
        + timedelta(seconds=rng.randint(0, 59))
        for _ in range(total - OPEN_TODAY)
    )
    today_times = sorted(
        ctx.aware(ctx.today, 8) + timedelta(minutes=rng.randint(0, 600))
        for _ in range(min(OPEN_TODAY, total))
    )
    router = Router()
    alert_times: dict[int, datetime] = {}
    by_day: dict[Any, list[tuple[dict[str, Any], datetime]]] = {}
    for n, (phone, at) in enumerate(zip(phones, times + today_times, strict=False)):
        item = _item(rng, phone, f"DEMO-{at:%Y%m%d}-{n:05d}", at)
        by_day.setdefault(at.date(), []).append((item, at))
    for day_items in by_day.values():
        # One intake call per day keeps the build fast; each alert then gets its own time.
        results = ingest([i for i, _ in day_items], router=router, now=day_items[0][1])
        for result, (_, at) in zip(results, day_items, strict=True):
            if result.alert_id is not None:
                alert_times[result.alert_id] = at
    _retime(alert_times)
    _outcomes(ctx, rng, alert_times, cutoff=ctx.aware(ctx.today, 0))
    ctx.log(
        f"alerts: {len(alert_times)} alerts, "
        f"{Task.objects.filter(outcome=Outcome.DISSUADED).count()} dissuasions"
    )


def _retime(alert_times: dict[int, datetime]) -> None:
    """Give each alert and its task their own arrival time (intake ran one call per day).
    Row-by-row UPDATEs: bulk_update's CASE expressions are far slower at this size."""
    from fanzha.alerts.models import Alert

    due = settings.FANZHA_ALERT_DUE_MINUTES
    for alert_id, level in Task.objects.filter(alert_id__in=list(alert_times)).values_list(
        "alert_id", "level"
    ):
        at = alert_times[alert_id]
        Alert.objects.filter(pk=alert_id).update(created_at=at, updated_at=at)
        Task.objects.filter(alert_id=alert_id).update(
            created_at=at, updated_at=at, due_at=at + timedelta(minutes=due[level])
        )


def _minutes(rng: random.Random, level: str) -> float:
    return max(0.5, rng.lognormvariate(math.log(MEDIAN_MINUTES[Level(level)]), 0.8))


def _outcomes(
    ctx: DemoContext, rng: random.Random, alert_times: dict[int, datetime], cutoff: datetime
) -> None:
    """Close every task before today with a drawn outcome, attempts and money."""
    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User
    from fanzha.notifications.choices import Status
    from fanzha.notifications.models import Notification

    officers: dict[int | None, list[int]] = {}
    for pk, unit_id in User.objects.filter(role=Role.OFFICER).values_list("pk", "unit_id"):
        officers.setdefault(unit_id, []).append(pk)
    admins: list[int | None] = list(
        User.objects.filter(role=Role.ADMIN).values_list("pk", flat=True)
    ) or [None]
    tasks = list(
        Task.objects.filter(alert_id__in=list(alert_times), alert__created_at__lt=cutoff).order_by(
            "pk"
        )
    )
    dissuaded = set(rng.sample(range(len(tasks)), min(ctx.n(DISSUADED), len(tasks))))
    attempts: list[Attempt] = []
    events: list[TaskEvent] = []
    for i, task in enumerate(tasks):
        own = len(attempts)  # this task's attempts start here
        created = alert_times[task.alert_id]
        handler = task.assignee_id or rng.choice(officers.get(task.station_id, []) or admins)
        outcome = Outcome.DISSUADED if i in dissuaded else _pick(rng, OUTCOME_WEIGHTS)
        first = created + timedelta(minutes=_minutes(rng, task.level))
        at = first
        if rng.random() < 0.2:
            # Not reached at first: a call that fails before the one that gets through.
            attempts.append(
                Attempt(
                    task=task,
                    channel=Channel.PHONE,
                    at=first,
                    outcome=Outcome.UNREACHED,
                    by_id=handler,
                    unreached_reason=rng.choice(list(UnreachedReason.values)),
                )
            )
            at = first + timedelta(minutes=rng.randint(5, 90))
        channel = Channel.VISIT if rng.random() < 0.15 else Channel.PHONE
        lost = saved = Decimal("0")
        if outcome == Outcome.DISSUADED:
            saved = Decimal(rng.randint(2_000, 200_000)).quantize(Decimal("0.01"))
        elif outcome == Outcome.DEFRAUDED:
            lost = Decimal(rng.randint(1_000, 500_000)) + Decimal(rng.randint(0, 99)) / 100
        if rng.random() < 0.03:
            # Someone who denies: revisits until confirmed safe.
            for r in range(rng.randint(1, 4)):
                attempts.append(
                    Attempt(
                        task=task,
                        channel=Channel.VISIT,
                        at=at,
                        by_id=handler,
                        outcome=Outcome.SELF_AWARE,
                        denies=True,
                        checklist=list(Checklist.values)[:4],
                    )
                )
                at += timedelta(hours=settings.FANZHA_ALERT_REVISIT_HOURS)
                task.revisit_count = r + 1
        attempts.append(
            Attempt(
                task=task,
                channel=channel,
                at=at,
                outcome=outcome,
                by_id=handler,
                amount_lost=lost,
                amount_saved=saved,
                checklist=list(Checklist.values) if channel == Channel.VISIT else [],
            )
        )
        due = timedelta(minutes=settings.FANZHA_ALERT_DUE_MINUTES[task.level])
        if first - created > due and task.tier < Tier.DISTRICT:
            task.tier += 1
            task.escalated_at = created + due
            events.append(
                TaskEvent(
                    task=task,
                    kind=EventKind.ESCALATED,
                    at=task.escalated_at,
                    detail=str(Tier(task.tier).label),
                )
            )
        reached = next(a.at for a in attempts[own:] if a.outcome != Outcome.UNREACHED)
        task.first_contact_at = reached
        task.accepted_at = min(first, reached)
        task.assignee_id = handler
        task.status = TaskStatus.CLOSED
        task.outcome = outcome
        task.closed_at = at + timedelta(minutes=rng.randint(1, 30))
        task.amount_lost, task.amount_saved = lost, saved
        task.version += 1
        events.append(
            TaskEvent(
                task=task,
                kind=EventKind.CLOSED,
                at=task.closed_at,
                user_id=handler,
                detail=str(Outcome(outcome).label),
            )
        )
    with transaction.atomic():
        fields = [
            "status",
            "outcome",
            "first_contact_at",
            "accepted_at",
            "closed_at",
            "assignee_id",
            "amount_lost",
            "amount_saved",
            "tier",
            "escalated_at",
            "revisit_count",
            "version",
        ]
        for task in tasks:
            Task.objects.filter(pk=task.pk).update(**{f: getattr(task, f) for f in fields})
        Attempt.objects.bulk_create(attempts, batch_size=2000)
        TaskEvent.objects.bulk_create(events, batch_size=2000)
        Notification.objects.filter(purpose="alert_warning", created_at__lt=cutoff).update(
            status=Status.SENT, sent_at=F("created_at"), attempts=1, provider_ref="demo"
        )


def live(ctx: DemoContext, stop_after: float | None = None) -> int:
    """Feed new alerts at about one per FANZHA_ALERT_LIVE_SECONDS until ``stop_after`` seconds
    have passed (forever when None); returns how many were sent. Uses the real clock: these
    are today's alerts, whatever the demo's date."""
    rng = random.Random(f"{ctx.seed}:alerts-live:{time.time_ns()}")
    router = Router()
    phones = _phones(rng, 200)
    began = time.monotonic()
    sent = 0
    while stop_after is None or time.monotonic() - began < stop_after:
        now = timezone.now()
        item = _item(
            rng, rng.choice(phones), f"LIVE-{now:%Y%m%d%H%M%S}-{rng.randint(0, 10**6)}", now
        )
        ingest([item], router=router, now=now)
        sent += 1
        ctx.log(f"alerts: live alert {item['source_ref']} ({item['level']})")
        pause = rng.expovariate(1 / settings.FANZHA_ALERT_LIVE_SECONDS)
        if stop_after is not None:
            pause = min(pause, max(0.0, stop_after - (time.monotonic() - began)))
        time.sleep(pause)
    return sent
