"""Forms of the indicators app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fanzha.core.forms import ScopedModelForm
from fanzha.indicators.choices import BanTerm, IndicatorKind, IndicatorStatus
from fanzha.indicators.models import Indicator
from fanzha.indicators.normalize import normalize


class IndicatorForm(ScopedModelForm):
    """Report a fraud account or contact by hand; saving records a staff sighting."""

    # Not the model's ``value``: a known value is no error (reporting it again records another
    # sighting), so the unique constraint must not be checked against the raw input.
    account = forms.CharField(label=_("Account, number or address"), max_length=300)

    class Meta:
        model = Indicator
        fields = ["kind", "account", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        kind, value = data.get("kind"), data.get("account")
        if kind and value:
            try:
                data["normalised"] = normalize(kind, value)
            except ValidationError as exc:
                self.add_error("account", exc)
        return data


class TransitionForm(forms.Form):
    """Move an indicator to its next state."""

    target = forms.ChoiceField(label=_("New status"), choices=IndicatorStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)
    ban_term = forms.ChoiceField(
        label=_("Ban term"), choices=[("", "—"), *BanTerm.choices], required=False
    )
    banned_until = forms.DateField(
        label=_("Banned until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    platform = forms.CharField(label=_("Platform"), max_length=50, required=False)
    platform_ref = forms.CharField(label=_("Platform reference"), max_length=100, required=False)


class RiskForm(forms.Form):
    """The staff risk lookup."""

    kind = forms.ChoiceField(label=_("Kind"), choices=IndicatorKind.choices)
    value = forms.CharField(label=_("Value"), max_length=300)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        if data.get("kind") and data.get("value"):
            try:
                normalize(data["kind"], data["value"])
            except ValidationError as exc:
                self.add_error("value", exc)
        return data


class ReplyImportForm(forms.Form):
    """Upload a platform reply CSV."""

    file = forms.FileField(label=_("Platform reply file (CSV)"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > settings.FANZHA_MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is too large."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(_("Upload a .csv file."))
        return upload


class PeriodForm(forms.Form):
    """Ban counts for bans carried out between two dates (both optional, both included)."""

    start = forms.DateField(
        label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("End date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
