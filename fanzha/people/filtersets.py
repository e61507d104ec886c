import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from fanzha.org.models import Grid
from fanzha.people.choices import tag_choices
from fanzha.people.models import Household, Resident
from fanzha.people.search import search_q
from fanzha.places.models import Place


class ScopedChoicesFilterSet(django_filters.FilterSet):
    """Model choice filters only offer rows the user may see."""

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if request is not None:
            for f in self.filters.values():
                qs = getattr(f, "queryset", None)
                if qs is not None and hasattr(qs, "restrict"):
                    f.queryset = qs.restrict(request.user)


class HouseholdFilterSet(ScopedChoicesFilterSet):
    code = django_filters.CharFilter(label=_("Household number"))
    address = django_filters.CharFilter(label=_("Address"), lookup_expr="icontains")
    grid = django_filters.ModelChoiceFilter(label=_("Grid"), queryset=Grid.objects.all())

    class Meta:
        model = Household
        fields = ["code", "address", "grid"]


class ResidentFilterSet(ScopedChoicesFilterSet):
    q = django_filters.CharFilter(
        label=_("Name, phone or ID number"),
        method="filter_q",
    )
    grid = django_filters.ModelChoiceFilter(label=_("Grid"), queryset=Grid.objects.all())
    tag = django_filters.ChoiceFilter(label=_("Tag"), choices=tag_choices, method="filter_tag")
    employer = django_filters.ModelChoiceFilter(
        label=_("Employer"), queryset=Place.objects.all(), widget=forms.HiddenInput
    )
    household = django_filters.ModelChoiceFilter(
        label=_("Household"),
        queryset=Household.objects.all(),
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Resident
        fields = ["q", "grid", "tag", "employer", "household"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value))

    def filter_tag(self, queryset, name, value):
        return queryset.filter(Resident.tag_q(value))
