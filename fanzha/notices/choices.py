"""Choices of the 三告 documents."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NoticeKind(models.TextChoices):
    """一案一函告, 一季度一通告, 每年报告 (DOMAIN.md §1.1)."""

    LETTER = "letter", _("Case letter")
    QUARTERLY = "quarterly", _("Quarterly notice")
    ANNUAL = "annual", _("Annual report")


class NoticeStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class DeliveryEvent(models.TextChoices):
    SENT = "sent", _("Sent")
    RECEIVED = "received", _("Received")
    RETURNED = "returned", pgettext_lazy("delivery", "Returned")


class DeliveryMethod(models.TextChoices):
    HAND = "hand", _("By hand")
    POST = "post", _("By post")
    EMAIL = "email", _("By e-mail")
    OA = "oa", _("Government OA system")
    OTHER = "other", _("Other")


class DocumentFormat(models.TextChoices):
    DOCX = "docx", "Word (.docx)"
    PDF = "pdf", "PDF"
