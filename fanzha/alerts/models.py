"""Warning leads (预警线索), the dissuasion task each one becomes, its contact attempts and
timeline, and stop-payment requests (紧急止付)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.alerts.choices import (
    OPEN_STATUSES,
    Channel,
    ContactKind,
    EventKind,
    FraudType,
    Level,
    MatchedVia,
    Outcome,
    Source,
    StopPaymentStatus,
    TaskStatus,
    Tier,
    UnreachedReason,
)
from fanzha.core.models import ScopedModel, staff_reference
from fanzha.core.scoping import Scope, scope_q
from fanzha.lib import crypto


def task_scope_q(user: Any, prefix: str = "") -> Q:
    """Who sees a task (and what hangs off it): the area rules for its grid, office, community
    and station, the officer credited, and whoever it is assigned to."""
    p = prefix
    return scope_q(
        Scope(
            grid=f"{p}grid",
            office=f"{p}office",
            community=f"{p}community",
            station=f"{p}station",
            officer=f"{p}officer",
        ),
        user,
    ) | Q(**{f"{p}assignee": user.pk})


MONEY: dict[str, Any] = {
    "max_digits": 14,
    "decimal_places": 2,
    "validators": [MinValueValidator(Decimal("0"))],
}


class Alert(ScopedModel):
    """A warning lead as received from upstream: who was contacted (the target's phone, sealed),
    by what (the fraud contact), how urgent, and the raw payload (encrypted: it names the
    target). ``(source, source_ref)`` is unique, which makes every way in idempotent."""

    source = models.CharField(_("source"), max_length=12, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=100)
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    target_phone_cipher = models.TextField(editable=False)
    # Indexed in Meta.indexes: db_index=True would add a second, varchar_pattern_ops copy on
    # PostgreSQL for LIKE, which a blind index never needs (lookups are by equality).
    target_phone_index = models.CharField(max_length=32, editable=False)
    target_phone_mask = models.CharField(_("target phone"), max_length=20, editable=False)
    contact_kind = models.CharField(
        _("contact kind"), max_length=10, choices=ContactKind.choices, default=ContactKind.PHONE
    )
    contact = models.CharField(_("fraud contact"), max_length=300, blank=True)
    fraud_type = models.CharField(
        _("fraud type"), max_length=8, choices=FraudType.choices, default=FraudType.UNKNOWN
    )
    contacted_at = models.DateTimeField(_("time of contact"), null=True, blank=True)
    received_at = models.DateTimeField(_("time received"), default=timezone.now)
    payload_cipher = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(_("ingested at"), default=timezone.now, db_index=True)

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        return task_scope_q(user, "task__")

    class Meta:
        verbose_name = _("warning lead")
        verbose_name_plural = _("warning leads")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_ref"], name="alert_unique_source_ref"
            ),
        ]
        indexes = [models.Index(fields=["target_phone_index"], name="alert_target_phone_index")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.source_ref}"

    def get_absolute_url(self) -> str:
        return reverse("alerts:alert_detail", args=[self.pk])

    def reveal(self, field: str) -> str:
        cipher = {"phone": self.target_phone_cipher, "payload": self.payload_cipher}[field]
        return crypto.decrypt(cipher) if cipher else ""


class Task(ScopedModel):
    """The dissuasion task (劝阻任务) for one alert: who the target is (matched through the blind
    phone index), who must reach them and by when, and how it ended.

    ``version`` is the optimistic lock: every change goes through a conditional UPDATE on the
    version the editor saw, so two people saving at once cannot overwrite each other."""

    # Every reference of a task is checked once per statement, not once per row: intake
    # writes tens of thousands of tasks a second, and PostgreSQL's per-row foreign-key checks
    # were a third of its time. The same rules hold (see fanzha.core.references and migration
    # alerts 0006); hence db_constraint=False on each of them.
    alert = models.OneToOneField(
        Alert,
        verbose_name=_("warning lead"),
        on_delete=models.CASCADE,
        related_name="task",
        db_constraint=False,  # set-checked, see above
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.PENDING
    )
    tier = models.PositiveSmallIntegerField(_("held by"), choices=Tier.choices, default=Tier.GRID)
    matched_via = models.CharField(
        _("matched via"), max_length=12, choices=MatchedVia.choices, default=MatchedVia.NONE
    )
    resident = models.ForeignKey(
        "people.Resident",
        verbose_name=_("resident"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alert_tasks",
        db_constraint=False,  # set-checked, see above
    )
    registration = models.ForeignKey(
        "registrations.Registration",
        verbose_name=_("warning registration"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alert_tasks",
        db_constraint=False,  # set-checked, see above
    )
    grid = models.ForeignKey(
        "org.Grid",
        verbose_name=_("grid"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alert_tasks",
        db_constraint=False,  # set-checked, see above
        db_index=False,  # task_grid_status leads with grid
    )
    community = models.ForeignKey(
        "org.Unit",
        verbose_name=_("community / village"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_alert_tasks",
        db_constraint=False,  # set-checked, see above
    )
    office = models.ForeignKey(
        "org.Unit",
        verbose_name=_("sub-district office"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="office_alert_tasks",
        db_constraint=False,  # set-checked, see above
    )
    station = models.ForeignKey(
        "org.Unit",
        verbose_name=_("police station"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="station_alert_tasks",
        db_constraint=False,  # set-checked, see above
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("officer credited"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="credited_alert_tasks",
        db_constraint=False,  # set-checked, see above
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="alert_tasks",
        db_constraint=False,  # set-checked, see above
        db_index=False,  # task_assignee_status leads with assignee
    )
    due_at = models.DateTimeField(_("due at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    next_revisit_at = models.DateTimeField(_("next revisit"), null=True, blank=True)
    revisit_count = models.PositiveSmallIntegerField(_("revisits"), default=0)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=1, choices=Outcome.choices, blank=True)
    amount_lost = models.DecimalField(_("amount lost (¥)"), default=Decimal("0"), **MONEY)
    amount_saved = models.DecimalField(_("amount saved (¥)"), default=Decimal("0"), **MONEY)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("dissuasion task")
        verbose_name_plural = _("dissuasion tasks")
        ordering = ["due_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome="") & Q(closed_at__isnull=False),
                name="task_closed_needs_outcome",
            ),
            models.CheckConstraint(
                condition=Q(amount_lost__gte=0) & Q(amount_saved__gte=0),
                name="task_amounts_not_negative",
            ),
        ]
        indexes = [
            # The escalation job's query: open tasks by due time.
            models.Index(
                fields=["due_at"],
                name="task_open_due",
                condition=Q(status__in=["pending", "in_progress"], first_contact_at__isnull=True),
            ),
            models.Index(
                fields=["next_revisit_at"],
                name="task_revisit_due",
                condition=Q(status="revisit"),
            ),
            models.Index(fields=["assignee", "status"], name="task_assignee_status"),
            models.Index(fields=["grid", "status"], name="task_grid_status"),
            # The retention purge's query: closed tasks by closing time (open tasks, the bulk of
            # intake, are not in it, so it costs nothing when an alert comes in).
            models.Index(fields=["closed_at"], name="task_closed_at", condition=Q(status="closed")),
        ]

    def __str__(self) -> str:
        return _("Task %(number)s") % {"number": self.pk}

    def get_absolute_url(self) -> str:
        return reverse("alerts:task_detail", args=[self.pk])

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        return task_scope_q(user)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.first_contact_at is None and self.due_at < timezone.now()

    @property
    def response_time(self) -> timedelta | None:
        if self.first_contact_at is None:
            return None
        return self.first_contact_at - self.alert.created_at


class Attempt(ScopedModel):
    """One contact attempt: a call, an SMS or a visit, with the outcome code (DOMAIN.md §3),
    the money involved and, for visits, the 四查看、三询问、一保护 checklist."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.CASCADE, related_name="attempts"
    )
    channel = models.CharField(
        pgettext_lazy("contact", "channel"), max_length=8, choices=Channel.choices
    )
    at = models.DateTimeField(_("time"), default=timezone.now)
    outcome = models.CharField(_("outcome"), max_length=1, choices=Outcome.choices)
    unreached_reason = models.CharField(
        _("reason not reached"), max_length=12, choices=UnreachedReason.choices, blank=True
    )
    denies = models.BooleanField(
        _("denies being targeted"),
        default=False,
        help_text=_("The person denies everything: revisits are scheduled until confirmed safe."),
    )
    amount_lost = models.DecimalField(_("amount lost (¥)"), default=Decimal("0"), **MONEY)
    amount_saved = models.DecimalField(_("amount saved (¥)"), default=Decimal("0"), **MONEY)
    note = models.TextField(_("note"), blank=True)
    checklist = models.JSONField(_("visit checklist"), default=list, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        return task_scope_q(user, "task__")

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome="2", unreached_reason__gt="")
                | ~Q(outcome="2") & Q(unreached_reason=""),
                name="attempt_reason_iff_unreached",
            ),
            models.CheckConstraint(
                condition=Q(amount_lost__gte=0) & Q(amount_saved__gte=0),
                name="attempt_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.get_outcome_display()}"


class TaskEvent(models.Model):
    """The task's timeline: created, accepted, assigned, attempts, escalations, revisits,
    closing. Written by the task capability functions, never edited."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("event"), max_length=12, choices=EventKind.choices)
    at = models.DateTimeField(_("time"), default=timezone.now)
    user = staff_reference(_("by"))
    detail = models.CharField(_("detail"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("task event")
        verbose_name_plural = _("task events")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class StopPayment(ScopedModel):
    """An emergency stop-payment request (紧急止付) on a fraud account: valid for 48 hours, at
    most twice per account (``sequence`` is unique per account, so two concurrent third requests
    cannot both succeed); then frozen funds and their return within 3 working days."""

    task = models.ForeignKey(
        Task, verbose_name=_("task"), on_delete=models.PROTECT, related_name="stop_payments"
    )
    account = models.CharField(_("account"), max_length=40)
    bank = models.CharField(_("bank"), max_length=60)
    amount = models.DecimalField(_("amount (¥)"), **MONEY)
    sequence = models.PositiveSmallIntegerField(_("request number"), editable=False)
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), editable=False)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=StopPaymentStatus.choices,
        default=StopPaymentStatus.REQUESTED,
    )
    frozen_amount = models.DecimalField(_("amount frozen (¥)"), default=Decimal("0"), **MONEY)
    frozen_at = models.DateTimeField(_("frozen at"), null=True, blank=True)
    return_due = models.DateField(_("return due"), null=True, blank=True)
    returned_amount = models.DecimalField(_("amount returned (¥)"), default=Decimal("0"), **MONEY)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    return_warned_at = models.DateTimeField(_("late return warned"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        return task_scope_q(user, "task__")

    class Meta:
        verbose_name = _("stop-payment request")
        verbose_name_plural = _("stop-payment requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "sequence"], name="stop_payment_unique_account_sequence"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="stop_payment_amount_positive"),
            models.CheckConstraint(
                condition=Q(frozen_amount__gte=0)
                & Q(returned_amount__lte=models.F("frozen_amount")),
                name="stop_payment_return_within_frozen",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bank} {self.account} #{self.sequence}"

    @property
    def is_active(self) -> bool:
        return self.status == StopPaymentStatus.REQUESTED and self.expires_at > timezone.now()

    @property
    def return_overdue(self) -> bool:
        return (
            self.status == StopPaymentStatus.FROZEN
            and self.return_due is not None
            and timezone.localdate() > self.return_due
        )
