"""Choices of the outreach app: 六进 categories, publicity forms, pledge methods, upload kinds,
print runs."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SixInto(models.TextChoices):
    """The 六进 categories: where a publicity activity goes (DOMAIN.md §1.7)."""

    COMMUNITY = "community", _("Into communities")
    VILLAGE = "village", _("Into villages")
    UNIT = "unit", _("Into units")
    ENTERPRISE = "enterprise", _("Into enterprises")
    COMPOUND = "compound", _("Into residential compounds")
    CAMPUS = "campus", _("Into campuses")


class PublicityForm(models.TextChoices):
    """How the message was carried; an activity may use several forms."""

    BANNER = "banner", _("Banner")
    SLOGAN = "slogan", _("Painted slogan")
    COLUMN = "column", _("Publicity column")
    VAN = "van", _("Publicity van")
    LOUDSPEAKER = "loudspeaker", _("Loudspeaker")
    MARKET_DAY = "market_day", _("Market day")
    NIGHT_FILM = "night_film", _("Night film")
    SMALL_CLASS = "small_class", _("Small class")
    VIDEO = "video", _("Video")
    LIVE_STREAM = "live_stream", _("Live stream")
    EXPERIENCE = "experience", _("Experience or quiz")


class PledgeMethod(models.TextChoices):
    PAPER = "paper", _("On paper (scan uploaded)")
    ELECTRONIC = "electronic", _("Electronically")


class UploadKind(models.TextChoices):
    PLEDGE_SCAN = "pledge_scan", _("Pledge scan")
    ACTIVITY_PHOTO = "activity_photo", _("Activity photo")
    BANNER_PROOF = "banner_proof", _("Banner proof photo")


class PrintKind(models.TextChoices):
    """What a print run holds."""

    BANNERS = "banners", _("Venue banners")
    PLEDGE_FORMS = "pledge_forms", _("Household pledge forms")


class PrintStatus(models.TextChoices):
    """Where a print run is: waiting for the worker, being rendered, ready, failed, or over
    with its file deleted (retention)."""

    QUEUED = "queued", _("Waiting for the worker")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("File deleted")
