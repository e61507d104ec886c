"""Forms of the cards app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.cards.choices import ItemKind
from fanzha.cards.items import normalize_item
from fanzha.cards.models import CardPerson, CardRecord, TwoCardProblem
from fanzha.core.forms import ScopedModelForm

DATE = forms.DateInput(attrs={"type": "date"})


class CardPersonForm(ScopedModelForm):
    class Meta:
        model = CardPerson
        fields = ["resident", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class CardRecordForm(ScopedModelForm):
    item_number = forms.CharField(
        label=_("Item number"),
        max_length=60,
        help_text=_("Stored encrypted; lists show it masked."),
    )

    class Meta:
        model = CardRecord
        fields = [
            "item_kind",
            "issuer",
            "item_number",
            "act",
            "counterparty",
            "act_date",
            "source",
            "note",
        ]
        widgets = {"act_date": DATE}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kind, number = data.get("item_kind"), data.get("item_number")
        if kind and number:
            try:
                normalize_item(kind, number)
            except ValidationError as exc:
                self.add_error("item_number", exc)
        return data


class FlagForm(forms.Form):
    years = forms.TypedChoiceField(label=_("Years"), coerce=int, choices=[])
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DATE)
    reason = forms.CharField(
        label=_("Additional reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = self.fields["years"]
        assert isinstance(years, forms.TypedChoiceField)
        years.choices = [(y, y) for y in settings.FANZHA_CARDS_PUNISHMENT_YEARS]
        years.initial = settings.FANZHA_CARDS_DEFAULT_PUNISHMENT_YEARS


class AppealForm(forms.Form):
    statement = forms.CharField(label=_("Statement"), widget=forms.Textarea(attrs={"rows": 3}))


class ReviewForm(forms.Form):
    note = forms.CharField(
        label=_("Review"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=[("upheld", _("Uphold")), ("lifted", _("Lift"))]
    )
    note = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))


class QuotaForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("card", "Item"),
        choices=[
            (ItemKind.PHONE_CARD, ItemKind.PHONE_CARD.label),
            (ItemKind.BANK_CARD, ItemKind.BANK_CARD.label),
        ],
    )
    issuer = forms.CharField(label=_("Carrier or bank"), max_length=50)
    held_elsewhere = forms.IntegerField(
        label=_("Cards reported by the issuer"), min_value=0, required=False
    )


class TwoCardProblemForm(ScopedModelForm):
    class Meta:
        model = TwoCardProblem
        fields = ["unit", "occurred_on", "title", "description"]
        widgets = {"occurred_on": DATE, "description": forms.Textarea(attrs={"rows": 4})}
