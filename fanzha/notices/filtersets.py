"""Filters of the notice list."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from fanzha.notices.choices import NoticeKind, NoticeStatus
from fanzha.notices.models import Notice


class NoticeFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=NoticeKind.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=NoticeStatus.choices)
    year = django_filters.NumberFilter(label=_("Year"))
    title = django_filters.CharFilter(label=_("Title"), lookup_expr="icontains")

    class Meta:
        model = Notice
        fields = ["kind", "status", "year", "title"]

    def __init__(self, *args, request=None, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
