"""三告 pages: the notice list and page (preview, issue, downloads, delivery log), creating a
quarterly notice or annual report, and the administrator's template versions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from fanzha.accounts.capabilities import can_edit, is_admin
from fanzha.core.tables import Column
from fanzha.core.views import ObjectDetailView, ObjectListView
from fanzha.notices import documents
from fanzha.notices.choices import DocumentFormat, NoticeKind
from fanzha.notices.documents import DocumentError, TemplateProblem
from fanzha.notices.filtersets import NoticeFilterSet
from fanzha.notices.forms import DeliveryForm, PeriodicNoticeForm, TemplateForm
from fanzha.notices.models import DocumentTemplate, Notice

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class NoticeListView(ObjectListView):
    model = Notice
    filterset_class = NoticeFilterSet
    export_name = "notices"
    title = _("Notices")
    columns = [
        Column(
            "document_number",
            _("Document number"),
            link=True,
            accessor=lambda n: n.document_number or gettext("(draft)"),
        ),
        Column("kind", _("Kind")),
        Column("title", _("Title")),
        Column("addressee", _("Addressed to")),
        Column("status", _("Status")),
        Column("issued_on", _("Issued on")),
    ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if is_admin(self.request.user):
            from django.urls import reverse

            context["add_url"] = reverse("notices:periodic_add")
        return context


def _error_page(
    request: HttpRequest, notice: Notice | None, problem: Exception, status: int = 400
) -> HttpResponse:
    return render(
        request,
        "notices/error.html",
        {
            "notice": notice,
            "problem": str(problem),
            "title": gettext("The document cannot be made"),
        },
        status=status,
    )


class NoticeDetailView(ObjectDetailView):
    model = Notice
    template_name = "notices/notice_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        notice: Notice = self.object
        try:
            context["body"] = documents.render_body(notice)
        except (TemplateProblem, DocumentError) as exc:
            context["problem"] = str(exc)
        user = self.request.user
        may_change = (
            can_edit(user) and Notice.objects.restrict(user, "change").filter(pk=notice.pk).exists()
        )
        context["may_change"] = may_change
        context["deliveries"] = notice.deliveries.select_related("recorded_by")
        context["delivery_form"] = DeliveryForm(user=user) if may_change else None
        context["formats"] = DocumentFormat.choices
        return context


def _changeable(request: HttpRequest, pk: int) -> Notice:
    if not can_edit(request.user):
        raise PermissionDenied(gettext("Your role is read-only."))
    return get_object_or_404(Notice.objects.restrict(request.user, "change"), pk=pk)


@login_required
def notice_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    notice = get_object_or_404(
        Notice.objects.restrict(request.user, "view").select_related("case__grid__community"),
        pk=pk,
    )
    if fmt not in CONTENT_TYPES:
        return _error_page(request, notice, DocumentError(gettext("Unknown format.")), status=404)
    try:
        data = documents.render(notice, fmt)
    except (TemplateProblem, DocumentError) as exc:
        return _error_page(request, notice, exc)
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    from urllib.parse import quote

    name = documents.filename(notice, fmt)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


@login_required
@require_POST
def notice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _changeable(request, pk)
    try:
        issued = documents.issue(notice, request.user)
    except (TemplateProblem, DocumentError) as exc:
        return _error_page(request, notice, exc)
    messages.success(request, gettext("Issued as %(number)s.") % {"number": issued.document_number})
    return redirect(issued)


@login_required
@require_POST
def delivery_add(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _changeable(request, pk)
    form = DeliveryForm(request.POST, user=request.user)
    if form.is_valid():
        delivery = form.save(commit=False)
        delivery.notice = notice
        delivery.recorded_by = request.user
        delivery.save()
        messages.success(request, gettext("Delivery recorded."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label} {error}")
    return redirect(notice)


@login_required
def periodic_add(request: HttpRequest) -> HttpResponse:
    if not is_admin(request.user):
        raise PermissionDenied(gettext("Only the district administrator makes district notices."))
    form = PeriodicNoticeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["kind"] == NoticeKind.QUARTERLY:
            notice = documents.quarterly_notice(data["year"], data["quarter"], request.user)
        else:
            notice = documents.annual_notice(data["year"], request.user)
        return redirect(notice)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "title": gettext("Quarterly notice or annual report")},
    )


# -- templates ----------------------------------------------------------------------------------
def _admin_only(request: HttpRequest) -> None:
    if not is_admin(request.user):
        raise PermissionDenied(gettext("Only the district administrator edits document templates."))


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    templates = DocumentTemplate.objects.restrict(request.user, "view").select_related("created_by")
    if not templates.exists() and is_admin(request.user):
        for kind in NoticeKind.values:
            documents.active_template(kind)
    return render(
        request,
        "notices/template_list.html",
        {
            "title": gettext("Document templates"),
            "templates": templates,
            "kinds": NoticeKind.choices,
            "can_manage": is_admin(request.user),
        },
    )


@login_required
def template_edit(request: HttpRequest, kind: str) -> HttpResponse:
    _admin_only(request)
    if kind not in NoticeKind.values:
        return _error_page(request, None, DocumentError(gettext("Unknown document kind.")), 404)
    current = documents.active_template(kind)
    form = TemplateForm(request.POST or None, initial={"body": current.body})
    preview = problem = None
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if "preview" in request.POST:
            sample = Notice.objects.filter(kind=kind).order_by("-pk").first()
            if sample is None:
                problem = gettext("There is no document of this kind to preview with yet.")
            else:
                try:
                    preview = documents.render_body(
                        sample, DocumentTemplate(kind=kind, version=0, body=body)
                    )
                except TemplateProblem as exc:
                    problem = str(exc)
        else:
            saved = documents.save_version(kind, body, request.user, form.cleaned_data["note"])
            messages.success(
                request, gettext("Saved as version %(v)s and made active.") % {"v": saved.version}
            )
            return redirect("notices:template_list")
    return render(
        request,
        "notices/template_form.html",
        {
            "title": gettext("Edit template: %(kind)s") % {"kind": NoticeKind(kind).label},
            "form": form,
            "current": current,
            "preview": preview,
            "problem": problem,
        },
    )


@login_required
@require_POST
def template_activate(request: HttpRequest, pk: int) -> HttpResponse:
    _admin_only(request)
    template = get_object_or_404(DocumentTemplate.objects.restrict(request.user, "change"), pk=pk)
    try:
        documents.check_template(template.body)
    except TemplateProblem as exc:
        return _error_page(request, None, exc)
    documents.activate(template)
    messages.success(request, gettext("Version %(v)s is now active.") % {"v": template.version})
    return redirect("notices:template_list")
