"""Assessment pages: periods, a period's ranking, a unit's score sheet (with the arithmetic,
manual scoring, appeals and the htmx what-if), schemes, and the exports."""

from __future__ import annotations

from decimal import Decimal
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fanzha.accounts.capabilities import can_edit, can_export, is_admin
from fanzha.assessment import periods
from fanzha.assessment.choices import AppealStatus, PeriodStatus
from fanzha.assessment.exports import period_docx, period_xlsx
from fanzha.assessment.filtersets import PeriodFilterSet
from fanzha.assessment.forms import (
    AppealDecisionForm,
    AppealForm,
    ManualScoreForm,
    PeriodForm,
    SchemeForm,
    SchemeItemForm,
    WhatIfForm,
    initial_for,
)
from fanzha.assessment.models import (
    Appeal,
    ManualScore,
    Period,
    Scheme,
    SchemeItem,
    UnitAssessment,
)
from fanzha.assessment.scoring import ScoringError
from fanzha.core.scoping import Action
from fanzha.core.tables import Column
from fanzha.core.views import ObjectCreateView, ObjectListView, ObjectUpdateView
from fanzha.org.choices import AssessmentCategory


class AdminOnlyMixin:
    """Creating periods and editing schemes is the district administrator's."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not is_admin(request.user):
            raise PermissionDenied(_("Only the district administrator may do this."))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]


class PeriodListView(ObjectListView):
    model = Period
    filterset_class = PeriodFilterSet
    select_related = ("scheme",)
    add_url_name = "assessment:period_add"
    export_name = "assessment-periods"
    title = gettext_lazy("Assessment periods")
    columns = [
        Column("label", gettext_lazy("Period"), link=True),
        Column("scheme", gettext_lazy("Scheme")),
        Column("status", gettext_lazy("Status")),
        Column("computed_at", gettext_lazy("Inputs collected at")),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if not is_admin(self.request.user):
            context["add_url"] = None
        return context


class PeriodCreateView(AdminOnlyMixin, ObjectCreateView):
    model = Period
    form_class = PeriodForm
    title = gettext_lazy("New assessment period")


def _period_rows(request: HttpRequest, period: Period) -> list[UnitAssessment]:
    return list(
        UnitAssessment.objects.restrict(request.user, "view")
        .filter(period=period)
        .select_related("unit")
        .annotate(open_appeals=Count("appeals", filter=Q(appeals__status=AppealStatus.PENDING)))
        .order_by("category", "rank", "unit__code")
    )


@login_required
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = get_object_or_404(
        Period.objects.restrict(request.user, "view").select_related("scheme"), pk=pk
    )
    rows = _period_rows(request, period)
    groups = [
        (label, [r for r in rows if r.category == value])
        for value, label in AssessmentCategory.choices
    ]
    return render(
        request,
        "assessment/period_detail.html",
        {
            "title": period.label,
            "period": period,
            "groups": [(label, items) for label, items in groups if items],
            "is_admin": is_admin(request.user),
            "can_export": can_export(request.user),
            "green_at": settings.FANZHA_ASSESSMENT_GREEN_AT,
            "yellow_at": settings.FANZHA_ASSESSMENT_YELLOW_AT,
        },
    )


@login_required
@require_POST
def period_collect(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_admin(request.user):
        raise PermissionDenied(_("Only the district administrator may do this."))
    period = get_object_or_404(Period.objects.restrict(request.user, "change"), pk=pk)
    if not period.is_open:
        messages.error(request, _("The period is closed."))
    else:
        try:
            n = periods.collect(period)
        except ScoringError as exc:
            messages.error(request, _("The scheme cannot be applied: %(e)s") % {"e": exc})
        else:
            messages.success(request, _("Scored %(n)s units.") % {"n": n})
    return redirect(period.get_absolute_url())


@login_required
@require_POST
def period_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close a period: its scores are final (no more collecting or hand scoring)."""
    if not is_admin(request.user):
        raise PermissionDenied(_("Only the district administrator may do this."))
    period = get_object_or_404(Period.objects.restrict(request.user, "change"), pk=pk)
    period.status = PeriodStatus.CLOSED
    period.save()
    messages.success(request, _("The period is closed; its scores are final."))
    return redirect(period.get_absolute_url())


@login_required
def period_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    from fanzha.audit.trail import record_export

    if fmt not in ("xlsx", "docx"):
        raise Http404
    if not can_export(request.user):
        raise PermissionDenied(_("You may not export data."))
    period = get_object_or_404(Period.objects.restrict(request.user, "view"), pk=pk)
    rows = _period_rows(request, period)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        body = period_xlsx(period, rows)
        mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = period_docx(period, rows)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    record_export(request.user, UnitAssessment, len(rows), {"period": period.pk, "format": fmt})
    response = HttpResponse(body, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="assessment-{period.pk}-{stamp}.{fmt}"'
    return response


def _row_for(request: HttpRequest, pk: int, action: Action = "view") -> UnitAssessment:
    return get_object_or_404(
        UnitAssessment.objects.restrict(request.user, action).select_related(
            "unit", "period", "period__scheme"
        ),
        pk=pk,
    )


def _manual_items(row: UnitAssessment) -> list[tuple[str, str, Decimal]]:
    spec = row.period.scheme.to_spec()
    return [(i.code, i.label_for(row.category), i.max_points) for i in spec.manual_items]


def _item_labels(row: UnitAssessment) -> dict[str, str]:
    return {i.code: i.label_for(row.category) for i in row.period.scheme.to_spec().items}


@login_required
def assessment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    row = _row_for(request, pk)
    manual = {m.item_code: m for m in row.manual_scores.select_related("scored_by")}
    labels = _item_labels(row)
    items = []
    for item in row.breakdown:
        entry = dict(item)
        entry["manual"] = manual.get(item["code"])
        if item["rule"] == "manual" and is_admin(request.user) and row.period.is_open:
            score = manual.get(item["code"])
            entry["form"] = ManualScoreForm(
                prefix=f"m-{item['code']}",
                initial={
                    "item_code": item["code"],
                    "points": score.points if score else None,
                    "evidence": score.evidence if score else "",
                    "reason": score.reason if score else "",
                },
            )
        items.append(entry)
    appeals = list(
        Appeal.objects.restrict(request.user, "view")
        .filter(assessment=row)
        .select_related("filed_by", "decided_by")
    )
    whatif = WhatIfForm(
        initial=initial_for(row.inputs, {k: m.points for k, m in manual.items()}),
        manual_items=_manual_items(row),
    )
    return render(
        request,
        "assessment/assessment_detail.html",
        {
            "title": str(row),
            "row": row,
            "items": items,
            "inputs": row.inputs,
            "indicators": row.inputs.get("indicators", []),
            "notes": row.inputs.get("notes", []),
            "appeals": [(a, labels.get(a.item_code, "")) for a in appeals],
            "appeal_form": AppealForm(items=list(labels.items()))
            if can_edit(request.user)
            else None,
            "decision_form": AppealDecisionForm() if is_admin(request.user) else None,
            "whatif": whatif,
            "is_admin": is_admin(request.user),
        },
    )


@login_required
@require_POST
def manual_score(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    if not is_admin(request.user):
        raise PermissionDenied(_("Only the district administrator may do this."))
    row = _row_for(request, pk, "change")
    form = ManualScoreForm(request.POST, request.FILES, prefix=f"m-{code}")
    if not form.is_valid():
        messages.error(
            request,
            _("Check the score: %(errors)s")
            % {"errors": "; ".join(str(e) for errs in form.errors.values() for e in errs)},
        )
        return redirect(row.get_absolute_url())
    try:
        upload = form.cleaned_data.get("evidence_file")
        clean = periods.check_evidence_file(upload) if upload else None
        periods.set_manual_score(
            row,
            code,
            form.cleaned_data["points"],
            form.cleaned_data["evidence"],
            form.cleaned_data["reason"],
            request.user,
            evidence_file=clean,
        )
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
    except ScoringError as exc:
        messages.error(request, _("The scheme cannot be applied: %(e)s") % {"e": exc})
    else:
        messages.success(request, _("Score saved."))
    return redirect(row.get_absolute_url())


@login_required
def evidence_file(request: HttpRequest, pk: int) -> HttpResponseBase:
    """An evidence file, for users who may see the score it backs (never a public URL)."""
    from django.core.files.storage import default_storage
    from django.http import FileResponse

    score = get_object_or_404(
        ManualScore.objects.restrict(request.user, "view").exclude(evidence_path=""), pk=pk
    )
    return FileResponse(
        default_storage.open(score.evidence_path, "rb"),
        as_attachment=True,
        filename=f"evidence-{score.pk}{PurePath(score.evidence_path).suffix}",
        content_type=score.evidence_type or "application/octet-stream",
    )


@login_required
@require_POST
def what_if(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the score with the inputs on the form; nothing is saved."""
    row = _row_for(request, pk)
    form = WhatIfForm(request.POST, manual_items=_manual_items(row))
    context: dict[str, Any] = {"row": row, "form": form}
    if form.is_valid():
        try:
            context["score"] = periods.what_if(row, form.overrides())
        except ScoringError as exc:
            context["error"] = str(exc)
    return render(request, "assessment/_whatif.html", context)


@login_required
@require_POST
def appeal_create(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_edit(request.user):
        raise PermissionDenied(_("Your role is read-only."))
    row = _row_for(request, pk)
    form = AppealForm(request.POST, items=list(_item_labels(row).items()))
    if form.is_valid():
        try:
            periods.file_appeal(
                row, form.cleaned_data["item_code"], form.cleaned_data["reason"], request.user
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Appeal filed."))
    else:
        messages.error(request, _("Say why the score is wrong."))
    return redirect(row.get_absolute_url())


@login_required
@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_admin(request.user):
        raise PermissionDenied(_("Only the district administrator may do this."))
    appeal = get_object_or_404(Appeal.objects.restrict(request.user, "change"), pk=pk)
    form = AppealDecisionForm(request.POST)
    if form.is_valid():
        try:
            periods.decide_appeal(
                appeal, form.cleaned_data["status"], form.cleaned_data["decision"], request.user
            )
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        else:
            messages.success(request, _("Decision recorded."))
    else:
        messages.error(request, _("Write the decision."))
    return redirect(appeal.assessment.get_absolute_url())


class SchemeListView(ObjectListView):
    model = Scheme
    export_name = "assessment-schemes"
    title = gettext_lazy("Assessment schemes")
    columns = [
        Column("name", gettext_lazy("Name"), link=True),
        Column("is_active", gettext_lazy("Active")),
        Column("max_total", gettext_lazy("Maximum total")),
    ]


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = get_object_or_404(Scheme.objects.restrict(request.user, "view"), pk=pk)
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "title": scheme.name,
            "scheme": scheme,
            "items": scheme.items.order_by("order", "pk"),
            "is_admin": is_admin(request.user),
        },
    )


class SchemeUpdateView(AdminOnlyMixin, ObjectUpdateView):
    model = Scheme
    form_class = SchemeForm
    title = gettext_lazy("Edit assessment scheme")


class SchemeItemCreateView(AdminOnlyMixin, ObjectCreateView):
    model = SchemeItem
    form_class = SchemeItemForm
    title = gettext_lazy("Add scheme item")

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        scheme = get_object_or_404(
            Scheme.objects.restrict(self.request.user, "change"), pk=self.kwargs["pk"]
        )
        kwargs["instance"] = SchemeItem(scheme=scheme, rule="manual")
        return kwargs


class SchemeItemUpdateView(AdminOnlyMixin, ObjectUpdateView):
    model = SchemeItem
    form_class = SchemeItemForm
    title = gettext_lazy("Edit scheme item")


@login_required
def scheme_default(request: HttpRequest) -> HttpResponse:
    """The active scheme (created from DOMAIN.md §2 on first use)."""
    return redirect(Scheme.default().get_absolute_url())
