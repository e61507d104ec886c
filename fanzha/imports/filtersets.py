from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.imports.choices import ImportKind, ImportStatus
from fanzha.imports.models import ImportJob


class ImportJobFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ImportKind.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=ImportStatus.choices)
    q = django_filters.CharFilter(
        label=_("file name"), field_name="original_name", lookup_expr="icontains"
    )

    class Meta:
        model = ImportJob
        fields = ["kind", "status", "q"]
