from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from fanzha.accounts.capabilities import is_admin
from fanzha.core.forms import ScopedModelForm
from fanzha.lib.identifiers import normalize_uscc
from fanzha.places.models import Place
from fanzha.places.responsibility import sector_unit_for


class PlaceForm(ScopedModelForm):
    contact_phone = forms.CharField(label=_("Contact phone"), required=False, max_length=20)
    uscc_override_reason = forms.CharField(
        label=_("Reason for accepting a USCC that fails the checksum"),
        required=False,
        max_length=200,
        help_text=_("Administrators only; the override is recorded in the audit log."),
    )

    class Meta:
        model = Place
        fields = [
            "name",
            "kind",
            "uscc",
            "address",
            "grid",
            "sector_unit",
            "contact_name",
            "employees",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not is_admin(self.user):
            del self.fields["uscc_override_reason"]
        self.fields["sector_unit"].help_text = _(
            "Leave empty to use the default unit for this kind of place."
        )

    def clean_uscc(self):
        value = (self.cleaned_data.get("uscc") or "").strip()
        if not value:
            return None
        reason = (self.data.get(self.add_prefix("uscc_override_reason")) or "").strip()
        try:
            return normalize_uscc(value)
        except ValidationError:
            if reason and is_admin(self.user):
                self.uscc_overridden = True
                return normalize_uscc(value, allow_bad_checksum=True)
            raise

    def clean_contact_phone(self):
        from fanzha.lib.identifiers import normalize_mobile

        value = self.cleaned_data.get("contact_phone", "").strip()
        return normalize_mobile(value) if value else ""

    def clean(self):
        data = super().clean()
        if data.get("uscc") and data.get("kind") != "enterprise":
            self.add_error("uscc", _("Only enterprises carry a USCC."))
        return data

    def save(self, commit=True):
        from fanzha.audit.trail import record_override

        place = super().save(commit=False)
        if not place.sector_unit_id:
            place.sector_unit = sector_unit_for(place.kind)
        if self.cleaned_data.get("contact_phone") or not place.contact_phone_cipher:
            place.set_contact_phone(self.cleaned_data.get("contact_phone", ""))
        place.uscc_override = getattr(self, "uscc_overridden", False)
        if commit:
            place.save()
            if place.uscc_override:
                record_override(
                    self.user, place, "uscc", self.cleaned_data.get("uscc_override_reason", "")
                )
        return place
