"""Forms of the assessment: periods, scheme edits, manual scores, appeals, and the what-if."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fanzha.assessment.choices import AppealStatus
from fanzha.assessment.models import Period, Scheme, SchemeItem
from fanzha.core.forms import ScopedModelForm


class PeriodForm(ScopedModelForm):
    class Meta:
        model = Period
        fields = ["year", "quarter", "scheme"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.initial.get("scheme") and not self.is_bound:
            self.initial["scheme"] = Scheme.default().pk


class SchemeForm(ScopedModelForm):
    class Meta:
        model = Scheme
        fields = [
            "name",
            "description",
            "is_active",
            "yoy_stable_points",
            "yoy_points_per_percent",
            "yoy_zero_at_percent",
            "yoy_stable_band_percent",
        ]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        stable = data.get("yoy_stable_points")
        if stable is not None and self.instance.pk:
            yoy = self.instance.items.filter(rule="cases_yoy").first()
            if yoy is not None and stable > yoy.max_points:
                raise forms.ValidationError(
                    _("The stable score cannot exceed the year-on-year maximum.")
                )
        return data


class SchemeItemForm(ScopedModelForm):
    class Meta:
        model = SchemeItem
        fields = ["code", "label", "office_label", "part", "rule", "max_points", "order"]

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        rule = data.get("rule")
        code = data.get("code")
        scheme = self.instance.scheme
        if (
            code
            and SchemeItem.objects.filter(scheme=scheme, code=code)
            .exclude(pk=self.instance.pk)
            .exists()
        ):
            raise forms.ValidationError(_("Another item of this scheme has this code."))
        maximum = data.get("max_points")
        if rule == "cases_yoy" and maximum is not None and maximum < scheme.yoy_stable_points:
            raise forms.ValidationError(
                _("The stable score cannot exceed the year-on-year maximum.")
            )
        if rule and rule != "manual":
            clash = SchemeItem.objects.filter(scheme=scheme, rule=rule).exclude(pk=self.instance.pk)
            if clash.exists():
                raise forms.ValidationError(
                    _("Another item of this scheme already uses this computed rule.")
                )
        return data


class ManualScoreForm(forms.Form):
    """One hand-scored item; the maximum is checked against the scheme by the capability
    function (so the form and the CLI refuse the same inputs)."""

    item_code = forms.CharField(widget=forms.HiddenInput)
    points = forms.DecimalField(label=_("Points"), max_digits=6, decimal_places=2)
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    evidence_file = forms.FileField(label=_("Evidence file (JPEG, PNG or PDF)"), required=False)


class AppealForm(forms.Form):
    item_code = forms.ChoiceField(label=_("Item"), required=False)
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self, *args: Any, items: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["item_code"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("The score as a whole")), *(items or [])]


class AppealDecisionForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (AppealStatus.UPHELD, AppealStatus.UPHELD.label),
            (AppealStatus.REJECTED, AppealStatus.REJECTED.label),
        ],
    )
    decision = forms.CharField(
        label=_("Reasons for the decision"), widget=forms.Textarea(attrs={"rows": 2})
    )


_TRI = [("", _("not available")), ("yes", _("Yes")), ("no", _("No"))]


class WhatIfForm(forms.Form):
    """Inputs of one unit to try out; built with the unit's manual items."""

    cases_last = forms.IntegerField(label=_("Cases last year"), min_value=0, required=False)
    cases_this = forms.IntegerField(label=_("Cases this year"), min_value=0, required=False)
    card_publicity_in_six_into = forms.ChoiceField(
        label=_("Card-breaking publicity in six-into activities"), choices=_TRI, required=False
    )
    card_prominent_problem = forms.ChoiceField(
        label=_("Prominent two-card problem"), choices=_TRI, required=False
    )

    def __init__(
        self, *args: Any, manual_items: list[tuple[str, str, Decimal]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.manual_codes: list[str] = []
        for code, label, maximum in manual_items or []:
            self.fields[f"manual_{code}"] = forms.DecimalField(
                label=label,
                required=False,
                min_value=Decimal(0),
                max_value=maximum,
                max_digits=6,
                decimal_places=2,
            )
            self.manual_codes.append(code)

    def overrides(self) -> dict[str, Any]:
        data = self.cleaned_data

        def tri(value: str) -> bool | None:
            return {"yes": True, "no": False}.get(value)

        return {
            "cases_last": data.get("cases_last"),
            "cases_this": data.get("cases_this"),
            "card_publicity_in_six_into": tri(data.get("card_publicity_in_six_into", "")),
            "card_prominent_problem": tri(data.get("card_prominent_problem", "")),
            "manual": {c: data.get(f"manual_{c}") for c in self.manual_codes},
        }


def initial_for(inputs: dict[str, Any], manual: dict[str, Decimal]) -> dict[str, Any]:
    """The what-if form's starting values: the stored inputs."""

    def tri(value: Any) -> str:
        return "" if value is None else ("yes" if value else "no")

    initial: dict[str, Any] = {
        "cases_last": inputs.get("cases_last"),
        "cases_this": inputs.get("cases_this"),
        "card_publicity_in_six_into": tri(inputs.get("card_publicity_in_six_into")),
        "card_prominent_problem": tri(inputs.get("card_prominent_problem")),
    }
    initial.update({f"manual_{code}": points for code, points in manual.items()})
    return initial
