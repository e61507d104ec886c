"""Filters for the indicator lists."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fanzha.core.filters import YesNoFilter
from fanzha.indicators.choices import BanTerm, IndicatorKind, IndicatorStatus
from fanzha.indicators.models import Indicator


class IndicatorFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=IndicatorKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=IndicatorStatus.choices)
    ban_term = django_filters.ChoiceFilter(label=_("Ban term"), choices=BanTerm.choices)
    # The same rows as the ban counts (fanzha.indicators.counts): banned, expired or lifted since.
    banned = YesNoFilter(label=_("Ban carried out"), method="ban_carried_out")

    class Meta:
        model = Indicator
        fields = ["q", "kind", "status", "ban_term", "banned"]

    def search(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip().lower()
        return qs.filter(Q(value__contains=value) | Q(raw_value__icontains=value))

    def ban_carried_out(self, qs: QuerySet, name: str, value: bool | None) -> QuerySet:
        from fanzha.indicators.counts import BAN_CARRIED_OUT

        if value is None:
            return qs
        carried = Q(status__in=BAN_CARRIED_OUT, banned_at__isnull=False)
        return qs.filter(carried) if value else qs.exclude(carried)
