import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.org.choices import UnitKind
from fanzha.org.models import Grid, Unit


class UnitFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=UnitKind.choices)

    class Meta:
        model = Unit
        fields = ["name", "kind"]


class GridFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    office = django_filters.ModelChoiceFilter(
        label=_("Sub-district office"), queryset=Unit.objects.filter(kind=UnitKind.OFFICE)
    )

    class Meta:
        model = Grid
        fields = ["name", "office"]
