"""Filters of the case list; ``unit`` + the date range reproduce a year-on-year count."""

from __future__ import annotations

from typing import Any

import django_filters
from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from fanzha.cases.attribution import day_bounds
from fanzha.cases.choices import CaseStatus, Channel, FraudType
from fanzha.cases.models import Case
from fanzha.core.filters import YesNoFilter
from fanzha.org.choices import UnitKind
from fanzha.org.models import Grid, Unit


class CaseFilterSet(django_filters.FilterSet):
    unit = django_filters.ModelChoiceFilter(
        label=_("Counts for unit"),
        method="filter_unit",
        queryset=Unit.objects.filter(kind__in=[UnitKind.OFFICE, UnitKind.SECTOR, UnitKind.BUREAU]),
    )
    date_from = django_filters.DateFilter(label=_("From (count date)"), method="filter_from")
    date_to = django_filters.DateFilter(label=_("To (count date)"), method="filter_to")
    counted = YesNoFilter(label=_("Counted only"), method="filter_counted")
    fraud_type = django_filters.ChoiceFilter(label=_("Fraud type"), choices=FraudType.choices)
    channel = django_filters.ChoiceFilter(label=_("Channel"), choices=Channel.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CaseStatus.choices)
    internal_staff = YesNoFilter(label=_("Internal-staff case"))
    grid = django_filters.ModelChoiceFilter(label=_("Grid"), queryset=Grid.objects.all())

    class Meta:
        model = Case
        fields = [
            "unit",
            "date_from",
            "date_to",
            "counted",
            "fraud_type",
            "channel",
            "status",
            "internal_staff",
            "grid",
        ]

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if request is not None:
            self.filters["grid"].queryset = Grid.objects.restrict(request.user)

    def filter_unit(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        return qs.filter(attributions__unit=value) if value else qs

    def filter_from(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        low, _high = day_bounds(value, value)
        return qs.filter(**{f"{settings.FANZHA_CASE_COUNT_DATE}__gte": low})

    def filter_to(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        _low, high = day_bounds(value, value)
        return qs.filter(**{f"{settings.FANZHA_CASE_COUNT_DATE}__lt": high})

    def filter_counted(self, qs: QuerySet, name: str, value: Any) -> QuerySet:
        if value:
            return qs.exclude(status__in=settings.FANZHA_CASE_UNCOUNTED_STATUSES)
        return qs
