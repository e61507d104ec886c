"""Forms of the 三包 app."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fanzha.accounts.models import User
from fanzha.baobao.assign import eligible_officers, eligible_staff, load_people, set_manually
from fanzha.baobao.models import Assignment
from fanzha.core.forms import ScopedModelForm


class OverrideForm(ScopedModelForm):
    """Set the staff member and officer of an area by hand. Only people of the area's own units
    are offered; a manual choice is kept by later runs until released."""

    release_staff = forms.BooleanField(
        label=_("Let the solver choose the staff member again"), required=False
    )
    release_officer = forms.BooleanField(
        label=_("Let the solver choose the officer again"), required=False
    )

    class Meta:
        model = Assignment
        fields = ["staff", "officer", "override_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = load_people()
        place = self.instance.area
        self.fields["staff"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=eligible_staff(place, people)
        )
        self.fields["officer"].queryset = User.objects.filter(  # type: ignore[attr-defined]
            pk__in=eligible_officers(place, people)
        )
        self.fields["override_note"].required = True
        self._before = (self.instance.staff_id, self.instance.officer_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        staff, officer = data.get("staff"), data.get("officer")
        if staff and officer and staff.pk == officer.pk:
            raise ValidationError(_("The staff member and the officer must be different people."))
        return data

    def save(self, commit: bool = True) -> Assignment:
        data = self.cleaned_data
        row = Assignment.objects.get(pk=self.instance.pk)
        note = data["override_note"]
        for role, release in (
            ("staff", data["release_staff"]),
            ("officer", data["release_officer"]),
        ):
            person = data.get(role)
            before = self._before[0 if role == "staff" else 1]
            if release:
                set_manually(row, role, None, user=self.user, note=note)
            elif person is not None and (
                person.pk != before or getattr(row, f"{role}_mode") != "manual"
            ):
                set_manually(row, role, person, user=self.user, note=note)
        return row
