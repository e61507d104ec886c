import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.core.widgets import FastHiddenInput, FastSelect, FastTextInput
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
    code = django_filters.CharFilter(label=_("Household number"), widget=FastTextInput)
    address = django_filters.CharFilter(
        label=_("Address"), lookup_expr="icontains", widget=FastTextInput
    )
    grid = django_filters.ModelChoiceFilter(
        label=_("Grid"), queryset=Grid.objects.all(), widget=FastSelect
    )

    class Meta:
        model = Household
        fields = ["code", "address", "grid"]


class ResidentFilterSet(ScopedChoicesFilterSet):
    # The widgets render without the template engine (fanzha.core.widgets): this form is on
    # every page of the residents list, and the grid select may offer hundreds of grids.
    q = django_filters.CharFilter(
        label=_("Name, phone or ID number"), method="filter_q", widget=FastTextInput
    )
    grid = django_filters.ModelChoiceFilter(
        label=_("Grid"), queryset=Grid.objects.all(), widget=FastSelect
    )
    tag = django_filters.ChoiceFilter(
        label=_("Tag"), choices=tag_choices, method="filter_tag", widget=FastSelect
    )
    employer = django_filters.ModelChoiceFilter(
        label=_("Employer"), queryset=Place.objects.all(), widget=FastHiddenInput
    )
    household = django_filters.ModelChoiceFilter(
        label=_("Household"), queryset=Household.objects.all(), widget=FastHiddenInput
    )

    class Meta:
        model = Resident
        fields = ["q", "grid", "tag", "employer", "household"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value))

    def filter_tag(self, queryset, name, value):
        return queryset.filter(Resident.tag_q(value))
