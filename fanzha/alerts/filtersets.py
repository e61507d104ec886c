from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fanzha.alerts.choices import OPEN_STATUSES, FraudType, Level, Source, TaskStatus, Tier
from fanzha.alerts.models import Alert, StopPayment, Task
from fanzha.core.filters import YesNoFilter
from fanzha.lib.identifiers import normalize_mobile
from fanzha.lib.sealed import phone_index


def whole_mobile(text: str) -> str:
    """The number a search by the target's phone holds: only a whole mobile number can be
    looked up (numbers are stored encrypted and found through their blind index)."""
    try:
        return normalize_mobile(text)
    except ValidationError:
        message = _("Enter the whole 11-digit mobile number.")
        raise ValidationError(message, code="invalid") from None


class PhoneIndexField(forms.CharField):
    """A full mobile number typed into a filter, cleaned to its blind index: numbers are stored
    encrypted, so only an exact number can be looked up (through ``alert_target_phone_index``)."""

    widget = forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"})

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 20)
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        return phone_index(whole_mobile(text)) if text else ""


class PhoneFilter(django_filters.CharFilter):
    field_class = PhoneIndexField


class ByPhoneFilterSet(django_filters.FilterSet):
    """A list with a ``phone`` filter. Other unreadable filters are reported and left out (the
    list pages' rule); a number that cannot be looked up is reported and matches nothing, since
    leaving it out would answer "every task" to "the tasks of this number"."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if "phone" in self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)


class TaskFilterSet(ByPhoneFilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=TaskStatus.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    tier = django_filters.ChoiceFilter(label=_("held by"), choices=Tier.choices)
    open = YesNoFilter(label=_("open only"), method="filter_open")
    overdue = YesNoFilter(label=_("overdue only"), method="filter_overdue")
    fraud_type = django_filters.ChoiceFilter(
        label=_("fraud type"), field_name="alert__fraud_type", choices=FraudType.choices
    )
    phone = PhoneFilter(label=_("target phone"), field_name="alert__target_phone_index")

    class Meta:
        model = Task
        fields = ["status", "level", "tier", "fraud_type", "phone"]

    def filter_open(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.filter(status__in=OPEN_STATUSES) if value else qs

    def filter_overdue(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return qs
        return qs.filter(
            Q(status__in=OPEN_STATUSES), first_contact_at__isnull=True, due_at__lt=timezone.now()
        )


class AlertFilterSet(ByPhoneFilterSet):
    source = django_filters.ChoiceFilter(label=_("source"), choices=Source.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    fraud_type = django_filters.ChoiceFilter(label=_("fraud type"), choices=FraudType.choices)
    source_ref = django_filters.CharFilter(label=_("source reference"))
    phone = PhoneFilter(label=_("target phone"), field_name="target_phone_index")

    class Meta:
        model = Alert
        fields = ["source", "level", "fraud_type", "source_ref", "phone"]


class StopPaymentFilterSet(django_filters.FilterSet):
    account = django_filters.CharFilter(label=_("account"))

    class Meta:
        model = StopPayment
        fields = ["status", "account"]
