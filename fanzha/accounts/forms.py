"""Forms of one's own account, and of the staff accounts an administrator keeps."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User


class DutyPhoneForm(forms.Form):
    """One's own duty phone, for the SMS sent when a warning task escalates to one."""

    phone = forms.CharField(
        label=_("duty phone"),
        max_length=20,
        required=False,
        help_text=_("A mainland mobile number; leave empty to receive no SMS."),
    )

    def clean_phone(self) -> str:
        from fanzha.lib.identifiers import normalize_mobile

        value = (self.cleaned_data.get("phone") or "").strip()
        return normalize_mobile(value) if value else ""


# Django 5.2 changed the placeholder of the minimum-length message and its zh_Hans catalogue
# has not caught up, so a too-short password was refused in English. Marked here, the message
# gets its translation in this app's catalogue (an app's catalogue is read before Django's).
DJANGO_MESSAGES = (
    ngettext_lazy(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        "min_length",
    ),
)

# Roles whose account must belong to a unit (the database says so too:
# ``user_unit_required_for_scoped_roles``).
UNIT_ROLES = {Role.LIAISON, Role.GRID_WORKER, Role.OFFICER}


class StaffForm(forms.ModelForm):
    """A staff account as an administrator keeps it: who, which role, which unit and, for a
    grid worker, which grids. Creating one also sets the first password (the person changes
    it on their account page)."""

    grids: forms.ModelMultipleChoiceField = forms.ModelMultipleChoiceField(
        label=_("grids"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Only for grid workers: the grids whose warning tasks they receive."),
    )
    password1 = forms.CharField(
        label=_("first password"), strip=False, widget=forms.PasswordInput, required=False
    )
    password2 = forms.CharField(
        label=_("first password again"), strip=False, widget=forms.PasswordInput, required=False
    )

    class Meta:
        model = User
        fields = [
            "username",
            "display_name",
            "role",
            "unit",
            "badge_number",
            "capacity",
            "is_active",
        ]

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from fanzha.org.models import Grid, Unit

        self.actor = actor
        unit = self.fields["unit"]
        grids = self.fields["grids"]
        assert isinstance(unit, forms.ModelChoiceField)
        assert isinstance(grids, forms.ModelMultipleChoiceField)
        unit.queryset = Unit.objects.order_by("code")
        grids.queryset = Grid.objects.select_related("community").order_by("code")
        if self.instance.pk:
            grids.initial = list(self.instance.grids.values_list("pk", flat=True))
            # The user name is how a person signs in; it is not renamed under them.
            del self.fields["username"]
            del self.fields["password1"]
            del self.fields["password2"]
        else:
            self.fields["password1"].required = self.fields["password2"].required = True
        self.fields["is_active"].help_text = _(
            "A deactivated account can no longer sign in; its records stay."
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        role, unit = data.get("role"), data.get("unit")
        if role in UNIT_ROLES and unit is None:
            self.add_error("unit", _("This role works for a unit: choose one."))
        if data.get("grids") and role != Role.GRID_WORKER:
            self.add_error("grids", _("Only grid workers are assigned grids."))
        if self.instance.pk and self.instance.pk == self.actor.pk:
            if role != Role.ADMIN and not self.actor.is_superuser:
                self.add_error("role", _("You cannot take away your own administrator role."))
            if data.get("is_active") is False:
                self.add_error("is_active", _("You cannot deactivate your own account."))
        first, again = data.get("password1"), data.get("password2")
        if not self.instance.pk and first and again:
            if first != again:
                self.add_error("password2", _("The two passwords differ."))
            else:
                probe = User(
                    username=data.get("username", ""), display_name=data.get("display_name", "")
                )
                try:
                    validate_password(first, probe)
                except forms.ValidationError as error:
                    self.add_error("password1", error)
        return data


class ApiKeyForm(forms.Form):
    """A new ingest key: who uses it, and the one alert source it may submit for."""

    name = forms.CharField(
        label=_("used by"),
        max_length=100,
        help_text=_("The upstream system, e.g. 省反诈中心预警推送."),
    )
    source = forms.ChoiceField(label=_("alert source"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from fanzha.alerts.choices import Source

        self.fields["source"].choices = Source.choices  # type: ignore[attr-defined]
