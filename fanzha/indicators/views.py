"""Staff pages for fraud indicators: list, detail with status changes, report, risk lookup,
ban counts and platform reply imports. Every queryset goes through ``restrict``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fanzha.accounts.capabilities import is_staff_user
from fanzha.core.tables import Column
from fanzha.core.views import ObjectCreateView, ObjectDetailView, ObjectListView
from fanzha.indicators import counts
from fanzha.indicators.choices import SightingSource
from fanzha.indicators.filtersets import IndicatorFilterSet
from fanzha.indicators.forms import (
    IndicatorForm,
    PeriodForm,
    ReplyImportForm,
    RiskForm,
    TransitionForm,
)
from fanzha.indicators.lookup import risk
from fanzha.indicators.models import Indicator, PlatformReplyImport, Sighting
from fanzha.indicators.permissions import can_handle
from fanzha.indicators.replies import import_replies
from fanzha.indicators.sightings import record_sighting
from fanzha.indicators.transitions import allowed_targets, move


def _staff(request: HttpRequest) -> None:
    if not is_staff_user(request.user):
        raise PermissionDenied


class IndicatorListView(ObjectListView):
    model = Indicator
    filterset_class = IndicatorFilterSet
    add_url_name = "indicators:indicator_add"
    export_name = "indicators"
    title = gettext_lazy("Fraud accounts and contacts")
    columns = [
        Column("value", gettext_lazy("Value"), link=True),
        Column("kind", gettext_lazy("Kind")),
        Column("status", gettext_lazy("Status")),
        Column("ban_label", gettext_lazy("Ban term")),
        Column("sightings_count", gettext_lazy("Sightings")),
        Column("last_seen_at", gettext_lazy("Last seen")),
    ]

    def get_summary(self) -> Any:
        return counts.ban_counts(self.base_queryset()).as_rows()


class IndicatorDetailView(ObjectDetailView):
    model = Indicator
    template_name = "indicators/indicator_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        indicator: Indicator = self.object
        user = self.request.user
        context["sightings"] = (
            Sighting.objects.restrict(user).filter(indicator=indicator).select_related("unit")[:200]
        )
        context["transitions"] = indicator.transitions.select_related("by")
        context["targets"] = allowed_targets(indicator) if can_handle(user) else []
        context["form"] = TransitionForm()
        context["answer"] = risk(indicator.kind, indicator.value)
        return context


class IndicatorCreateView(ObjectCreateView):
    model = Indicator
    form_class = IndicatorForm
    title = gettext_lazy("Report a fraud account or contact")

    def form_valid(self, form: Any) -> HttpResponse:
        data = form.cleaned_data
        known = Indicator.objects.filter(kind=data["kind"], value=data["normalised"]).exists()
        indicator = record_sighting(
            data["kind"],
            data["account"],
            SightingSource.STAFF,
            user=self.request.user,
            note=data.get("note", ""),
        )
        if known:
            messages.info(self.request, _("Already known: a sighting was added."))
        else:
            messages.success(self.request, _("Recorded; it waits for verification."))
        if Indicator.objects.restrict(self.request.user).filter(pk=indicator.pk).exists():
            return HttpResponseRedirect(indicator.get_absolute_url())
        return HttpResponseRedirect(reverse("indicators:indicator_list"))


@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply one status change from the detail page."""
    _staff(request)
    if not can_handle(request.user):
        raise PermissionDenied(_("Only the police and the district administrator handle bans."))
    indicator = get_object_or_404(Indicator.objects.restrict(request.user, "change"), pk=pk)
    form = TransitionForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(indicator)
    data = form.cleaned_data
    try:
        move(
            indicator,
            data["target"],
            user=request.user,
            reason=data["reason"],
            ban_term=data["ban_term"],
            banned_until=data["banned_until"],
            platform=data["platform"],
            platform_ref=data["platform_ref"],
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Status changed."))
    return redirect(indicator)


def risk_lookup(request: HttpRequest) -> HttpResponse:
    """风险查询: normalise the value and answer its risk level, sightings and last seen."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    form = RiskForm(request.GET or None)
    answer = None
    if form.is_bound and form.is_valid():
        answer = risk(form.cleaned_data["kind"], form.cleaned_data["value"])
    return render(
        request, "indicators/risk.html", {"form": form, "answer": answer, "title": _("Risk lookup")}
    )


def ban_statistics(request: HttpRequest) -> HttpResponse:
    """Ban counts in the article's terms, and indicators by kind and status."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    qs = Indicator.objects.restrict(request.user, "view")
    period = PeriodForm(request.GET or None)
    start = end = None
    if period.is_bound and period.is_valid():
        start, end = period.cleaned_data["start"], period.cleaned_data["end"]
    return render(
        request,
        "indicators/counts.html",
        {
            "title": _("Ban statistics"),
            "period": period,
            "bans": counts.ban_counts(qs, start, end),
            "table": counts.by_kind_and_status(qs),
            "statuses": Indicator._meta.get_field("status").choices,
        },
    )


class ImportListView(ObjectListView):
    model = PlatformReplyImport
    add_url_name = "indicators:import_add"
    export_name = "platform-replies"
    title = gettext_lazy("Platform reply imports")
    columns = [
        Column("file_name", gettext_lazy("File"), link=True),
        Column("status", gettext_lazy("Status")),
        Column("rows_total", gettext_lazy("Rows")),
        Column("rows_failed", gettext_lazy("Rows with errors")),
        Column("uploaded_by", gettext_lazy("Uploaded by")),
        Column("created_at", gettext_lazy("Uploaded at")),
    ]


class ImportDetailView(ObjectDetailView):
    model = PlatformReplyImport
    template_name = "indicators/import_detail.html"


def import_create(request: HttpRequest) -> HttpResponse:
    """Upload a platform reply CSV: all rows apply, or none and the report says why."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if not can_handle(request.user):
        raise PermissionDenied(_("Only the police and the district administrator handle bans."))
    form = ReplyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = import_replies(upload.read(), upload.name, request.user)
        except ValidationError as exc:
            # A row changed between the check and the apply (someone else moved it).
            form.add_error(None, exc)
        else:
            if result.rows_failed or result.status != "applied":
                messages.error(request, _("Nothing was applied: fix the rows below."))
            else:
                messages.success(request, _("All rows applied."))
            return redirect(result)
    return render(
        request,
        "indicators/import_form.html",
        {"form": form, "title": _("Import platform replies")},
    )
