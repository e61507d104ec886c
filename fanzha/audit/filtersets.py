"""Filters of the audit pages and API. Each one maps onto a composite index in ``models.py``
(actor, object, kind or action, each followed by time), and dates become plain ranges on
``time`` so the index applies (a ``time::date`` comparison would read every row)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fanzha.audit.choices import AccessKind, ChangeAction
from fanzha.audit.models import AccessRecord, ChangeRecord

_FIRST, _LAST = date(1, 1, 2), date(9999, 12, 30)


def _midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class _LogFilterSet(django_filters.FilterSet):
    user = django_filters.CharFilter(label=_("User"), method="filter_user", max_length=150)
    model = django_filters.CharFilter(label=_("Record type"), max_length=60)
    object_id = django_filters.CharFilter(label=_("Record id"), max_length=40)
    since = django_filters.DateFilter(label=_("From"), method="filter_since")
    until = django_filters.DateFilter(label=_("To"), method="filter_until")

    def __init__(self, *args: Any, request: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)

    def filter_user(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        # The user's id first (one unique-index lookup), so the (user, time) index serves the
        # page instead of a join over the whole log.
        ids = list(get_user_model().objects.filter(username=value).values_list("pk", flat=True))
        return qs.filter(user_id__in=ids)

    # Dates at the ends of the calendar bound nothing (and would overflow in UTC).
    def filter_since(self, qs: QuerySet, name: str, value: date) -> QuerySet:
        return qs.filter(time__gte=_midnight(value)) if value > _FIRST else qs

    def filter_until(self, qs: QuerySet, name: str, value: date) -> QuerySet:
        return qs.filter(time__lt=_midnight(value + timedelta(days=1))) if value < _LAST else qs


class AccessFilterSet(_LogFilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AccessKind.choices)
    subject = django_filters.CharFilter(label=_("Whose"), lookup_expr="startswith", max_length=200)

    class Meta:
        model = AccessRecord
        fields = ["kind", "user", "subject", "model", "object_id", "since", "until"]


class ChangeFilterSet(_LogFilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=ChangeAction.choices)

    class Meta:
        model = ChangeRecord
        fields = ["action", "user", "model", "object_id", "since", "until"]
