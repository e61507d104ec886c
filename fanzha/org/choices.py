from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    DISTRICT = "district", _("District")
    OFFICE = "office", _("Sub-district office")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")
    SECTOR = "sector", _("Sector unit")
    BUREAU = "bureau", _("Police sub-bureau")
    STATION = "station", _("Police station")


class SectorKind(models.TextChoices):
    TAX = "tax", _("Tax sub-bureau")
    FINANCE = "finance", _("Finance sub-bureau")
    ENFORCEMENT = "enforcement", _("Law enforcement bureau")
    MARKET = "market", _("Market regulation bureau")
    EDUCATION = "education", _("Education bureau")
    POLICE = "police", _("Public security sub-bureau")
    OTHER = "other", _("Other department")


class AssessmentCategory(models.TextChoices):
    """Units are compared within their category (DOMAIN.md §2)."""

    OFFICE = "office", _("Sub-district offices")
    SECTOR = "sector", _("Sector units")
