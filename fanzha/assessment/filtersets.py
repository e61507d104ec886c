import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.assessment.models import Period, UnitAssessment
from fanzha.org.choices import AssessmentCategory


class PeriodFilterSet(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))

    class Meta:
        model = Period
        fields = ["year", "status"]


class UnitAssessmentFilterSet(django_filters.FilterSet):
    category = django_filters.ChoiceFilter(label=_("Category"), choices=AssessmentCategory.choices)

    class Meta:
        model = UnitAssessment
        fields = ["category", "light"]
