"""The portal's public forms. They are plain forms (no staff user to scope by); every field is
validated, and identifiers are never rendered back into the page (``SecretInput``)."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.lib.identifiers import normalize_mobile, parse_resident_id
from fanzha.portal import consent as notice
from fanzha.portal.choices import ReportKind
from fanzha.registrations.choices import Relation


class SecretInput(forms.TextInput):
    """A text box that never renders the submitted value back (no personal data echoed)."""

    def format_value(self, value: Any) -> str | None:
        return None


def _phone_field(label: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=20,
        widget=SecretInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )


def _clean_phone(value: str) -> str:
    # The shared parser's messages quote the number: say what is wrong without echoing it.
    try:
        return normalize_mobile(value)
    except ValidationError:
        raise ValidationError(
            _("Enter a mainland mobile number: 11 digits starting with 13–19."), code="phone"
        ) from None


def _clean_id_number(value: str) -> str:
    try:
        return parse_resident_id(value).number
    except ValidationError:
        raise ValidationError(
            _("This is not a valid resident ID number: check its 18 characters."),
            code="id_number",
        ) from None


class PhoneForm(forms.Form):
    phone = _phone_field(_("Mobile number"))

    def clean_phone(self) -> str:
        return _clean_phone(self.cleaned_data["phone"])


def communities() -> Any:
    from fanzha.portal.communities import communities as every_community

    return every_community()


class RegisterForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=10,
        widget=SecretInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )
    name = forms.CharField(label=_("Your name"), max_length=50)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=20,
        widget=SecretInput(attrs={"autocomplete": "off"}),
    )
    community: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Your community"),
        queryset=None,
        empty_label=_("Choose your community"),
        error_messages={"required": _("Choose your community.")},
    )
    consent = forms.BooleanField(label=notice.AGREEMENT)
    consent_version = forms.CharField(max_length=20, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities()  # type: ignore[attr-defined]

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if not name:
            raise ValidationError(_("Enter your name."))
        return name

    def clean_id_number(self) -> str:
        return _clean_id_number(self.cleaned_data["id_number"])

    def clean_consent_version(self) -> str:
        version = self.cleaned_data["consent_version"]
        if not notice.is_current(version):
            raise ValidationError(
                _("The consent notice has changed: please read it again and agree."),
                code="consent_version",
            )
        return str(version)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise ValidationError(_("The code is the digits from the SMS."))
        return code


class FamilyForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("person", "Name"), max_length=50, required=False)
    relation = forms.ChoiceField(label=_("Relation"), choices=Relation.choices, required=False)
    phone = _phone_field(_("Mobile number"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = False

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        name, phone = (data.get("name") or "").strip(), data.get("phone") or ""
        if not name and not phone:
            return {}
        if not name:
            self.add_error("name", _("Give the family member's name."))
        if not phone:
            self.add_error("phone", _("Give the family member's mobile number."))
        else:
            try:
                data["phone"] = _clean_phone(phone)
            except ValidationError as exc:
                self.add_error("phone", exc)
        if not data.get("relation"):
            self.add_error("relation", _("Choose the relation."))
        data["name"] = name
        return data


class BaseFamilyFormSet(forms.BaseFormSet):
    def members(self) -> list[dict[str, Any]]:
        return [f.cleaned_data for f in self.forms if f.cleaned_data]

    def clean(self) -> None:
        if any(self.errors):
            return
        phones = [m["phone"] for m in self.members()]
        if len(phones) != len(set(phones)):
            raise ValidationError(_("Each family member needs their own mobile number."))
        if len(phones) > settings.FANZHA_MAX_FAMILY_MEMBERS:
            raise ValidationError(
                _("At most %(n)d family members.") % {"n": settings.FANZHA_MAX_FAMILY_MEMBERS}
            )


def family_formset(data: Any = None) -> BaseFamilyFormSet:
    limit = settings.FANZHA_MAX_FAMILY_MEMBERS
    cls = forms.formset_factory(
        FamilyForm,
        formset=BaseFamilyFormSet,
        extra=limit,
        max_num=limit,
        absolute_max=limit,
        validate_max=True,
    )
    return cast(BaseFamilyFormSet, cls(data, prefix="family"))


class LookupForm(forms.Form):
    kind = forms.ChoiceField(label=_("What to look up"), choices=ReportKind.choices)
    value = forms.CharField(
        label=_("Number, account or link"),
        max_length=300,
        widget=SecretInput(attrs={"autocomplete": "off"}),
    )


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("What are you reporting"), choices=ReportKind.choices)
    value = forms.CharField(
        label=_("Number, account or link"),
        max_length=300,
        widget=SecretInput(attrs={"autocomplete": "off"}),
    )
    what_happened = forms.CharField(
        label=_("What happened"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    community: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Your community (optional)"),
        queryset=None,
        required=False,
        empty_label=_("Not given"),
    )
    screenshot = forms.FileField(label=_("Screenshot (optional, JPEG or PNG)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities()  # type: ignore[attr-defined]

    def clean_screenshot(self) -> Any:
        from fanzha.portal.uploads import clean_screenshot

        upload = self.cleaned_data.get("screenshot")
        return clean_screenshot(upload) if upload else None


class CheckForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the suspicious message"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class PledgeForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=50)
    id_number = forms.CharField(
        label=_("Resident ID number"),
        max_length=20,
        widget=SecretInput(attrs={"autocomplete": "off"}),
    )
    agree = forms.BooleanField(
        label=_("On behalf of my household I promise to follow the anti-fraud pledge above."),
    )

    def clean_id_number(self) -> str:
        return _clean_id_number(self.cleaned_data["id_number"])


class QuizForm(forms.Form):
    choice = forms.TypedChoiceField(
        label=_("What do you do?"), coerce=int, choices=(), widget=forms.RadioSelect
    )

    def __init__(
        self, *args: Any, options: int = 0, labels: list[Any] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = list(  # type: ignore[attr-defined]
            enumerate(labels or range(options))
        )
