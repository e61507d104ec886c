"""Filters of the outreach lists; choice querysets follow the user's scope."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.core.filters import YesNoFilter
from fanzha.org.models import Grid, Unit
from fanzha.outreach.choices import PledgeMethod, PublicityForm, SixInto
from fanzha.outreach.models import Activity, Pledge
from fanzha.places.choices import PlaceKind


class _Scoped(django_filters.FilterSet):
    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if request is not None:
            for name in ("grid", "unit"):
                if name in self.filters:
                    model = Grid if name == "grid" else Unit
                    self.filters[name].queryset = model.objects.restrict(request.user)


class PledgeFilterSet(_Scoped):
    household = django_filters.CharFilter(label=_("Household number"), field_name="household__code")
    method = django_filters.ChoiceFilter(label=_("Signed"), choices=PledgeMethod.choices)
    grid = django_filters.ModelChoiceFilter(label=_("Grid"), queryset=Grid.objects.all())
    signed_after = django_filters.DateFilter(
        label=_("Signed from"), field_name="signed_on", lookup_expr="gte"
    )
    signed_before = django_filters.DateFilter(
        label=_("Signed until"), field_name="signed_on", lookup_expr="lte"
    )

    class Meta:
        model = Pledge
        fields = ["household", "method", "grid"]


class ActivityFilterSet(_Scoped):
    title = django_filters.CharFilter(label=_("Title"), lookup_expr="icontains")
    category = django_filters.ChoiceFilter(label=_("六进 category"), choices=SixInto.choices)
    form = django_filters.ChoiceFilter(
        label=_("Form"), choices=PublicityForm.choices, method="filter_form"
    )
    unit = django_filters.ModelChoiceFilter(label=_("Organising unit"), queryset=Unit.objects.all())
    grid = django_filters.ModelChoiceFilter(label=_("Grid"), queryset=Grid.objects.all())
    covers_card = YesNoFilter(label=_("Covered 断卡"))
    held_after = django_filters.DateFilter(label=_("From"), field_name="held_on", lookup_expr="gte")
    held_before = django_filters.DateFilter(
        label=_("Until"), field_name="held_on", lookup_expr="lte"
    )

    class Meta:
        model = Activity
        fields = ["title", "category", "unit", "grid", "covers_card"]

    def filter_form(self, queryset: Any, name: str, value: str) -> Any:
        return queryset.filter(forms__contains=f"|{value}|")


class VenueFilterSet(_Scoped):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PlaceKind.choices)
    grid = django_filters.ModelChoiceFilter(label=_("Grid"), queryset=Grid.objects.all())
    hung = YesNoFilter(label=_("Banners hung this year"), method="filter_hung")

    def filter_hung(self, queryset: Any, name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        return queryset.filter(hung_this_year=value)
