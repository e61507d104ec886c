"""Filters of the 三包 list."""

from __future__ import annotations

from typing import Any

import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.baobao.choices import AssignMode
from fanzha.baobao.models import Assignment
from fanzha.org.models import Unit
from fanzha.places.choices import PlaceKind


class AssignmentFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(
        label=_("Area"), field_name="area__name", lookup_expr="icontains"
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), field_name="area__kind", choices=PlaceKind.choices
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Responsible unit"), queryset=Unit.objects.all()
    )
    staff_mode = django_filters.ChoiceFilter(label=_("Staff chosen"), choices=AssignMode.choices)
    officer_mode = django_filters.ChoiceFilter(
        label=_("Officer chosen"), choices=AssignMode.choices
    )

    class Meta:
        model = Assignment
        fields = ["name", "kind", "unit", "staff_mode", "officer_mode"]

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if request is not None:
            self.filters["unit"].queryset = Unit.objects.restrict(request.user)
