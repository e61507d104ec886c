"""Choices of the cards app (断卡)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ItemKind(models.TextChoices):
    PHONE_CARD = "phone_card", _("Phone card")
    IOT_CARD = "iot_card", _("IoT card")
    BANK_CARD = "bank_card", _("Personal bank card")
    CORPORATE_ACCOUNT = "corporate_account", _("Corporate account")
    PAYMENT_ACCOUNT = "payment_account", _("Payment account")
    SOCIAL_ACCOUNT = "social_account", _("Social account")


class Act(models.TextChoices):
    RENT = "rent", _("Rent")
    LEND = "lend", _("Lend")
    SELL = "sell", _("Sell")
    BUY = "buy", _("Buy")


class RecordSource(models.TextChoices):
    POLICE = "police", _("Police investigation")
    BANK = "bank", _("Bank")
    CARRIER = "carrier", _("Carrier")
    CASE = "case", _("Fraud case")
    REPORT = "report", _("Report")
    OTHER = "other", _("Other")


class RestrictionStatus(models.TextChoices):
    ACTIVE = "active", _("In force")
    LIFTED = "lifted", _("Lifted")
    ENDED = "ended", _("Ended")


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    REVIEWED = "reviewed", _("Reviewed")
    UPHELD = "upheld", pgettext_lazy("restriction", "Upheld")
    LIFTED = "lifted", _("Lifted")
