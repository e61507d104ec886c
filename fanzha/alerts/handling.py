"""Handling a dissuasion task: accept, assign, record attempts, close, and the periodic jobs
that escalate overdue tasks and bring revisits due.

Every change is a conditional UPDATE on the version the person saw (optimistic locking): when
two people save the same task at once, the second gets ``Conflict`` instead of silently
overwriting the first. The periodic jobs bump the version too, so a form opened before an
escalation is refused and reloaded."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.accounts.capabilities import is_admin
from fanzha.alerts.choices import (
    OPEN_STATUSES,
    Channel,
    EventKind,
    Outcome,
    TaskStatus,
    Tier,
)
from fanzha.alerts.models import Attempt, Task, TaskEvent
from fanzha.alerts.signals import victim_confirmed

log = logging.getLogger("fanzha.alerts")

REACHED = {Outcome.SELF_AWARE, Outcome.DISSUADED, Outcome.DEFRAUDED, Outcome.RELATIVE}
SAFE = {Outcome.SELF_AWARE, Outcome.DISSUADED}
# Clocks of phones and servers differ a little: an attempt time this far off is still accepted.
ATTEMPT_CLOCK_SLACK = timedelta(minutes=5)


class Conflict(Exception):
    """Someone else changed the task since it was loaded."""

    def __init__(self) -> None:
        super().__init__(_("Someone else changed this task meanwhile. Reload it and try again."))


def _update(task: Task, version: int, **fields: Any) -> None:
    """Apply ``fields`` only if the task is still at ``version``; refresh ``task`` after."""
    now = timezone.now()
    done = Task.objects.filter(pk=task.pk, version=version).update(
        version=F("version") + 1, updated_at=now, **fields
    )
    if not done:
        raise Conflict()
    task.refresh_from_db()


def _event(task: Task, kind: str, user: Any = None, detail: str = "") -> None:
    TaskEvent.objects.create(task=task, kind=kind, user=user, detail=str(detail)[:300])


def _editable(task: Task, user: Any) -> None:
    if not Task.objects.restrict(user, "change").filter(pk=task.pk).exists():
        raise PermissionDenied(_("This task is outside your area."))
    if not task.is_open:
        raise ValidationError(_("This task is closed."))


def accept(task: Task, user: Any, version: int) -> Task:
    """Sign for a task (待签收 → 处置中); the accepting person becomes the assignee."""
    with transaction.atomic():
        _editable(task, user)
        if task.status != TaskStatus.PENDING:
            raise ValidationError(_("This task has already been accepted."))
        _update(
            task, version, status=TaskStatus.IN_PROGRESS, accepted_at=timezone.now(), assignee=user
        )
        _event(task, EventKind.ACCEPTED, user)
    return task


def assignable_users(user: Any) -> QuerySet:
    """People a task can be given to: any editor for the administrator; otherwise people of the
    user's own unit, the grid workers of grids the user sees and the officers of the stations
    covering them."""
    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User
    from fanzha.org.models import Grid

    qs = User.objects.filter(
        is_active=True, role__in=[Role.GRID_WORKER, Role.OFFICER, Role.LIAISON, Role.ADMIN]
    )
    if user is None or not getattr(user, "is_authenticated", False):
        return qs.none()
    if not is_admin(user):
        grids = Grid.objects.restrict(user, "view")
        qs = qs.filter(
            Q(unit_id=user.unit_id)
            | Q(grids__in=grids)
            | Q(role=Role.OFFICER, unit_id__in=grids.values("station_id"))
        ).distinct()
    return qs.order_by("username")


def _assigned(task: Task, assignee: Any, user: Any) -> None:
    """The timeline entry and the assignee's inbox note of an assignment."""
    from fanzha.notifications.choices import Channel as NoteChannel
    from fanzha.notifications.outbox import enqueue

    _event(task, EventKind.ASSIGNED, user, str(assignee))
    enqueue(
        NoteChannel.INBOX,
        template="task_assigned",
        context={"task": task.pk},
        to_user=assignee,
        purpose="task_assigned",
        ref=f"alerts.task:{task.pk}",
        link=task.get_absolute_url(),
    )


def assign(task_ids: Iterable[int], assignee: Any, user: Any) -> int:
    """Bulk assign open tasks the user may change to ``assignee``; notifies them. Returns how
    many were assigned (tasks outside the user's area are skipped, not an error)."""
    count = 0
    with transaction.atomic():
        tasks = Task.objects.restrict(user, "change").filter(
            pk__in=list(task_ids), status__in=OPEN_STATUSES
        )
        for task in tasks.select_for_update(of=("self",)) if _pg() else tasks:
            _update(task, task.version, assignee=assignee)
            _assigned(task, assignee, user)
            count += 1
    return count


def assign_one(task: Task, user: Any, version: int, assignee_id: int) -> Task:
    """Give one task to someone the user may assign to (see ``assignable_users``), on the
    version the user saw; the assignee gets an inbox note."""
    with transaction.atomic():
        _editable(task, user)
        assignee = assignable_users(user).filter(pk=assignee_id).first()
        if assignee is None:
            raise ValidationError(_("You cannot give tasks to this person."))
        _update(task, version, assignee=assignee)
        _assigned(task, assignee, user)
    return task


def _pg() -> bool:
    from django.db import connection

    return connection.vendor == "postgresql"


@dataclass
class AttemptData:
    channel: str
    outcome: str
    at: datetime | None = None
    unreached_reason: str = ""
    denies: bool = False
    amount_lost: Decimal = Decimal("0")
    amount_saved: Decimal = Decimal("0")
    note: str = ""
    checklist: list[str] | None = None


def record_attempt(task: Task, user: Any, version: int, data: AttemptData) -> Attempt:
    """Record a contact attempt and move the task on: the first attempt that reaches someone
    stops the clock; a person who denies puts the task into revisits; a safe answer during
    revisits ends them."""
    now = timezone.now()
    with transaction.atomic():
        _editable(task, user)
        if data.outcome == Outcome.UNREACHED and not data.unreached_reason:
            raise ValidationError(_("Give the reason the person was not reached."))
        if data.outcome != Outcome.UNREACHED:
            data.unreached_reason = ""
        if data.checklist and data.channel != Channel.VISIT:
            raise ValidationError(_("The checklist is for visits only."))
        if data.at is not None and data.at > now + ATTEMPT_CLOCK_SLACK:
            raise ValidationError(_("The time of the attempt is in the future."))
        if data.at is not None and data.at < task.alert.created_at - ATTEMPT_CLOCK_SLACK:
            raise ValidationError(_("The time of the attempt is before the warning arrived."))
        attempt = Attempt(
            task=task,
            channel=data.channel,
            at=data.at or now,
            outcome=data.outcome,
            unreached_reason=data.unreached_reason,
            denies=data.denies,
            amount_lost=data.amount_lost,
            amount_saved=data.amount_saved,
            note=data.note,
            checklist=list(data.checklist or []),
            by=user,
        )
        attempt.full_clean(exclude=["task", "by"])
        fields: dict[str, Any] = {
            "amount_lost": F("amount_lost") + data.amount_lost,
            "amount_saved": F("amount_saved") + data.amount_saved,
        }
        if task.status == TaskStatus.PENDING:
            fields.update(status=TaskStatus.IN_PROGRESS, accepted_at=now)
            if task.assignee_id is None:
                fields["assignee"] = user
        if data.outcome in REACHED and task.first_contact_at is None:
            fields["first_contact_at"] = attempt.at
        if task.status == TaskStatus.REVISIT:
            fields["revisit_count"] = F("revisit_count") + 1
        detail = attempt.get_outcome_display()
        if data.denies:
            fields.update(
                status=TaskStatus.REVISIT,
                next_revisit_at=now + timedelta(hours=settings.FANZHA_ALERT_REVISIT_HOURS),
            )
        elif task.status == TaskStatus.REVISIT and data.outcome in SAFE:
            fields.update(status=TaskStatus.IN_PROGRESS, next_revisit_at=None)
        _update(task, version, **fields)
        attempt.save()
        _event(task, EventKind.ATTEMPT, user, detail)
        if data.denies:
            _event(task, EventKind.REVISIT, user, f"{task.next_revisit_at:%Y-%m-%d %H:%M}")
    return attempt


def close(task: Task, user: Any, version: int, outcome: str) -> Task:
    """Close with a final outcome. A person still denying cannot be closed on; outcome 4 sends
    ``victim_confirmed``."""
    if outcome not in settings.FANZHA_ALERT_FINAL_OUTCOMES:
        raise ValidationError(
            _("Closing needs a final outcome (the person or a relative reached).")
        )
    with transaction.atomic():
        _editable(task, user)
        if task.status == TaskStatus.REVISIT:
            raise ValidationError(
                _("The person still denies: keep revisiting until they are confirmed safe.")
            )
        now = timezone.now()
        fields: dict[str, Any] = {"status": TaskStatus.CLOSED, "outcome": outcome, "closed_at": now}
        if task.first_contact_at is None and outcome in REACHED:
            last = task.attempts.filter(outcome=outcome).order_by("-at").first()
            fields["first_contact_at"] = last.at if last else now
        _update(task, version, **fields)
        _event(task, EventKind.CLOSED, user, str(Outcome(outcome).label))
        if outcome == Outcome.DEFRAUDED:
            attempt = task.attempts.filter(outcome=Outcome.DEFRAUDED).order_by("-at").first()
            for receiver, response in victim_confirmed.send_robust(
                sender=Task, alert=task.alert, task=task, attempt=attempt
            ):
                if isinstance(response, Exception):
                    log.error("victim_confirmed receiver %r failed: %s", receiver, response)
    return task


def bulk_close(task_ids: Iterable[int], user: Any, outcome: str) -> tuple[int, list[str]]:
    """Close each task the user may change; returns (closed, reasons for the ones skipped)."""
    closed, skipped = 0, []
    for task in Task.objects.restrict(user, "change").filter(pk__in=list(task_ids)):
        try:
            close(task, user, task.version, outcome)
            closed += 1
        except (ValidationError, Conflict, PermissionDenied) as exc:
            message = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
            skipped.append(f"{task}: {message}")
    return closed, skipped


def _tier_recipients(task: Task, tier: int) -> list[int]:
    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User

    users = User.objects.filter(is_active=True)
    if tier == Tier.STATION and task.station_id:
        return list(
            users.filter(role=Role.OFFICER, unit_id=task.station_id).values_list("pk", flat=True)
        )
    return list(users.filter(role=Role.ADMIN).values_list("pk", flat=True))


def _duty_phones(user_ids: list[int]) -> list[tuple[int, str, str, str]]:
    """(user id, cipher, index, mask) of the duty phones kept on these accounts."""
    from fanzha.accounts.models import User

    if not user_ids:
        return []
    return list(
        User.objects.filter(pk__in=user_ids)
        .exclude(duty_phone_cipher="")
        .order_by("pk")
        .values_list("pk", "duty_phone_cipher", "duty_phone_index", "duty_phone_mask")
    )


def escalate_overdue(now: datetime | None = None) -> int:
    """Move every task past its due time without a first contact up one tier (grid worker →
    station → district), give the new tier its own deadline, and notify it (inbox, and an SMS
    to each person of the tier with a duty phone on record). Periodic job; safe
    with several workers: each task is claimed by a conditional UPDATE on its tier and due time."""
    from fanzha.lib.sealed import Sealed
    from fanzha.notifications.choices import Channel as NoteChannel
    from fanzha.notifications.messages import render
    from fanzha.notifications.outbox import Message, enqueue_many

    now = now or timezone.now()
    overdue = Task.objects.filter(
        status__in=[TaskStatus.PENDING, TaskStatus.IN_PROGRESS],
        first_contact_at__isnull=True,
        due_at__lte=now,
        tier__lt=Tier.DISTRICT,
    ).order_by("due_at")
    count = 0
    grace = timedelta(minutes=settings.FANZHA_ALERT_ESCALATION_MINUTES)
    for task in overdue[:500]:
        tier = task.tier + 1
        if tier == Tier.STATION and not task.station_id:
            tier = Tier.DISTRICT
        with transaction.atomic():
            claimed = Task.objects.filter(
                pk=task.pk, tier=task.tier, due_at=task.due_at, first_contact_at__isnull=True
            ).update(
                tier=tier,
                due_at=now + grace,
                escalated_at=now,
                version=F("version") + 1,
                updated_at=now,
            )
            if not claimed:
                continue  # another worker escalated it, or someone reached the person
            _event(task, EventKind.ESCALATED, None, str(Tier(tier).label))
            text = render("task_escalated", {"task": task.pk})
            recipients = _tier_recipients(task, tier)
            common: dict[str, Any] = {
                "text": text,
                "template": "task_escalated",
                "purpose": "task_escalated",
                "ref": f"alerts.task:{task.pk}",
                "link": task.get_absolute_url(),
            }
            inbox = [
                Message(
                    channel=NoteChannel.INBOX,
                    to_user_id=uid,
                    dedup_key=f"task-escalated:{task.pk}:{tier}:{uid}",
                    **common,
                )
                for uid in recipients
            ]
            # And an SMS to whoever has a duty phone on record: an overdue warning cannot wait
            # for them to open the platform. Deduplicated per task, tier and person like the
            # inbox note, so a job run twice never texts twice.
            sms = [
                Message(
                    channel=NoteChannel.SMS,
                    phone=Sealed(cipher, index, mask),
                    to_user_id=uid,
                    dedup_key=f"task-escalated-sms:{task.pk}:{tier}:{uid}",
                    **common,
                )
                for uid, cipher, index, mask in _duty_phones(recipients)
            ]
            enqueue_many(inbox + sms, now=now)
        count += 1
    return count


def revisits_due(now: datetime | None = None) -> int:
    """Bring revisits whose time has come back into the queue: the task gets a fresh due time
    for its level and the assignee a note. Periodic job (conditional UPDATE per task)."""
    from fanzha.notifications.choices import Channel as NoteChannel
    from fanzha.notifications.messages import render
    from fanzha.notifications.outbox import Message, enqueue_many

    now = now or timezone.now()
    count = 0
    for task in Task.objects.filter(status=TaskStatus.REVISIT, next_revisit_at__lte=now)[:500]:
        with transaction.atomic():
            claimed = Task.objects.filter(
                pk=task.pk, status=TaskStatus.REVISIT, next_revisit_at=task.next_revisit_at
            ).update(
                next_revisit_at=None,
                version=F("version") + 1,
                updated_at=now,
                due_at=now + timedelta(minutes=settings.FANZHA_ALERT_DUE_MINUTES[task.level]),
            )
            if not claimed:
                continue
            _event(task, EventKind.REVISIT_DUE)
            if task.assignee_id:
                enqueue_many(
                    [
                        Message(
                            channel=NoteChannel.INBOX,
                            to_user_id=task.assignee_id,
                            text=render("revisit_due", {"task": task.pk}),
                            template="revisit_due",
                            purpose="revisit_due",
                            ref=f"alerts.task:{task.pk}",
                            link=task.get_absolute_url(),
                            dedup_key=f"revisit-due:{task.pk}:{task.revisit_count}",
                        )
                    ],
                    now=now,
                )
        count += 1
    return count


def open_tasks_q() -> Q:
    return Q(status__in=OPEN_STATUSES)
