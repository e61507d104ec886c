import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.org.models import Grid
from fanzha.places.choices import PlaceKind
from fanzha.places.models import Place


class PlaceFilterSet(django_filters.FilterSet):
    name = django_filters.CharFilter(label=_("Name"), lookup_expr="icontains")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PlaceKind.choices)
    uscc = django_filters.CharFilter(label=_("USCC"), method="filter_uscc")
    grid = django_filters.ModelChoiceFilter(label=_("Grid"), queryset=Grid.objects.all())

    class Meta:
        model = Place
        fields = ["name", "kind", "uscc", "grid"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)
        if request is not None:
            self.filters["grid"].queryset = Grid.objects.restrict(request.user)

    def filter_uscc(self, queryset, name, value):
        return queryset.filter(uscc=value.strip().upper())
