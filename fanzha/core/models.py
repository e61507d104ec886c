"""Abstract bases shared by every domain app."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

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
