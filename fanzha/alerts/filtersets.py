import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fanzha.alerts.choices import OPEN_STATUSES, FraudType, Level, Source, TaskStatus, Tier
from fanzha.alerts.models import Alert, StopPayment, Task


class TaskFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("status"), choices=TaskStatus.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    tier = django_filters.ChoiceFilter(label=_("held by"), choices=Tier.choices)
    open = django_filters.BooleanFilter(label=_("open only"), method="filter_open")
    overdue = django_filters.BooleanFilter(label=_("overdue only"), method="filter_overdue")
    fraud_type = django_filters.ChoiceFilter(
        label=_("fraud type"), field_name="alert__fraud_type", choices=FraudType.choices
    )

    class Meta:
        model = Task
        fields = ["status", "level", "tier", "fraud_type"]

    def filter_open(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.filter(status__in=OPEN_STATUSES) if value else qs

    def filter_overdue(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        if not value:
            return qs
        return qs.filter(
            Q(status__in=OPEN_STATUSES), first_contact_at__isnull=True, due_at__lt=timezone.now()
        )


class AlertFilterSet(django_filters.FilterSet):
    source = django_filters.ChoiceFilter(label=_("source"), choices=Source.choices)
    level = django_filters.ChoiceFilter(label=_("level"), choices=Level.choices)
    fraud_type = django_filters.ChoiceFilter(label=_("fraud type"), choices=FraudType.choices)
    source_ref = django_filters.CharFilter(label=_("source reference"))

    class Meta:
        model = Alert
        fields = ["source", "level", "fraud_type", "source_ref"]


class StopPaymentFilterSet(django_filters.FilterSet):
    account = django_filters.CharFilter(label=_("account"))

    class Meta:
        model = StopPayment
        fields = ["status", "account"]
