"""The district administrator's audit pages: who saw or exported what, and what changed.

The log holds millions of rows, so these pages never count them: they go from page to page by
keyset (``paging.py``) with "newer" and "older" links."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils.translation import gettext_lazy as _

from fanzha.accounts.capabilities import is_admin
from fanzha.audit.filtersets import AccessFilterSet, ChangeFilterSet
from fanzha.audit.models import AccessRecord, ChangeRecord
from fanzha.audit.paging import keyset_page
from fanzha.core.tables import Column
from fanzha.core.views import ObjectListView


class AdminOnlyListView(ObjectListView):
    template_name = "audit/log_list.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not is_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def base_queryset(self) -> QuerySet:
        # Audit rows are not area data: only the administrator reads them (checked above).
        return self.model.objects.select_related("user")  # type: ignore[union-attr]

    def get_paginate_by(self, queryset: Any) -> None:  # type: ignore[override]
        return None  # keyset pages below, not Django's counting paginator

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        size = super().get_paginate_by(self.object_list)
        page = keyset_page(
            self.object_list,  # type: ignore[arg-type]
            size,
            older=self.request.GET.get("older"),
            newer=self.request.GET.get("newer"),
        )
        query = self.request.GET.copy()
        for key in ("page", "older", "newer", "export"):
            query.pop(key, None)
        context.update({"object_list": page.rows, "page": page, "querystring": query.urlencode()})
        return context


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
