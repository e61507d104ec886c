"""Filters for the 断卡 lists."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.cards.choices import RestrictionStatus
from fanzha.cards.models import CardPerson, Restriction, TwoCardProblem


class CardPersonFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=pgettext_lazy("person", "Name"), field_name="resident__name", lookup_expr="contains"
    )

    class Meta:
        model = CardPerson
        fields = ["name"]


class RestrictionFilterSet(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RestrictionStatus.choices)

    class Meta:
        model = Restriction
        fields = ["status"]


class TwoCardProblemFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="occurred_on", lookup_expr="year"
    )

    class Meta:
        model = TwoCardProblem
        fields = ["year"]
