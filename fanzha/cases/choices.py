"""Choices of the case register."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FraudType(models.TextChoices):
    """The Ministry's ten common fraud types (DOMAIN.md §4) plus other."""

    SDFL = "SDFL", _("Order brushing for rebates")
    XJTZ = "XJTZ", _("Fake online investment")
    XJGW = "XJGW", _("Fake shopping or services")
    MCKF = "MCKF", _("Impersonating e-commerce or courier customer service")
    XJDK = "XJDK", _("Fake online loans")
    XJZX = "XJZX", _("Fake credit repair")
    MCLD = "MCLD", _("Impersonating a leader or acquaintance")
    MCGJF = "MCGJF", _("Impersonating police, prosecutors, courts or officials")
    WLHL = "WLHL", _("Online dating or romance scam")
    YXJY = "YXJY", _("Fake online game trading")
    OTHER = "OTHER", _("Other")


class Channel(models.TextChoices):
    """How the fraudster reached the victim."""

    PHONE = "phone", _("Phone call")
    SMS = "sms", _("SMS")
    WECHAT = "wechat", _("WeChat")
    QQ = "qq", _("QQ")
    APP = "app", _("App")
    WEBSITE = "website", _("Website")
    OTHER = "other", _("Other")


class CaseStatus(models.TextChoices):
    """Life of a case record. A draft comes from an alert closed with outcome 4 and waits for
    an officer to complete it; a voided record was entered in error and never counts."""

    DRAFT = "draft", pgettext_lazy("case", "Draft")
    OPEN = "open", pgettext_lazy("case", "Registered")
    SOLVED = "solved", _("Solved")
    CLOSED = "closed", pgettext_lazy("case", "Closed")
    VOID = "void", _("Void")


class CaseSource(models.TextChoices):
    MANUAL = "manual", _("Entered by staff")
    ALERT = "alert", _("Alert closed as defrauded")


class AttributionRule(models.TextChoices):
    """The written rules that decide which unit a case counts for (DOMAIN.md §1)."""

    RESIDENCE_OFFICE = "residence_office", _("Sub-district office of the victim's residence")
    EMPLOYER_SECTOR = "employer_sector", _("Sector unit responsible for the victim's employer")
    EMPLOYER_TERRITORY = (
        "employer_territory",
        _("Sub-district office of the victim's employer's territory"),
    )
    STAFF_UNIT = "staff_unit", _("The assessed unit the victim works for")
