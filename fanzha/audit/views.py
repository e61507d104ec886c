"""The district administrator's audit pages: who saw or exported what, and what changed."""

from __future__ import annotations

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from fanzha.accounts.capabilities import is_admin
from fanzha.audit.choices import AccessKind, ChangeAction
from fanzha.audit.models import AccessRecord, ChangeRecord
from fanzha.core.tables import Column
from fanzha.core.views import ObjectListView


class AccessFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=AccessKind.choices)
    user__username = django_filters.CharFilter(label=_("User"))
    subject = django_filters.CharFilter(label=_("Whose"), lookup_expr="startswith")
    since = django_filters.DateFilter(label=_("From"), field_name="time", lookup_expr="date__gte")

    class Meta:
        model = AccessRecord
        fields = ["kind"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)


class ChangeFilterSet(django_filters.FilterSet):
    action = django_filters.ChoiceFilter(label=_("Action"), choices=ChangeAction.choices)
    model = django_filters.CharFilter(label=_("Record type"))
    object_id = django_filters.CharFilter(label=_("Record id"))
    user__username = django_filters.CharFilter(label=_("User"))

    class Meta:
        model = ChangeRecord
        fields = ["action"]

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, **kwargs)


class AdminOnlyListView(ObjectListView):
    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not is_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self):
        # Audit rows are not area data: only the administrator reads them (checked above).
        return self.model.objects.select_related("user")  # type: ignore[union-attr]


class AccessLogView(AdminOnlyListView):
    model = AccessRecord
    filterset_class = AccessFilterSet
    title = _("Audit log: access to personal data")
    export_name = "access-log"
    columns = [
        Column("time", _("Time")),
        Column("user", _("User")),
        Column("kind", _("Kind")),
        Column("subject", _("Whose")),
        Column("field", _("Field")),
        Column("reason", _("Reason")),
        Column("detail", _("Detail")),
    ]


class ChangeLogView(AdminOnlyListView):
    model = ChangeRecord
    filterset_class = ChangeFilterSet
    title = _("Change log")
    export_name = "change-log"
    columns = [
        Column("time", _("Time")),
        Column("user", _("User")),
        Column("action", _("Action")),
        Column("model", _("Record type")),
        Column("object_repr", _("Record")),
        Column("before", _("Before")),
        Column("after", _("After")),
    ]
