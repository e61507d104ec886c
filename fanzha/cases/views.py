"""Case register pages: list (with the year-on-year filters), detail, add, edit, the
year-on-year table, and the fraud-type suggestion partial."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fanzha.cases.attribution import explain, year_on_year, year_window
from fanzha.cases.filtersets import CaseFilterSet
from fanzha.cases.forms import CaseForm, SuggestForm
from fanzha.cases.models import Case
from fanzha.cases.suggest import suggest
from fanzha.core.tables import Column
from fanzha.core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView


def _units(case: Case) -> str:
    return "、".join(a.unit.name for a in case.attributions.all())


CASE_COLUMNS = [
    Column("pk", _("No."), link=True),
    Column(
        "reported_at",
        _("Reported at"),
        accessor=lambda c: timezone.localtime(c.reported_at).strftime("%Y-%m-%d %H:%M"),
    ),
    Column("masked_victim", _("Victim")),
    Column("victim_id_mask", _("ID number")),
    Column("grid", _("Grid")),
    Column("fraud_type", _("Fraud type")),
    Column("channel", _("Channel")),
    Column("loss", _("Loss (yuan)")),
    Column("recovered", _("Recovered (yuan)")),
    Column("internal_staff", _("Internal staff")),
    Column("status", _("Status")),
    Column("units", _("Counts for"), accessor=_units),
]


class CaseListView(ObjectListView):
    model = Case
    filterset_class = CaseFilterSet
    select_related = ("grid",)
    add_url_name = "cases:case_add"
    export_name = "cases"
    title = _("Cases")
    columns = CASE_COLUMNS

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("attributions__unit").distinct()

    def get_summary(self) -> Any:
        qs: Any = self.object_list
        totals = Case.objects.filter(pk__in=qs.values("pk")).aggregate(
            loss=Sum("loss"), recovered=Sum("recovered")
        )
        return [
            (_("Loss (yuan)"), f"{totals['loss'] or 0:,.2f}"),
            (_("Recovered (yuan)"), f"{totals['recovered'] or 0:,.2f}"),
        ]


class CaseDetailView(ObjectDetailView):
    model = Case
    template_name = "cases/case_detail.html"

    def get_queryset(self) -> Any:
        return (
            super()
            .get_queryset()
            .select_related(
                "grid__community", "grid__office", "employer", "victim_unit", "created_by"
            )
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        from fanzha.notices.choices import NoticeKind
        from fanzha.notices.models import Notice

        context = super().get_context_data(**kwargs)
        context["attributions"] = explain(self.object)
        context["contacts"] = _linked(
            "indicators", "Indicator", self.request.user, cases=self.object
        )
        context["alerts"] = _linked("alerts", "Alert", self.request.user, cases=self.object)
        context["letter"] = (
            Notice.objects.restrict(self.request.user)
            .filter(kind=NoticeKind.LETTER, case=self.object)
            .first()
        )
        return context


def _linked(app: str, model: str, user: Any, **lookup: Any) -> list[Any]:
    """Rows of another app linked to a case, restricted to what the user may see."""
    from django.apps import apps

    return list(apps.get_model(app, model).objects.restrict(user, "view").filter(**lookup))


class CaseCreateView(ObjectCreateView):
    model = Case
    form_class = CaseForm
    title = _("Record a case")
    template_name = "cases/case_form.html"

    def get_initial(self) -> dict[str, Any]:
        now = timezone.localtime().replace(second=0, microsecond=0)
        return {"reported_at": now, "occurred_at": now}

    def get_success_url(self) -> str:
        assert self.object is not None
        return reverse("cases:case_detail", args=[self.object.pk])


class CaseUpdateView(ObjectUpdateView):
    model = Case
    form_class = CaseForm
    title = _("Edit case")
    template_name = "cases/case_form.html"

    def get_success_url(self) -> str:
        return reverse("cases:case_detail", args=[self.object.pk])


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def year_on_year_view(request: HttpRequest) -> HttpResponse:
    """Cases per assessed unit this year and last year over the same window; each number
    links to the case list filtered to exactly those cases."""
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year") or today.year)
    except ValueError:
        year = today.year
    until = _parse_date(request.GET.get("until"))
    if until is None and year == today.year:
        until = today
    cases = Case.objects.restrict(request.user, "view")
    rows = []
    list_url = reverse("cases:case_list")
    for row in year_on_year(year, until, cases):
        links = []
        for y in (year, year - 1):
            start, end = year_window(y, until)
            links.append(
                f"{list_url}?unit={row.unit_id}&date_from={start}&date_to={end}&counted=true"
            )
        rows.append({"row": row, "this_url": links[0], "last_url": links[1]})
    return render(
        request,
        "cases/year_on_year.html",
        {
            "title": _("Cases year on year"),
            "rows": rows,
            "year": year,
            "until": year_window(year, until)[1],
            "years": range(today.year - 4, today.year + 1),
        },
    )


@require_POST
def suggest_type(request: HttpRequest) -> HttpResponse:
    """The htmx partial under the narrative: the fraud type the message check suggests."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    form = SuggestForm(request.POST)
    suggestion = suggest(form.cleaned_data["narrative"]) if form.is_valid() else None
    return render(request, "cases/_suggestion.html", {"suggestion": suggestion})
