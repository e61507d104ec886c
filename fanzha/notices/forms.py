"""Forms of the notices pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fanzha.core.forms import ScopedModelForm
from fanzha.notices.choices import NoticeKind
from fanzha.notices.models import Delivery
from fanzha.notices.sandbox import TemplateProblem


class DeliveryForm(ScopedModelForm):
    class Meta:
        model = Delivery
        fields = ["event", "method", "at", "party", "note"]
        widgets = {
            "at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        at = self.fields["at"]
        assert isinstance(at, forms.DateTimeField)
        at.input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]
        if not self.is_bound:
            self.initial.setdefault("at", timezone.localtime().replace(second=0, microsecond=0))


class PeriodicNoticeForm(forms.Form):
    """Create (or open) the quarterly notice or the annual report of a period."""

    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (NoticeKind.QUARTERLY.value, NoticeKind.QUARTERLY.label),
            (NoticeKind.ANNUAL.value, NoticeKind.ANNUAL.label),
        ],
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.IntegerField(label=_("Quarter"), min_value=1, max_value=4, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == NoticeKind.QUARTERLY and not data.get("quarter"):
            self.add_error("quarter", _("A quarterly notice needs the quarter (1 to 4)."))
        return data


class TemplateForm(forms.Form):
    """A new version of a document template; checked in the sandbox before it is saved."""

    body = forms.CharField(label=_("Template"), widget=forms.Textarea(attrs={"rows": 30}))
    note = forms.CharField(label=_("Change note"), max_length=200, required=False)

    def clean_body(self) -> str:
        from fanzha.notices.documents import check_template

        body: str = self.cleaned_data["body"]
        try:
            check_template(body)
        except TemplateProblem as exc:
            raise ValidationError(str(exc)) from exc
        return body
