from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User
from fanzha.lib.identifiers import normalize_mobile
from fanzha.org.models import Unit
from fanzha.people.choices import tag_choices
from fanzha.people.models import Resident
from fanzha.people.search import search_q
from fanzha.registrations.choices import Relation
from fanzha.registrations.models import AppInstall


class RegistrationForm(forms.Form):
    """Register a resident found by ID number (lists of 170,000 names don't fit a select)."""

    resident_id_number = forms.CharField(label=_("Registrant's ID number"), max_length=18)
    phone = forms.CharField(
        label=_("Phone number to protect"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to use the resident's own phone."),
    )
    community = forms.ModelChoiceField(
        label=_("Community chosen"), queryset=Unit.objects.none(), required=False
    )
    officer = forms.ModelChoiceField(
        label=_("Officer credited"), queryset=User.objects.filter(role=Role.OFFICER), required=False
    )
    tag_codes = forms.MultipleChoiceField(
        label=_("Tags"), required=False, choices=tag_choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["community"].queryset = Unit.objects.restrict(user).filter(
            kind__in=["community", "village"]
        )
        if user is not None and user.role == Role.OFFICER:
            self.fields["officer"].initial = user.pk

    def clean_resident_id_number(self):
        text = self.cleaned_data["resident_id_number"].strip()
        resident = (
            Resident.objects.restrict(self.user, "change")
            .filter(search_q(text))
            .select_related("grid")
            .first()
        )
        if resident is None:
            raise ValidationError(_("No resident with this ID number in your area."))
        self.resident = resident
        return text

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        return normalize_mobile(value) if value else ""

    def clean(self):
        data = super().clean()
        resident = getattr(self, "resident", None)
        if resident is not None and not data.get("phone"):
            if not resident.phone_cipher:
                self.add_error("phone", _("The resident has no phone on record: enter one."))
            else:
                data["phone"] = resident.reveal("phone")
        return data


class FamilyMemberForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50)
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices)
    phone = forms.CharField(label=_("Phone"), max_length=20)

    def clean_phone(self):
        return normalize_mobile(self.cleaned_data["phone"])


class AppInstallForm(forms.ModelForm):
    resident_id_number = forms.CharField(label=_("Resident's ID number or phone"), max_length=20)

    class Meta:
        model = AppInstall
        fields = ["installed_on", "warning_enabled"]
        widgets = {"installed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_resident_id_number(self):
        text = self.cleaned_data["resident_id_number"].strip()
        resident = Resident.objects.restrict(self.user, "change").filter(search_q(text)).first()
        if resident is None:
            raise ValidationError(_("No resident with this ID number or phone in your area."))
        if AppInstall.objects.filter(resident=resident).exists():
            raise ValidationError(_("This resident's App install is already recorded."))
        self.resident = resident
        return text

    def save(self, commit=True):
        install = super().save(commit=False)
        install.resident = self.resident
        install.recorded_by = self.user
        if commit:
            install.save()
        return install
