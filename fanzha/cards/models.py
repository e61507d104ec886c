"""断卡: people who rent, lend, sell or buy phone cards, bank cards and accounts; the joint
punishment (联合惩戒) they get when they cross the thresholds; appeals; and prominent two-card
problems per jurisdiction (they cost a unit assessment points)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.cards.choices import Act, AppealStatus, ItemKind, RecordSource, RestrictionStatus
from fanzha.core.models import ScopedModel, staff_reference
from fanzha.core.scoping import Scope
from fanzha.lib import crypto


def _person_scope(prefix: str, officer: str) -> Scope:
    resident = f"{prefix}resident__"
    return Scope(
        grid=f"{resident}grid",
        office=f"{resident}grid__office",
        community=f"{resident}grid__community",
        station=f"{resident}grid__station",
        officer=officer,
    )


class CardPerson(ScopedModel):
    """A resident involved in the 断卡 action: the person whose cards and accounts were rented,
    lent, sold or bought. One row per resident; the acts are ``CardRecord`` rows."""

    resident = models.OneToOneField(
        "people.Resident",
        verbose_name=_("resident"),
        on_delete=models.PROTECT,
        related_name="card_person",
    )
    note = models.TextField(_("note"), blank=True)
    created_by = staff_reference(_("entered by"))

    scope = _person_scope("", "created_by")

    class Meta:
        verbose_name = _("断卡 person")
        verbose_name_plural = _("断卡 people")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.resident.name

    def get_absolute_url(self) -> str:
        return reverse("cards:person_detail", args=[self.pk])

    def active_restriction(self, on: date | None = None) -> Restriction | None:
        on = on or timezone.localdate()
        return self.restrictions.filter(
            status=RestrictionStatus.ACTIVE, starts_on__lte=on, ends_on__gte=on
        ).first()


class CardRecord(ScopedModel):
    """One act (rent, lend, sell, buy) on one item (a card or account) with one counterparty.

    The item's number is sealed like an ID number: a bank account is sensitive personal
    information (PIPL Art. 28). ``item_index`` lets distinct items be counted without
    decrypting anything."""

    person = models.ForeignKey(
        CardPerson, verbose_name=_("person"), on_delete=models.CASCADE, related_name="records"
    )
    item_kind = models.CharField(
        pgettext_lazy("card", "item"), max_length=20, choices=ItemKind.choices
    )
    issuer = models.CharField(
        _("carrier or bank"),
        max_length=50,
        blank=True,
        help_text=_("For the card quota checks: the carrier of a phone card, the bank of a card."),
    )
    item_cipher = models.TextField(editable=False)
    item_index = models.CharField(max_length=32, editable=False)
    item_mask = models.CharField(_("item number"), max_length=40, editable=False)
    act = models.CharField(_("act"), max_length=10, choices=Act.choices)
    counterparty = models.CharField(
        _("counterparty"),
        max_length=100,
        help_text=_("Who rented, bought or received the item (name, account or nickname)."),
    )
    counterparty_key = models.CharField(max_length=100, editable=False)
    act_date = models.DateField(_("date of the act"))
    source = models.CharField(_("source"), max_length=20, choices=RecordSource.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = staff_reference(_("entered by"))

    scope = _person_scope("person__", "created_by")

    class Meta:
        verbose_name = _("断卡 record")
        verbose_name_plural = _("断卡 records")
        ordering = ["-act_date", "-pk"]
        indexes = [models.Index(fields=["person", "item_kind"], name="cardrecord_person_kind")]

    def __str__(self) -> str:
        return f"{self.get_act_display()} {self.get_item_kind_display()} {self.item_mask}"

    def set_item_number(self, value: str) -> None:
        from fanzha.cards.items import seal_item

        self.item_cipher, self.item_index, self.item_mask = seal_item(self.item_kind, value)

    def reveal(self, field: str) -> str:
        assert field == "item_number"
        return crypto.decrypt(self.item_cipher)

    def save(self, *args: Any, **kwargs: Any) -> None:
        from fanzha.cards.items import counterparty_key

        self.counterparty_key = counterparty_key(self.counterparty)
        super().save(*args, **kwargs)


class Restriction(ScopedModel):
    """A joint punishment (联合惩戒) of a person: 2 or 3 years, at most 5 in a row, with the
    reason and the appeal channel stated. A lifted restriction ends the day it is lifted."""

    person = models.ForeignKey(
        CardPerson,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="restrictions",
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RestrictionStatus.choices,
        default=RestrictionStatus.ACTIVE,
    )
    years = models.PositiveSmallIntegerField(_("years"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    reason = models.TextField(_("reason"))
    appeal_channel = models.CharField(_("appeal channel"), max_length=300)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    lift_reason = models.CharField(_("reason for lifting"), max_length=300, blank=True)
    created_by = staff_reference(_("decided by"))

    scope = _person_scope("person__", "created_by")

    class Meta:
        verbose_name = _("joint punishment")
        verbose_name_plural = _("joint punishments")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="restriction_ends_after_start"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="restriction_states_reason"),
            models.CheckConstraint(
                condition=~Q(appeal_channel=""), name="restriction_states_appeal_channel"
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="active"),
                name="restriction_one_active_per_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="lifted") | Q(lifted_at__isnull=False),
                name="restriction_lifted_has_time",
            ),
        ]
        indexes = [
            models.Index(
                fields=["ends_on"], name="restriction_active_due", condition=Q(status="active")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.starts_on}–{self.ends_on}"

    def get_absolute_url(self) -> str:
        return reverse("cards:restriction_detail", args=[self.pk])

    @property
    def in_force(self) -> bool:
        today = timezone.localdate()
        return self.status == RestrictionStatus.ACTIVE and self.starts_on <= today <= self.ends_on

    @property
    def open_appeal(self) -> Appeal | None:
        return self.appeals.filter(
            status__in=[AppealStatus.SUBMITTED, AppealStatus.REVIEWED]
        ).first()


class Appeal(ScopedModel):
    """An appeal against a restriction: submitted → reviewed → upheld or lifted."""

    restriction = models.ForeignKey(
        Restriction,
        verbose_name=_("joint punishment"),
        on_delete=models.CASCADE,
        related_name="appeals",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AppealStatus.choices, default=AppealStatus.SUBMITTED
    )
    statement = models.TextField(_("statement"))
    submitted_at = models.DateTimeField(_("submitted at"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review"), blank=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision"), blank=True)
    submitted_by = staff_reference(_("entered by"))
    reviewed_by = staff_reference(_("reviewed by"))
    decided_by = staff_reference(_("decided by"))

    scope = _person_scope("restriction__person__", "submitted_by")

    class Meta:
        verbose_name = _("appeal")
        verbose_name_plural = _("appeals")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["restriction"],
                condition=Q(status__in=["submitted", "reviewed"]),
                name="appeal_one_open_per_restriction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.restriction.person} {self.get_status_display()}"


class TwoCardProblem(ScopedModel):
    """A prominent two-card problem (突出“两卡”问题) in a unit's jurisdiction, e.g. a card-selling
    ring uncovered with bad influence. Each costs the unit the 断卡 assessment item's points
    (DOMAIN.md §2)."""

    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("jurisdiction"), on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField(_("occurred on"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    recorded_by = staff_reference(_("recorded by"))

    class Meta:
        verbose_name = _("prominent two-card problem")
        verbose_name_plural = _("prominent two-card problems")
        ordering = ["-occurred_on", "-pk"]
        indexes = [models.Index(fields=["unit", "occurred_on"], name="twocard_unit_day")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("cards:problem_list")

    @classmethod
    def scope_q(cls, user: Any, action: str) -> Q:
        """A unit sees problems of itself and the units under it; an officer, those of the
        communities their station covers; anyone, the ones they recorded."""
        q = Q(recorded_by=user.pk)
        if user.unit_id is not None:
            q |= Q(unit_id=user.unit_id) | Q(unit__parent_id=user.unit_id)
            q |= Q(unit__police_station_id=user.unit_id)
        return q
