"""The audit trail: changes to records, and every access to personal data beyond the mask."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from fanzha.audit.choices import AccessKind, ChangeAction
from fanzha.core.models import staff_reference


class ChangeRecord(models.Model):
    """Who changed what, when, with the field values before and after (identifiers stay
    masked: the audit log must not become a second copy of the personal data)."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
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
        indexes = [models.Index(fields=["model", "object_id"], name="change_object")]

    def __str__(self) -> str:
        return f"{self.action} {self.model}#{self.object_id}"


class AccessRecord(models.Model):
    """A read of a full identifier, an export, or an administrator override: who, whose, when,
    why (PIPL; DOMAIN.md §6)."""

    time = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
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
        indexes = [models.Index(fields=["user", "time"], name="access_user_time")]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject}"
