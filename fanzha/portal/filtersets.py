import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.portal.choices import SubmissionKind
from fanzha.portal.models import Submission


class SubmissionFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=SubmissionKind.choices)
    since = django_filters.DateFilter(
        label=_("From"), field_name="created_at", lookup_expr="date__gte"
    )

    class Meta:
        model = Submission
        fields = ["kind", "since"]
