"""三包 pages: the assignment list (exportable), one area with its explanation and manual
override, the run (administrator), runs, and the printable 包保 list per unit."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from fanzha.accounts.capabilities import can_edit, is_admin
from fanzha.baobao.assign import run_assignment
from fanzha.baobao.explain import risk_sentence, role_sentence
from fanzha.baobao.filtersets import AssignmentFilterSet
from fanzha.baobao.forms import OverrideForm
from fanzha.baobao.models import Assignment, AssignmentRun
from fanzha.core.tables import Column
from fanzha.core.views import ObjectDetailView, ObjectListView, ObjectUpdateView
from fanzha.org.choices import UnitKind
from fanzha.org.models import Unit
from fanzha.outreach.pdf import pdf_response, render_pdf


def _person(user: Any) -> str:
    return str(user) if user else ""


class AssignmentListView(ObjectListView):
    model = Assignment
    filterset_class = AssignmentFilterSet
    select_related = (
        "area",
        "area__grid",
        "unit",
        "staff",
        "staff__unit",
        "officer",
        "officer__unit",
    )
    export_name = "baobao"
    title = gettext_lazy("三包 assignment")
    template_name = "baobao/assignment_list.html"
    columns = [
        Column("area", gettext_lazy("Area"), link=True),
        Column("kind", gettext_lazy("Kind"), accessor="area.kind"),
        Column("grid", gettext_lazy("Grid"), accessor="area.grid"),
        Column("unit", gettext_lazy("Responsible unit")),
        Column("risk", gettext_lazy("Risk score")),
        Column("cases", pgettext_lazy("count", "Cases")),
        Column("loss", gettext_lazy("Loss (yuan)")),
        Column("vulnerable", gettext_lazy("Vulnerable residents")),
        Column("staff", gettext_lazy("Staff member"), accessor=lambda a: _person(a.staff)),
        Column("staff_mode", gettext_lazy("Staff chosen")),
        Column(
            "officer",
            pgettext_lazy("assigned", "Police officer"),
            accessor=lambda a: _person(a.officer),
        ),
        Column("officer_mode", gettext_lazy("Officer chosen")),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["may_run"] = is_admin(self.request.user)
        context["last_run"] = AssignmentRun.objects.restrict(self.request.user).first()
        context["units"] = (
            Unit.objects.restrict(self.request.user).filter(kind=UnitKind.OFFICE).order_by("code")
        )
        return context


class AssignmentDetailView(ObjectDetailView):
    model = Assignment
    template_name = "baobao/assignment_detail.html"

    def get_queryset(self) -> QuerySet:
        return (
            super()
            .get_queryset()
            .select_related("area", "area__grid", "unit", "staff", "officer", "run")
        )

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        row = self.object
        context.update(
            risk_text=risk_sentence(row.explanation),
            staff_text=role_sentence(row.explanation, "staff", row.staff),
            officer_text=role_sentence(row.explanation, "officer", row.officer),
            may_override=Assignment.objects.restrict(self.request.user, "change")
            .filter(pk=row.pk)
            .exists()
            and can_edit(self.request.user),
        )
        return context


class AssignmentOverrideView(ObjectUpdateView):
    model = Assignment
    form_class = OverrideForm
    title = gettext_lazy("Set the 三包 people by hand")

    def get_success_url(self) -> str:
        return self.object.get_absolute_url()


@login_required
@require_POST
def run(request: HttpRequest) -> HttpResponse:
    """Run the solver over the whole district (administrator only)."""
    if not is_admin(request.user):
        raise PermissionDenied(_("Only the district administrator runs the 三包 assignment."))
    result = run_assignment(request.user)
    messages.success(
        request,
        _(
            "三包 assignment done: %(areas)s areas, %(staff)s with a staff member, "
            "%(officer)s with an officer, %(locked)s manual choices kept (%(seconds)s s)."
        )
        % {
            "areas": result.areas,
            "staff": result.staff_assigned,
            "officer": result.officer_assigned,
            "locked": result.locked,
            "seconds": result.seconds,
        },
    )
    return redirect(reverse("baobao:assignment_list"))


class RunListView(ObjectListView):
    model = AssignmentRun
    select_related = ("run_by",)
    export_name = "baobao-runs"
    title = gettext_lazy("三包 runs")
    columns = [
        Column("created_at", gettext_lazy("Run at")),
        Column("run_by", gettext_lazy("Run by")),
        Column("status", gettext_lazy("Status")),
        Column("areas", gettext_lazy("Areas")),
        Column("staff_assigned", gettext_lazy("Areas with a staff member")),
        Column("officer_assigned", gettext_lazy("Areas with an officer")),
        Column("locked", gettext_lazy("Manual assignments kept")),
        Column("seconds", gettext_lazy("Solver time (s)")),
    ]


def _unit_rows(request: HttpRequest, pk: int) -> tuple[Unit, QuerySet]:
    unit = get_object_or_404(Unit.objects.restrict(request.user, "view"), pk=pk)
    rows = (
        Assignment.objects.restrict(request.user, "view")
        .filter(unit=unit)
        .select_related(
            "area",
            "area__grid",
            "area__grid__community",
            "staff",
            "staff__unit",
            "officer",
            "officer__unit",
        )
        .order_by("area__grid__code", "-risk")
    )
    return unit, rows


def _unit_context(unit: Unit, qs: QuerySet) -> dict[str, Any]:
    rows = list(qs)
    return {
        "title": _("包保 list of %(unit)s") % {"unit": unit},
        "unit": unit,
        "rows": rows,
        "totals": {
            "areas": len(rows),
            "risk": sum(r.risk for r in rows),
            "cases": sum(r.cases for r in rows),
        },
    }


@login_required
def unit_list(request: HttpRequest, pk: int) -> HttpResponse:
    unit, rows = _unit_rows(request, pk)
    return render(request, "baobao/unit_list.html", _unit_context(unit, rows))


@login_required
def unit_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    unit, rows = _unit_rows(request, pk)
    content = render_pdf("baobao/unit_list_pdf.html", _unit_context(unit, rows), request)
    return pdf_response(content, f"baobao-{unit.code}.pdf")
