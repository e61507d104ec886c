from django import forms
from django.utils.translation import gettext_lazy as _

from fanzha.core.forms import ScopedModelForm
from fanzha.lib.identifiers import normalize_mobile, parse_resident_id
from fanzha.lib.sealed import id_index
from fanzha.people.choices import tag_choices
from fanzha.people.models import Household, Resident


class HouseholdForm(ScopedModelForm):
    class Meta:
        model = Household
        fields = ["code", "address", "grid"]


class ResidentForm(ScopedModelForm):
    id_number = forms.CharField(label=_("ID number"), max_length=18)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    tag_codes = forms.MultipleChoiceField(
        label=_("Tags"),
        required=False,
        choices=tag_choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Resident
        fields = ["name", "household", "grid", "employer"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # Identifiers are never put back into a form: leave empty to keep the stored value.
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = _("Stored: %(mask)s. Leave empty to keep it.") % {
                "mask": self.instance.id_mask
            }
            self.fields["phone"].help_text = _("Stored: %(mask)s. Leave empty to keep it.") % {
                "mask": self.instance.phone_mask or "—"
            }
            self.initial["tag_codes"] = self.instance.tag_list

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "").strip()
        if not value:
            return ""
        parsed = parse_resident_id(value)
        clash = Resident.objects.filter(id_index=id_index(parsed.number))
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(_("A resident with this ID number already exists."))
        return parsed.number

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        return normalize_mobile(value) if value else ""

    def clean(self):
        data = super().clean()
        household = data.get("household")
        if household and data.get("grid") and household.grid_id != data["grid"].pk:
            self.add_error("household", _("The household is in another grid."))
        return data

    def save(self, commit=True):
        resident = super().save(commit=False)
        if self.cleaned_data.get("id_number"):
            resident.set_id_number(self.cleaned_data["id_number"])
        if self.cleaned_data.get("phone"):
            resident.set_phone(self.cleaned_data["phone"])
        resident.set_tags(self.cleaned_data.get("tag_codes") or [])
        if commit:
            resident.save()
        return resident
