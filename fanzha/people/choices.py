from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class BuiltinTag(models.TextChoices):
    """Vulnerability tags every district has; more come from ``FANZHA_EXTRA_TAGS``."""

    ELDERLY = "elderly", _("Elderly")
    STUDENT = "student", _("Student")
    FINANCE = "finance", _("Finance staff")
    OWNER = "owner", _("Enterprise owner or manager")
    PUBLIC_SERVANT = "public_servant", _("Public servant")
    PARTY_MEMBER = "party_member", _("Party member")


def tag_choices() -> list[tuple[str, str]]:
    choices = [(str(c.value), str(c.label)) for c in BuiltinTag]
    for pair in settings.FANZHA_EXTRA_TAGS:
        code, _sep, label = pair.partition(":")
        choices.append((code.strip(), label.strip() or code.strip()))
    return choices


def tag_label(code: str) -> str:
    return dict(tag_choices()).get(code, code)
