import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fanzha.core.filters import YesNoFilter
from fanzha.org.models import Grid, Unit
from fanzha.people.filtersets import ScopedChoicesFilterSet
from fanzha.people.search import classify, search_q
from fanzha.registrations.choices import RegistrationSource
from fanzha.registrations.models import AppInstall, Registration


class RegistrationFilterSet(ScopedChoicesFilterSet):
    q = django_filters.CharFilter(
        label=_("Registrant's name, phone or ID number"), method="filter_q"
    )
    grid = django_filters.ModelChoiceFilter(label=_("Grid"), queryset=Grid.objects.all())
    station = django_filters.ModelChoiceFilter(
        label=_("Police station"), queryset=Unit.objects.filter(kind="station")
    )
    source = django_filters.ChoiceFilter(label=_("Source"), choices=RegistrationSource.choices)
    registered_after = django_filters.DateFilter(
        label=_("Registered from"), field_name="registered_at", lookup_expr="date__gte"
    )
    registered_before = django_filters.DateFilter(
        label=_("Registered until"), field_name="registered_at", lookup_expr="date__lte"
    )

    class Meta:
        model = Registration
        fields = ["q", "grid", "station", "source"]

    def filter_q(self, queryset, name, value):
        # The registered phone may differ from the resident's own: match either.
        kind, index = classify(value)
        q = search_q(value, prefix="registrant__")
        if kind == "phone":
            q |= Q(phone_index=index)
        return queryset.filter(q)


class AppInstallFilterSet(ScopedChoicesFilterSet):
    q = django_filters.CharFilter(label=_("Name, phone or ID number"), method="filter_q")
    warning_enabled = YesNoFilter(label=_("Warning feature on"))

    class Meta:
        model = AppInstall
        fields = ["q", "warning_enabled"]

    def filter_q(self, queryset, name, value):
        return queryset.filter(search_q(value, prefix="resident__"))
