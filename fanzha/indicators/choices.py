"""Choices of the indicators app (涉诈线索)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    PHONE = "phone", _("Phone number")
    WECHAT = "wechat", _("WeChat account")
    WECHAT_GROUP = "wechat_group", _("WeChat group")
    QQ = "qq", _("QQ")
    ALIPAY = "alipay", _("Alipay")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    PAYMENT_ACCOUNT = "payment_account", _("Payment account")
    URL = "url", _("URL or domain")
    APP = "app", _("App")
    DOUYIN = "douyin", _("Douyin account")
    OTHER = "other", _("Other")


class IndicatorStatus(models.TextChoices):
    PENDING = "pending", _("Pending verification")
    VERIFIED = "verified", _("Verified")
    SUBMITTED = "submitted", _("Submitted to platform")
    BANNED = "banned", _("Banned")
    REJECTED = "rejected", _("Rejected by platform")
    UNBANNED = "unbanned", _("Unbanned")
    EXPIRED = "expired", _("Ban expired")
    FALSE_POSITIVE = "false_positive", _("False positive")


class BanTerm(models.TextChoices):
    PERMANENT = "permanent", _("Permanent")
    SHORT_TERM = "short_term", _("Short-term")


class SightingSource(models.TextChoices):
    ALERT = "alert", _("Alert")
    CASE = "case", _("Case")
    RESIDENT_REPORT = "resident_report", _("Resident report")
    PLATFORM = "platform", _("Platform list")
    STAFF = "staff", _("Staff entry")


class RiskLevel(models.TextChoices):
    BANNED = "banned", _("Banned")
    VERIFIED = "verified", _("Verified fraud")
    REPORTED = "reported", _("Reported")
    UNKNOWN = "unknown", _("Unknown")


class ImportStatus(models.TextChoices):
    APPLIED = "applied", _("Applied")
    FAILED = "failed", _("Failed, nothing changed")
