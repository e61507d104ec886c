from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmissionKind(models.TextChoices):
    REGISTRATION = "registration", _("Registration for warnings")
    REPORT = "report", _("Fraud report")
    CHECK = "check", _("Message check")
    PLEDGE = "pledge", _("Household pledge")
    LOOKUP = "lookup", _("Risk lookup")
    QUIZ = "quiz", _("Experience quiz")


class ReportKind(models.TextChoices):
    """What a resident can report or look up (a subset of the indicator kinds)."""

    PHONE = "phone", _("Phone number")
    WECHAT = "wechat", _("WeChat account")
    QQ = "qq", _("QQ")
    ALIPAY = "alipay", _("Alipay")
    BANK_ACCOUNT = "bank_account", _("Bank account")
    URL = "url", _("Link or website")
    OTHER = "other", _("Other")
