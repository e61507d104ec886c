"""The outbox for administrators, and each staff member's inbox."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from fanzha.core.tables import Column
from fanzha.core.views import ObjectListView
from fanzha.notifications.filtersets import NotificationFilterSet
from fanzha.notifications.models import Notification
from fanzha.notifications.outbox import unread_for


class NotificationListView(ObjectListView):
    model = Notification
    filterset_class = NotificationFilterSet
    title = _("Notification outbox")
    export_name = "notifications"
    columns = [
        Column("created_at", _("created at")),
        Column("channel", _("channel")),
        Column("to", pgettext_lazy("recipient", "to"), lambda n: n.to_mask or n.to_user or ""),
        Column("purpose", _("purpose")),
        Column("status", _("status")),
        Column("attempts", _("attempts")),
        Column("sent_at", _("sent at")),
        Column("last_error", _("last error")),
    ]


class InboxView(ObjectListView):
    template_name = "notifications/inbox.html"
    title = _("My inbox")
    model = Notification

    def base_queryset(self) -> Any:
        # A staff member's own notes: addressed to them, whatever their role.
        return Notification.objects.filter(to_user_id=self.request.user.pk).order_by("-created_at")


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return HttpResponseRedirect(reverse("accounts:login"))
    unread_for(request.user).update(read_at=timezone.now())
    return HttpResponseRedirect(reverse("notifications:inbox"))


@login_required
def inbox_badge(request: HttpRequest) -> HttpResponse:
    """The unread count (htmx fragment); staff only, like every staff URL."""
    count = unread_for(request.user).count()
    return render(request, "notifications/_badge.html", {"count": count})
