"""The audit trail: changes to records, and every access to personal data beyond the mask."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fanzha.audit.choices import AccessKind, ChangeAction
from fanzha.core.models import staff_reference


class ChangeRecord(models.Model):
    """Who changed what, when, with the field values before and after (identifiers stay
    masked: the audit log must not become a second copy of the personal data)."""

    time = models.DateTimeField(_("time"), auto_now_add=True)
    user = staff_reference(_("user"))
    action = models.CharField(_("action"), max_length=10, choices=ChangeAction.choices)
    model = models.CharField(_("record type"), max_length=60)
    object_id = models.CharField(_("record id"), max_length=40)
    object_repr = models.CharField(_("record"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("change record")
        verbose_name_plural = _("change records")
        ordering = ["-time", "-pk"]
        # Pages are keyset ranges on (time, id), newest first (``paging.py``); each filter of
        # the page has an index that starts with it and continues in that order.
        indexes = [
            models.Index(fields=["time", "id"], name="change_time"),
            models.Index(fields=["user", "time", "id"], name="change_user_time"),
            models.Index(fields=["model", "object_id", "time", "id"], name="change_object_time"),
            models.Index(fields=["model", "time", "id"], name="change_model_time"),
            models.Index(fields=["action", "time", "id"], name="change_action_time"),
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.model}#{self.object_id}"


class AccessRecord(models.Model):
    """A read of a full identifier, an export, or an administrator override: who, whose, when,
    why (PIPL; DOMAIN.md §6)."""

    time = models.DateTimeField(_("time"), auto_now_add=True)
    user = staff_reference(_("user"))
    kind = models.CharField(_("kind"), max_length=10, choices=AccessKind.choices)
    model = models.CharField(_("record type"), max_length=60, blank=True)
    object_id = models.CharField(_("record id"), max_length=40, blank=True)
    subject = models.CharField(_("whose"), max_length=200, blank=True)
    field = models.CharField(_("field"), max_length=40, blank=True)
    reason = models.CharField(_("reason"), max_length=300)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        verbose_name = _("access record")
        verbose_name_plural = _("access records")
        ordering = ["-time", "-pk"]
        # As for ChangeRecord; "whose" is searched by its beginning, hence the pattern index.
        indexes = [
            models.Index(fields=["time", "id"], name="access_time"),
            models.Index(fields=["user", "time", "id"], name="access_user_time_id"),
            models.Index(fields=["kind", "time", "id"], name="access_kind_time"),
            models.Index(fields=["model", "object_id", "time", "id"], name="access_object_time"),
            models.Index(
                fields=["subject"], name="access_subject_like", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}"
