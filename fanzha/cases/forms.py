"""The case form: the victim is found by ID number among the residents the user may see, or
entered as a non-resident with a validated ID number."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from fanzha.cases.models import Case
from fanzha.core.forms import ScopedModelForm
from fanzha.org.choices import UnitKind
from fanzha.org.models import Unit

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


class CaseForm(ScopedModelForm):
    contacts_text = forms.CharField(
        label=_("Fraud contacts used"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "One per line: kind and value, e.g. “微信 wxid_abc” or “电话 17000000000”. "
            "Each is recorded as a sighting of that fraud contact."
        ),
    )
    victim_id_number = forms.CharField(
        label=_("Victim ID number"),
        max_length=18,
        required=False,
        help_text=_(
            "A resident with this ID number is linked; otherwise the person is recorded "
            "with the name below. Leave empty when editing to keep the victim."
        ),
    )

    class Meta:
        model = Case
        fields = [
            "reference",
            "reported_at",
            "occurred_at",
            "victim_id_number",
            "victim_name",
            "grid",
            "employer",
            "internal_staff",
            "victim_unit",
            "narrative",
            "fraud_type",
            "channel",
            "loss",
            "recovered",
            "status",
        ]
        widgets = {
            "reported_at": DateTimeInput(),
            "occurred_at": DateTimeInput(),
            "narrative": forms.Textarea(
                attrs={
                    "rows": 5,
                    "hx-post": reverse_lazy("cases:suggest_type"),
                    "hx-trigger": "keyup changed delay:600ms, change",
                    "hx-target": "#fraud-type-suggestion",
                    "hx-swap": "innerHTML",
                }
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("reported_at", "occurred_at"):
            field = self.fields[name]
            assert isinstance(field, forms.DateTimeField)
            field.input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]
        self.fields["victim_name"].required = False
        self.fields["grid"].required = False
        units = self.fields["victim_unit"]
        assert isinstance(units, forms.ModelChoiceField)
        units.queryset = Unit.objects.filter(
            kind__in=[
                UnitKind.OFFICE,
                UnitKind.SECTOR,
                UnitKind.BUREAU,
                UnitKind.COMMUNITY,
                UnitKind.VILLAGE,
                UnitKind.STATION,
            ]
        )
        self.resident: Any = None

    def clean_victim_id_number(self) -> str:
        from fanzha.lib.identifiers import normalize_resident_id

        value = (self.cleaned_data.get("victim_id_number") or "").strip()
        if not value:
            if self.instance.pk is None:
                raise ValidationError(_("Enter the victim's ID number."))
            return ""
        number = normalize_resident_id(value)  # raises a ValidationError naming the problem
        from fanzha.lib.sealed import id_index
        from fanzha.people.models import Resident

        self.resident = (
            Resident.objects.restrict(self.user, "view").filter(id_index=id_index(number)).first()
        )
        return number

    def clean_contacts_text(self) -> Any:
        from fanzha.cases.contacts import parse_lines

        return parse_lines(self.cleaned_data.get("contacts_text") or "")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        number = data.get("victim_id_number")
        if self.resident is None and number and not data.get("victim_name"):
            self.add_error(
                "victim_name",
                _("The ID number is not a resident of your area: enter the victim's name."),
            )
        if self.resident is None and not data.get("grid") and not self.instance.grid_id:
            self.add_error("grid", _("Choose the grid the victim lives in."))
        occurred, reported = data.get("occurred_at"), data.get("reported_at")
        if occurred and reported and occurred > reported:
            self.add_error("occurred_at", _("A case cannot occur after it was reported."))
        loss, recovered = data.get("loss"), data.get("recovered")
        if loss is not None and loss < 0:
            self.add_error("loss", _("The loss cannot be negative."))
        if recovered is not None and recovered < 0:
            self.add_error("recovered", _("The amount recovered cannot be negative."))
        elif loss is not None and recovered is not None and recovered > loss:
            self.add_error("recovered", _("More cannot be recovered than was lost."))
        if data.get("internal_staff") and not data.get("victim_unit"):
            self.add_error("victim_unit", _("An internal-staff case needs the victim's unit."))
        return data

    def save(self, commit: bool = True) -> Case:
        case: Case = super().save(commit=False)
        number = self.cleaned_data.get("victim_id_number")
        if self.resident is not None:
            case.victim = self.resident
            if not self.cleaned_data.get("grid"):
                case.grid_id = self.resident.grid_id
        elif number:
            case.victim = None
            case.set_victim_id(number)
        if case.pk is None and self.user is not None and self.user.is_authenticated:
            case.created_by = self.user
        if commit:
            case.save()
            self.save_contacts(case)
        return case

    def save_contacts(self, case: Case) -> None:
        from fanzha.cases.contacts import record

        record(case, self.cleaned_data.get("contacts_text") or [], self.user)


class SuggestForm(forms.Form):
    narrative = forms.CharField(required=False, max_length=20000)
