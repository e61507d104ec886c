from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Part(models.TextChoices):
    """The three parts of the 100-point scheme (DOMAIN.md §2)."""

    SYSTEM_BUILDING = "system_building", _("Work-system building")
    CASES_YOY = "cases_yoy", _("Cases year on year")
    CARD_ACTION = "card_action", _("Card-breaking action")


class ItemRule(models.TextChoices):
    """How an item is scored (fanzha.assessment.scoring.Rule)."""

    MANUAL = "manual", _("Scored by the assessor")
    CASES_YOY = "cases_yoy", _("Computed: cases year on year")
    CARD_PUBLICITY = "card_publicity", _("Computed: card-breaking publicity in six-into")
    CARD_NO_PROBLEM = "card_no_problem", _("Computed: no prominent two-card problem")


class Quarter(models.IntegerChoices):
    Q1 = 1, _("First quarter")
    Q2 = 2, _("Second quarter")
    Q3 = 3, _("Third quarter")
    Q4 = 4, _("Fourth quarter")


class PeriodStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("period", "Open")
    CLOSED = "closed", pgettext_lazy("period", "Closed")


class Light(models.TextChoices):
    RED = "red", _("Red")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green")


class AppealStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    UPHELD = "upheld", pgettext_lazy("appeal", "Upheld")
    REJECTED = "rejected", _("Rejected")
