"""Forms of the task page. Each carries the task version the person saw (optimistic lock)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fanzha.alerts.choices import Channel, Checklist, Outcome
from fanzha.alerts.handling import AttemptData, assignable_users
from fanzha.alerts.models import Attempt, StopPayment
from fanzha.core.forms import ScopedModelForm


class AttemptForm(ScopedModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    checklist = forms.MultipleChoiceField(
        label=_("visit checklist"),
        choices=Checklist.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Attempt
        fields = [
            "channel",
            "outcome",
            "unreached_reason",
            "denies",
            "amount_lost",
            "amount_saved",
            "note",
            "checklist",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome") == Outcome.UNREACHED and not data.get("unreached_reason"):
            self.add_error("unreached_reason", _("Give the reason the person was not reached."))
        if data.get("checklist") and data.get("channel") != Channel.VISIT:
            self.add_error("checklist", _("The checklist is for visits only."))
        return data

    def _post_clean(self) -> None:
        # The model's constraints are checked by record_attempt on the real row; the form's
        # instance has no task yet.
        pass

    def attempt_data(self) -> AttemptData:
        d = self.cleaned_data
        return AttemptData(
            channel=d["channel"],
            outcome=d["outcome"],
            unreached_reason=d.get("unreached_reason") or "",
            denies=bool(d.get("denies")),
            amount_lost=d.get("amount_lost") or Decimal("0"),
            amount_saved=d.get("amount_saved") or Decimal("0"),
            note=d.get("note") or "",
            checklist=list(d.get("checklist") or []),
        )


class CloseForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("final outcome"),
        choices=[(c.value, c.label) for c in Outcome if c != Outcome.UNREACHED],
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StopPaymentForm(ScopedModelForm):
    class Meta:
        model = StopPayment
        fields = ["account", "bank", "amount"]


class AmountForm(forms.Form):
    amount = forms.DecimalField(
        label=_("amount (¥)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01")
    )


class BulkForm(forms.Form):
    """Bulk actions from the queue: assign the selected tasks, or close them."""

    action = forms.ChoiceField(choices=[("assign", _("Assign")), ("close", _("Close"))])
    tasks = forms.TypedMultipleChoiceField(coerce=int, choices=[], required=True)
    assignee: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None, required=False, label=_("assignee")
    )
    outcome = forms.ChoiceField(
        label=_("final outcome"),
        required=False,
        choices=[("", "—")] + [(c.value, c.label) for c in Outcome if c != Outcome.UNREACHED],
    )

    def __init__(
        self, *args: Any, user: Any = None, task_ids: list[int] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        tasks: Any = self.fields["tasks"]
        tasks.choices = [(i, i) for i in task_ids or []]
        assignee: Any = self.fields["assignee"]
        assignee.queryset = assignable_users(user)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "assign" and not data.get("assignee"):
            self.add_error("assignee", _("Choose who gets the tasks."))
        if data.get("action") == "close" and not data.get("outcome"):
            self.add_error("outcome", _("Closing needs a final outcome."))
        return data
