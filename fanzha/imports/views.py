"""Staff pages for imports: upload, job list, job detail with its report, progress polling,
the .xlsx error report and blank templates. Every job queryset goes through ``restrict``."""

from __future__ import annotations

import tempfile
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views import View
from django.views.generic import FormView

from fanzha.accounts.capabilities import can_edit, can_export
from fanzha.core.exports import write_xlsx
from fanzha.core.tables import Column
from fanzha.core.views import ObjectDetailView, ObjectListView, StaffRequiredMixin
from fanzha.imports import jobs
from fanzha.imports.choices import ImportKind
from fanzha.imports.filtersets import ImportJobFilterSet
from fanzha.imports.forms import ImportUploadForm
from fanzha.imports.models import ImportJob
from fanzha.imports.schema import SCHEMAS, template_header


class EditorRequiredMixin(StaffRequiredMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.user.is_authenticated and not can_edit(request.user):
            raise PermissionDenied(_("Your role is read-only."))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc,return-value]


def schema_help() -> list[dict[str, Any]]:
    """The accepted headers of each kind, for the upload page."""
    out = []
    for kind, schema in SCHEMAS.items():
        out.append(
            {
                "kind": kind,
                "label": ImportKind(kind).label,
                "fields": [
                    {"key": f.key, "headers": f.headers, "required": f.required}
                    for f in schema.fields
                ],
                "family": schema.family,
            }
        )
    return out


class UploadView(EditorRequiredMixin, FormView):
    template_name = "imports/upload.html"
    form_class = ImportUploadForm

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        kind = self.request.GET.get("kind")
        if kind in ImportKind.values:
            kwargs.setdefault("initial", {})["kind"] = kind
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "title": _("Import data"),
                "schemas": schema_help(),
                "max_family": settings.FANZHA_MAX_FAMILY_MEMBERS,
                "background_rows": settings.FANZHA_IMPORT_BACKGROUND_ROWS,
            }
        )
        return context

    def form_valid(self, form: ImportUploadForm) -> HttpResponse:
        job = jobs.create_job(
            self.request.user,
            form.cleaned_data["kind"],
            form.cleaned_data["file"],
            dry_run=form.cleaned_data["dry_run"],
        )
        job = jobs.start_job(job)
        return redirect(job.get_absolute_url())


def _status(job: ImportJob) -> str:
    return str(job.get_status_display())


class JobListView(ObjectListView):
    model = ImportJob
    filterset_class = ImportJobFilterSet
    select_related = ("created_by", "unit")
    title = gettext_lazy("Import jobs")
    add_url_name = "imports:upload"
    export_name = "imports"
    columns = [
        Column("original_name", gettext_lazy("file name"), link=True),
        Column("kind", gettext_lazy("kind")),
        Column("dry_run", gettext_lazy("dry run"), lambda j: _("Yes") if j.dry_run else _("No")),
        Column("status", gettext_lazy("status"), _status),
        Column("total_rows", gettext_lazy("rows")),
        Column("stored_rows", gettext_lazy("rows stored")),
        Column("error_count", gettext_lazy("errors")),
        Column("created_by", gettext_lazy("uploaded by")),
        Column("unit", gettext_lazy("unit")),
        Column(
            "created_at",
            gettext_lazy("created at"),
            lambda j: timezone.localtime(j.created_at).strftime("%Y-%m-%d %H:%M"),
        ),
    ]


class JobDetailView(ObjectDetailView):
    model = ImportJob
    template_name = "imports/job_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("created_by", "unit", "source_job")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        job = self.object
        context["title"] = job.original_name
        context["can_confirm"] = job.can_confirm and can_edit(self.request.user)
        context["can_export"] = can_export(self.request.user)
        context["shown_errors"] = job.errors[: settings.FANZHA_PAGE_SIZE * 4]
        return context


class JobProgressView(StaffRequiredMixin, View):
    """The progress box, polled by htmx while the job runs; once it is over, the page reloads
    to show the report."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(ImportJob.objects.restrict(request.user, "view"), pk=pk)
        response = render(request, "imports/_progress.html", {"job": job})
        if not job.is_open and request.headers.get("HX-Request"):
            response["HX-Refresh"] = "true"
        return response


class JobConfirmView(EditorRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        job = get_object_or_404(ImportJob.objects.restrict(request.user, "change"), pk=pk)
        if not job.can_confirm:
            raise Http404
        real = jobs.confirm(job, request.user)
        return redirect(real.get_absolute_url())


class ErrorReportView(StaffRequiredMixin, View):
    """The report as .xlsx: row, column, reason (no cell values: they may be ID numbers)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponseBase:
        from fanzha.audit.trail import record_export

        job = get_object_or_404(ImportJob.objects.restrict(request.user, "view"), pk=pk)
        if not can_export(request.user):
            raise PermissionDenied(_("You may not export data."))
        tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115
        tmp.close()
        rows = ([e.get("row"), e.get("column"), e.get("reason")] for e in job.errors)
        count = write_xlsx(
            tmp.name,
            [
                pgettext("import report", "Row"),
                pgettext("import report", "Column"),
                pgettext("import report", "Reason"),
            ],
            rows,
        )
        record_export(request.user, ImportJob, count, {"job": job.pk, "report": "errors"})
        return FileResponse(
            open(tmp.name, "rb"),
            as_attachment=True,
            filename=f"import-{job.pk}-errors.xlsx",
        )


class TemplateDownloadView(StaffRequiredMixin, View):
    """A blank file with the headers of a kind: no data, so not an export."""

    def get(self, request: HttpRequest, kind: str) -> HttpResponseBase:
        if kind not in SCHEMAS:
            raise Http404
        tmp = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)  # noqa: SIM115
        tmp.close()
        write_xlsx(tmp.name, template_header(kind), [])
        return FileResponse(
            open(tmp.name, "rb"),
            as_attachment=True,
            filename=f"{kind}-template.xlsx",
        )
