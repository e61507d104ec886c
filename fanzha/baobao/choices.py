"""Choices of the baobao (三包) app."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssignMode(models.TextChoices):
    """How a person came to hold an area."""

    SOLVER = "solver", _("Assigned by the solver")
    MANUAL = "manual", _("Set by hand (kept across re-runs)")
    NONE = "none", _("Not assigned")


class RunStatus(models.TextChoices):
    OPTIMAL = "optimal", _("Optimal")
    FEASIBLE = "feasible", _("Feasible (time limit reached)")
    EMPTY = "empty", _("Nothing to assign")


class Role3(models.TextChoices):
    """The two people each area gets."""

    STAFF = "staff", _("Staff member")
    OFFICER = "officer", pgettext_lazy("assigned", "Police officer")
