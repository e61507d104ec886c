"""The notification outbox: a message is a row written in the same transaction as the work that
caused it, and a worker sends it later through a gateway (``fanzha.notifications.gateways``)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.core.scoping import RestrictedManager
from fanzha.lib.ids import uuid7
from fanzha.notifications.choices import Channel, Status


class Notification(models.Model):
    """One outgoing message: an SMS to a phone number (sealed: cipher, blind index, mask) or a
    note in a staff member's inbox.

    ``dedup_key`` makes enqueueing idempotent (the same warning for the same alert is one row);
    ``key`` is the idempotency key handed to the gateway so a resend after a crash between
    "gateway accepted" and "row marked sent" is not delivered twice. Rows belong to no area:
    only global roles see the outbox (``restrict`` without a scope)."""

    # Time-ordered: the unique index takes each new message at its right edge (the intake
    # queues one per alert, tens of thousands a second).
    key = models.UUIDField(_("message key"), default=uuid7, unique=True, editable=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    to_cipher = models.TextField(blank=True, editable=False)
    # Blind index of the number, kept for a lookup by number but not indexed: nothing looks
    # messages up by number (a person's warnings are reached through their alerts), and an
    # index on it took a random page of a large index for every alert's warning, about a tenth
    # of PostgreSQL's time per alert at a million alerts. Index it (Meta.indexes, not
    # db_index, which adds a LIKE copy) when such a lookup is built.
    to_index = models.CharField(max_length=32, blank=True, editable=False)
    to_mask = models.CharField(
        pgettext_lazy("recipient", "to"), max_length=20, blank=True, editable=False
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        db_index=False,  # notification_to_user: only inbox notes have a recipient user
        # Checked once per statement (fanzha.core.references, migration 0005): intake queues a
        # warning per alert, none of them for a user, and a per-row check still ran for each.
        db_constraint=False,
    )
    template = models.CharField(_("template"), max_length=40, blank=True)
    text = models.TextField(_("text"))
    link = models.CharField(_("link"), max_length=200, blank=True)
    purpose = models.CharField(_("purpose"), max_length=40, blank=True)
    ref = models.CharField(_("reference"), max_length=80, blank=True)
    dedup_key = models.CharField(max_length=120, null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    claim = models.UUIDField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    provider_ref = models.CharField(_("gateway reference"), max_length=100, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    objects = RestrictedManager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["dedup_key"], name="notification_unique_dedup_key"),
            models.CheckConstraint(
                condition=Q(channel="inbox", to_user__isnull=False)
                | Q(channel="sms") & ~Q(to_cipher=""),
                name="notification_has_recipient",
            ),
        ]
        indexes = [
            # Exactly the worker's query: due messages still waiting to be sent.
            models.Index(
                fields=["next_attempt_at"],
                name="notification_due",
                condition=Q(status__in=["pending", "sending"]),
            ),
            # SMS (every alert's warning) has no recipient user: leaving those rows out of the
            # index spares intake an index entry per warning; an inbox or a user's deletion
            # (to_user = x) still uses it.
            models.Index(
                fields=["to_user"], name="notification_to_user", condition=Q(to_user__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.to_mask or self.to_user}"
