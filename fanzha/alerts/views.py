"""Staff pages: the live queue (htmx polls the rows), my tasks, the task page with its attempt,
close and stop-payment forms, bulk assign/close, the lists of leads and stop-payments, and the
dissuasion figures. Views stay thin: the rules live in ``handling`` and ``stoppay``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fanzha.accounts.capabilities import can_edit, can_reveal
from fanzha.alerts import handling, stats, stoppay
from fanzha.alerts.choices import Channel, Tier
from fanzha.alerts.filtersets import AlertFilterSet, StopPaymentFilterSet, TaskFilterSet
from fanzha.alerts.forms import (
    AmountForm,
    AttemptForm,
    BulkForm,
    CloseForm,
    StopPaymentForm,
    VersionForm,
)
from fanzha.alerts.models import Alert, StopPayment, Task
from fanzha.core.tables import Column
from fanzha.core.views import ObjectDetailView, ObjectListView

TASK_COLUMNS = [
    Column("pk", gettext_lazy("number"), link=True),
    Column("level", gettext_lazy("level")),
    Column("status", gettext_lazy("status")),
    Column("tier", gettext_lazy("held by")),
    Column("target", gettext_lazy("target phone"), "alert.target_phone_mask"),
    Column("resident", gettext_lazy("resident")),
    Column("grid", gettext_lazy("grid")),
    Column("assignee", gettext_lazy("assignee")),
    Column("fraud_type", gettext_lazy("fraud type"), "alert.fraud_type"),
    Column("due_at", gettext_lazy("due at")),
    Column("first_contact_at", gettext_lazy("first contact at")),
    Column("outcome", gettext_lazy("outcome")),
]


class TaskQueueView(ObjectListView):
    """The live queue: open tasks first, most urgent first; the rows refresh every few
    seconds (htmx), so new tasks appear without reloading."""

    model = Task
    filterset_class = TaskFilterSet
    template_name = "alerts/queue.html"
    title = gettext_lazy("Warning queue")
    export_name = "dissuasion-tasks"
    columns = TASK_COLUMNS
    select_related = ("alert", "resident", "grid", "assignee")
    mine = False

    def base_queryset(self) -> QuerySet:
        qs = super().base_queryset()
        if self.mine:
            qs = qs.filter(assignee=self.request.user)
        if not self.request.GET:
            qs = qs.filter(status__in=["pending", "in_progress", "revisit"])
        # Open tasks (no closing time) first on every database, most urgent first.
        return qs.order_by(F("closed_at").desc(nulls_first=True), "due_at", "pk")

    def get_template_names(self) -> list[str]:
        if self.request.headers.get("HX-Request"):
            return ["alerts/_queue_rows.html"]
        return [self.template_name]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            poll_seconds=settings.FANZHA_ALERT_QUEUE_POLL_SECONDS,
            can_edit=can_edit(self.request.user),
            bulk_form=BulkForm(user=self.request.user),
            mine=self.mine,
        )
        return context


class MyTasksView(TaskQueueView):
    title = gettext_lazy("My tasks")
    mine = True


@login_required
@require_POST
def bulk(request: HttpRequest) -> HttpResponse:
    if not can_edit(request.user):
        raise PermissionDenied(_("Your role is read-only."))
    ids = [int(i) for i in request.POST.getlist("tasks") if i.isdigit()]
    form = BulkForm(request.POST, user=request.user, task_ids=ids)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return _back(request)
    if form.cleaned_data["action"] == "assign":
        count = handling.assign(ids, form.cleaned_data["assignee"], request.user)
        messages.success(request, _("%(count)s tasks assigned.") % {"count": count})
    else:
        closed, skipped = handling.bulk_close(ids, request.user, form.cleaned_data["outcome"])
        messages.success(request, _("%(count)s tasks closed.") % {"count": closed})
        for reason in skipped:
            messages.warning(request, reason)
    return _back(request)


def _back(request: HttpRequest) -> HttpResponse:
    """Back to the queue page the bulk form came from; never to another site."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("alerts:queue")


def _task_or_404(request: HttpRequest, pk: int) -> Task:
    return get_object_or_404(
        Task.objects.restrict(request.user, "view").select_related(
            "alert", "resident", "registration", "grid", "station", "officer", "assignee"
        ),
        pk=pk,
    )


SAME_TARGET_SHOWN = 10


def _same_target(user: Any, task: Task) -> list[Task]:
    """The other warning leads for the same number in the user's area, newest first (one
    more than shown, to tell that there are more): someone warned again is a repeat target,
    and one who denied before may be being defrauded still."""
    index = task.alert.target_phone_index
    if not index:
        return []
    return list(
        Task.objects.restrict(user, "view")
        .filter(alert__target_phone_index=index)
        .exclude(pk=task.pk)
        .select_related("alert")
        .order_by("-alert__received_at", "-pk")[: SAME_TARGET_SHOWN + 1]
    )


def _render_task(request: HttpRequest, task: Task, status: int = 200, **forms: Any) -> HttpResponse:
    same_target = _same_target(request.user, task)
    context = {
        "task": task,
        "alert": task.alert,
        "title": str(task),
        "attempts": task.attempts.select_related("by"),
        "events": task.events.select_related("user"),
        "stop_payments": task.stop_payments.all(),
        "same_target": same_target[:SAME_TARGET_SHOWN],
        "more_same_target": len(same_target) > SAME_TARGET_SHOWN,
        "can_edit": can_edit(request.user)
        and task.is_open
        and Task.objects.restrict(request.user, "change").filter(pk=task.pk).exists(),
        "can_reveal": can_reveal(request.user),
        "attempt_form": forms.get("attempt_form")
        or AttemptForm(
            user=request.user, initial={"version": task.version, "channel": Channel.PHONE}
        ),
        "close_form": forms.get("close_form") or CloseForm(initial={"version": task.version}),
        "stop_form": forms.get("stop_form") or StopPaymentForm(user=request.user),
        "version_form": VersionForm(initial={"version": task.version}),
        "amount_form": AmountForm(),
        "revealed": forms.get("revealed"),
        "tier_district": Tier.DISTRICT,
    }
    return render(request, "alerts/task_detail.html", context, status=status)


@login_required
def task_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_task(request, _task_or_404(request, pk))


def _messages_of(exc: Exception) -> list[str]:
    return exc.messages if isinstance(exc, ValidationError) else [str(exc)]


@login_required
@require_POST
def task_accept(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    form = VersionForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("The form is out of date; reload the page."))
        handling.accept(task, request.user, form.cleaned_data["version"])
        messages.success(request, _("Task accepted."))
    except (ValidationError, handling.Conflict, PermissionDenied) as exc:
        for m in _messages_of(exc):
            messages.error(request, m)
    return redirect(task)


@login_required
@require_POST
def task_attempt(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    form = AttemptForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            handling.record_attempt(
                task, request.user, form.cleaned_data["version"], form.attempt_data()
            )
            messages.success(request, _("Attempt recorded."))
            return redirect(task)
        except handling.Conflict as exc:
            form.add_error(None, str(exc))
            task.refresh_from_db()
            return _render_task(request, task, status=409, attempt_form=form)
        except (ValidationError, PermissionDenied) as exc:
            for m in _messages_of(exc):
                form.add_error(None, m)
    return _render_task(request, task, status=400, attempt_form=form)


@login_required
@require_POST
def task_close(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    form = CloseForm(request.POST)
    if form.is_valid():
        try:
            handling.close(
                task, request.user, form.cleaned_data["version"], form.cleaned_data["outcome"]
            )
            messages.success(request, _("Task closed."))
            return redirect(task)
        except (ValidationError, handling.Conflict, PermissionDenied) as exc:
            for m in _messages_of(exc):
                form.add_error(None, m)
    return _render_task(request, task, status=400, close_form=form)


@login_required
@require_POST
def task_stop_payment(request: HttpRequest, pk: int) -> HttpResponse:
    task = _task_or_404(request, pk)
    form = StopPaymentForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            stoppay.request(
                task,
                request.user,
                account=form.cleaned_data["account"],
                bank=form.cleaned_data["bank"],
                amount=form.cleaned_data["amount"],
            )
            messages.success(request, _("Stop-payment requested."))
            return redirect(task)
        except (ValidationError, PermissionDenied) as exc:
            for m in _messages_of(exc):
                form.add_error(None, m)
    return _render_task(request, task, status=400, stop_form=form)


@login_required
@require_POST
def stop_payment_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    if step not in ("freeze", "return"):
        raise Http404
    stop = get_object_or_404(StopPayment.objects.restrict(request.user, "view"), pk=pk)
    form = AmountForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Give a valid amount."))
        if step == "freeze":
            stoppay.freeze(stop, request.user, form.cleaned_data["amount"])
        else:
            stoppay.record_return(stop, request.user, form.cleaned_data["amount"])
        messages.success(request, _("Saved."))
    except (ValidationError, PermissionDenied) as exc:
        for m in _messages_of(exc):
            messages.error(request, m)
    return redirect(stop.task)


@login_required
@require_POST
def task_reveal(request: HttpRequest, pk: int) -> HttpResponse:
    from fanzha.audit.trail import reveal

    task = _task_or_404(request, pk)
    try:
        number = reveal(request.user, task.alert, "phone", request.POST.get("reason", ""))
    except (ValidationError, PermissionDenied) as exc:
        for m in _messages_of(exc):
            messages.error(request, m)
        return redirect(task)
    return _render_task(request, task, revealed=number)


class AlertListView(ObjectListView):
    model = Alert
    filterset_class = AlertFilterSet
    title = gettext_lazy("Warning leads")
    export_name = "warning-leads"
    select_related = ("task",)
    columns = [
        Column("pk", gettext_lazy("number"), link=True),
        Column("source", gettext_lazy("source")),
        Column("source_ref", gettext_lazy("source reference")),
        Column("level", gettext_lazy("level")),
        Column("target_phone_mask", gettext_lazy("target phone")),
        Column("contact", gettext_lazy("fraud contact")),
        Column("fraud_type", gettext_lazy("fraud type")),
        Column("received_at", gettext_lazy("time received")),
        Column("task", gettext_lazy("task status"), "task.status"),
    ]


class AlertDetailView(ObjectDetailView):
    model = Alert
    template_name = "alerts/alert_detail.html"


class StopPaymentListView(ObjectListView):
    model = StopPayment
    filterset_class = StopPaymentFilterSet
    title = gettext_lazy("Stop-payment requests")
    export_name = "stop-payments"
    select_related = ("task",)
    columns = [
        Column("task", gettext_lazy("task"), lambda s: s.task),
        Column("account", gettext_lazy("account")),
        Column("bank", gettext_lazy("bank")),
        Column("amount", gettext_lazy("amount (¥)")),
        Column("sequence", gettext_lazy("request number")),
        Column("requested_at", gettext_lazy("requested at")),
        Column("expires_at", gettext_lazy("expires at")),
        Column("status", gettext_lazy("status")),
        Column("frozen_amount", gettext_lazy("amount frozen (¥)")),
        Column("return_due", gettext_lazy("return due")),
        Column("late", gettext_lazy("return overdue"), "return_overdue"),
    ]


@login_required
def stats_view(request: HttpRequest) -> HttpResponse:
    qs = Task.objects.restrict(request.user, "view")
    return render(
        request,
        "alerts/stats.html",
        {
            "title": _("Dissuasion figures"),
            "figures": stats.figures(qs),
        },
    )
