"""Forms of one's own account."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


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
