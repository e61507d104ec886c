from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportKind(models.TextChoices):
    RESIDENTS = "residents", _("Residents")
    HOUSEHOLDS = "households", _("Households")
    REGISTRATIONS = "registrations", _("Warning registrations")
    PLACES = "places", _("Places")


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    RUNNING = "running", _("Running")
    INVALID = "invalid", _("Rejected: errors found")
    VALIDATED = "validated", _("Dry run passed")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportPhase(models.TextChoices):
    """What a running job is doing: the whole file is checked before anything is stored."""

    QUEUED = "queued", _("Queued")
    VALIDATING = "validating", _("Checking rows")
    STORING = "storing", _("Storing rows")
    FINISHED = "finished", _("Finished")
