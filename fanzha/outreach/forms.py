"""Forms of the outreach app. Choice querysets are restricted to the user's scope by
``ScopedModelForm``; uploads are checked and cleaned in ``clean_*`` so a bad file is a form
error and nothing is written."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fanzha.core.forms import ScopedModelForm
from fanzha.org.choices import UnitKind
from fanzha.outreach.choices import PledgeMethod, PublicityForm, UploadKind
from fanzha.outreach.models import Activity, BannerHanging, Pledge
from fanzha.outreach.uploads import CleanFile, check_upload, store


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    """Several photos in one field; each is checked and cleaned."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[CleanFile]:
        files = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(files) > settings.FANZHA_OUTREACH_MAX_PHOTOS:
            raise ValidationError(
                _("At most %(n)d photos at a time.") % {"n": settings.FANZHA_OUTREACH_MAX_PHOTOS}
            )
        return [check_upload(f, UploadKind.ACTIVITY_PHOTO) for f in files]


def _not_future(day: Any) -> Any:
    if day and day > timezone.localdate():
        raise ValidationError(_("The date cannot be in the future."))
    return day


class PledgeForm(ScopedModelForm):
    """Record a household's pledge: found by its household number inside the user's area;
    a paper pledge needs its scan."""

    household_code = forms.CharField(label=_("Household number"), max_length=40)
    scan = forms.FileField(
        label=_("Scan of the signed pledge"),
        required=False,
        help_text=_("JPEG, PNG or PDF. Location data in photos is removed."),
    )

    class Meta:
        model = Pledge
        fields = ["method", "signer_name", "signed_on"]
        widgets = {"signed_on": forms.DateInput(attrs={"type": "date"})}

    field_order = ["household_code", "method", "signer_name", "signed_on", "scan"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signed_on"].initial = timezone.localdate()

    def clean_household_code(self) -> Any:
        from fanzha.people.models import Household

        code = self.cleaned_data["household_code"].strip()
        household = Household.objects.restrict(self.user, "view").filter(code=code).first()
        if household is None:
            raise ValidationError(_("No household with this number in your area."))
        if Pledge.objects.filter(household=household).exists():
            raise ValidationError(_("This household has already signed the pledge."))
        return household

    def clean_signed_on(self) -> Any:
        return _not_future(self.cleaned_data.get("signed_on"))

    def clean_scan(self) -> CleanFile | None:
        scan = self.cleaned_data.get("scan")
        return check_upload(scan, UploadKind.PLEDGE_SCAN) if scan else None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("method") == PledgeMethod.PAPER
            and not data.get("scan")
            and "scan" not in self.errors
        ):
            self.add_error("scan", _("Upload the scan of a paper pledge."))
        return data

    def save(self, commit: bool = True) -> Pledge:
        from fanzha.outreach.pledges import record_paper, sign_electronically

        data = self.cleaned_data
        if data["method"] == PledgeMethod.PAPER:
            self.instance = record_paper(
                data["household_code"],
                data["signer_name"],
                data["signed_on"],
                data["scan"],
                user=self.user,
            )
        else:
            self.instance = sign_electronically(
                data["household_code"],
                data["signer_name"],
                signed_on=data["signed_on"],
                user=self.user,
                channel="staff",
            )
        return self.instance


class ActivityForm(ScopedModelForm):
    """A 六进 activity with its photos."""

    form_codes = forms.MultipleChoiceField(
        label=_("Forms"), choices=PublicityForm.choices, widget=forms.CheckboxSelectMultiple
    )
    photos = MultipleImageField(
        label=_("Photos"),
        required=False,
        help_text=_("JPEG or PNG. Location data is removed before storing."),
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "category",
            "held_on",
            "unit",
            "place",
            "grid",
            "location",
            "headcount",
            "materials",
            "materials_note",
            "covers_card",
        ]
        widgets = {"held_on": forms.DateInput(attrs={"type": "date"})}

    field_order = [
        "title",
        "category",
        "form_codes",
        "held_on",
        "unit",
        "place",
        "grid",
        "location",
        "headcount",
        "materials",
        "materials_note",
        "covers_card",
        "photos",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        units = self.fields["unit"].queryset.exclude(kind=UnitKind.DISTRICT)  # type: ignore
        self.fields["unit"].queryset = units  # type: ignore[attr-defined]
        if self.instance.pk:
            self.fields["form_codes"].initial = self.instance.form_list
        elif self.user is not None and getattr(self.user, "unit_id", None):
            self.fields["unit"].initial = self.user.unit_id
            self.fields["held_on"].initial = timezone.localdate()

    def clean_held_on(self) -> Any:
        return _not_future(self.cleaned_data.get("held_on"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("place") and not data.get("grid") and not data.get("location"):
            raise ValidationError(_("Give the place, the grid or the location."))
        return data

    def save(self, commit: bool = True) -> Activity:
        activity: Activity = super().save(commit=False)
        activity.set_forms(self.cleaned_data["form_codes"])
        if not activity.pk:
            activity.recorded_by = self.user
        with transaction.atomic():
            activity.save()
            for photo in self.cleaned_data.get("photos") or []:
                store(photo, UploadKind.ACTIVITY_PHOTO, user=self.user, activity=activity)
        return activity


class BannerHangForm(ScopedModelForm):
    """A venue has hung its banners: how many, when, and a photo as proof."""

    photo = forms.FileField(
        label=_("Photo of the banners hung"), help_text=_("JPEG or PNG. Location data is removed.")
    )

    class Meta:
        model = BannerHanging
        fields = ["hung_on", "count"]
        widgets = {"hung_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["hung_on"].initial = timezone.localdate()
        self.fields["count"].initial = settings.FANZHA_VENUE_MIN_BANNERS

    def clean_hung_on(self) -> Any:
        return _not_future(self.cleaned_data.get("hung_on"))

    def clean_count(self) -> int:
        count: int = self.cleaned_data["count"]
        if count < settings.FANZHA_VENUE_MIN_BANNERS:
            raise ValidationError(
                _("A venue hangs at least %(n)d banners.")
                % {"n": settings.FANZHA_VENUE_MIN_BANNERS}
            )
        return count

    def clean_photo(self) -> CleanFile:
        return check_upload(self.cleaned_data["photo"], UploadKind.BANNER_PROOF)
