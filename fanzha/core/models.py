"""Abstract bases shared by every domain app."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.core.scoping import RestrictedManager


class TimeStampedModel(models.Model):
    """Creation and last-change times."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class ScopedModel(TimeStampedModel):
    """A model whose rows are scoped by ``restrict(user, action)`` and whose changes are logged.

    Subclasses set ``scope`` (a :class:`fanzha.core.scoping.Scope`) or define ``scope_q``.
    """

    objects = RestrictedManager()

    change_logged = True

    class Meta:
        abstract = True


class WorkerHeartbeat(models.Model):
    """The last time each ``fanzha worker`` process went round its loop (health endpoint)."""

    name = models.CharField(_("worker"), max_length=100, unique=True)
    seen_at = models.DateTimeField(pgettext_lazy("heartbeat", "last seen"))
    jobs = models.JSONField(_("last run"), default=dict)

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self) -> str:
        return self.name


class DemoState(models.Model):
    """Marks that the demo district was built (so a second ``make demo`` reuses it)."""

    seed = models.IntegerField()
    scale = models.FloatField()
    built_at = models.DateTimeField(auto_now_add=True)
    seconds = models.FloatField(default=0)

    class Meta:
        verbose_name = _("demo build")
        verbose_name_plural = _("demo builds")

    def __str__(self) -> str:
        return f"seed {self.seed} scale {self.scale}"


def staff_reference(verbose_name: Any) -> models.ForeignKey:
    """The staff member who did something to a row ("entered by", "decided by"): optional, kept
    when the account goes (SET_NULL), and with no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
