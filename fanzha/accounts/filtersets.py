import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User
from fanzha.core.filters import YesNoFilter
from fanzha.org.models import Unit


class StaffFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name or user name"), method="search")
    role = django_filters.ChoiceFilter(label=_("role"), choices=Role.choices)
    unit = django_filters.ModelChoiceFilter(label=_("unit"), queryset=Unit.objects.order_by("code"))
    is_active = YesNoFilter(label=_("active"))

    class Meta:
        model = User
        fields = ["q", "role", "unit", "is_active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(username__icontains=value) | Q(display_name__icontains=value))
