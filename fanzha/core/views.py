"""Generic, declared views (NetBox style): a list, detail or edit view is a queryset, a
filterset, columns and a form; scoping and auditing happen here, once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, UpdateView
from django.views.generic.edit import CreateView

from fanzha.accounts.capabilities import can_edit, can_export
from fanzha.core.tables import Column


class StaffRequiredMixin(LoginRequiredMixin):
    """Every staff page needs a logged-in, active user."""


class ObjectListView(StaffRequiredMixin, ListView):
    """A paginated, filtered, scoped list, exportable to .xlsx (audited)."""

    template_name = "core/object_list.html"
    filterset_class: Any = None
    columns: list[Column] = []
    select_related: tuple[str, ...] = ()
    title: Any = ""
    add_url_name: str | None = None
    export_name: str = "export"
    summary: Any = None

    def get_paginate_by(self, queryset: Any) -> int:
        try:
            size = int(self.request.GET.get("per_page", settings.FANZHA_PAGE_SIZE))
        except ValueError:
            size = settings.FANZHA_PAGE_SIZE
        return max(1, min(size, settings.FANZHA_MAX_PAGE_SIZE))

    def base_queryset(self) -> models.QuerySet:
        assert self.model is not None
        qs = self.model.objects.restrict(self.request.user, "view")  # type: ignore[attr-defined]
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs

    def get_queryset(self) -> models.QuerySet:
        qs = self.base_queryset()
        if self.filterset_class is not None:
            self.filterset = self.filterset_class(
                self.request.GET or None, queryset=qs, request=self.request
            )
            qs = self.filterset.qs if self.filterset.is_bound else qs
        else:
            self.filterset = None
        return qs

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            return self.export(request)  # type: ignore[return-value]
        return super().get(request, *args, **kwargs)

    def export(self, request: HttpRequest) -> HttpResponseBase:
        from fanzha.core.exports import xlsx_response

        if not can_export(request.user):
            raise PermissionDenied(_("You may not export data."))
        qs = self.get_queryset()
        return xlsx_response(request, qs, self.columns, self.export_name, self.model)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = self.request.GET.copy()
        query.pop("page", None)
        context.update(
            {
                "columns": self.columns,
                "filterset": self.filterset,
                "title": self.title or self.model._meta.verbose_name_plural,  # type: ignore
                "add_url": reverse(self.add_url_name)
                if self.add_url_name and can_edit(self.request.user)
                else None,
                "querystring": query.urlencode(),
                "can_export": can_export(self.request.user),
                "summary": self.get_summary(),
            }
        )
        return context

    def get_summary(self) -> Any:
        return None


class ObjectDetailView(StaffRequiredMixin, DetailView):
    def get_queryset(self) -> models.QuerySet:
        return self.model.objects.restrict(self.request.user, "view")  # type: ignore


class ObjectEditMixin(StaffRequiredMixin):
    """Create and update: only editors, only rows (and choices) inside their scope."""

    template_name: str | None = "core/object_form.html"
    title: Any = ""
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not can_edit(request.user):
            raise PermissionDenied(_("Your role is read-only."))
        return super().dispatch(request, *args, **kwargs)  # type: ignore[misc]

    def get_form_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = super().get_form_kwargs()  # type: ignore[misc]
        kwargs["user"] = self.request.user
        return kwargs

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response: HttpResponse = super().form_valid(form)  # type: ignore[misc]
        messages.success(self.request, _("Saved."))
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)  # type: ignore[misc]
        context["title"] = self.title
        return context


class ObjectCreateView(ObjectEditMixin, CreateView):
    pass


class ObjectUpdateView(ObjectEditMixin, UpdateView):
    def get_queryset(self) -> models.QuerySet:
        return self.model.objects.restrict(self.request.user, "change")  # type: ignore


def home(request: HttpRequest) -> HttpResponse:
    from django.shortcuts import redirect

    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return render(request, "core/home.html", {})
