"""Staff pages of the 断卡 action. Every queryset goes through ``restrict``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_POST

from fanzha.accounts.capabilities import can_edit
from fanzha.cards import rules
from fanzha.cards.filtersets import (
    CardPersonFilterSet,
    RestrictionFilterSet,
    TwoCardProblemFilterSet,
)
from fanzha.cards.forms import (
    AppealForm,
    CardPersonForm,
    CardRecordForm,
    DecisionForm,
    FlagForm,
    QuotaForm,
    ReviewForm,
    TwoCardProblemForm,
)
from fanzha.cards.models import Appeal, CardPerson, Restriction, TwoCardProblem
from fanzha.cards.permissions import can_decide
from fanzha.core.tables import Column
from fanzha.core.views import ObjectCreateView, ObjectDetailView, ObjectListView


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _must_decide(request: HttpRequest) -> None:
    if not can_decide(request.user):
        raise PermissionDenied(_("Only the police and the district administrator decide this."))


class CardPersonListView(ObjectListView):
    model = CardPerson
    filterset_class = CardPersonFilterSet
    select_related = ("resident",)
    add_url_name = "cards:person_add"
    export_name = "card-people"
    title = gettext_lazy("断卡 people")
    columns = [
        Column("resident.name", pgettext_lazy("person", "Name"), link=True),
        Column("resident.id_mask", gettext_lazy("ID number")),
        Column("n_records", gettext_lazy("Acts")),
        Column("n_restrictions", gettext_lazy("Joint punishments")),
        Column("created_at", gettext_lazy("Recorded at")),
    ]

    def base_queryset(self) -> Any:
        return (
            super()
            .base_queryset()
            .annotate(
                n_records=Count("records", distinct=True),
                n_restrictions=Count("restrictions", distinct=True),
            )
            # A grouped query drops Meta.ordering: pages need a stable order.
            .order_by("-created_at", "-pk")
        )


class CardPersonDetailView(ObjectDetailView):
    model = CardPerson
    template_name = "cards/person_detail.html"

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("resident")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        person: CardPerson = self.object
        quota_form = QuotaForm(self.request.GET or None)
        quota = None
        if quota_form.is_bound and quota_form.is_valid():
            data = quota_form.cleaned_data
            quota = rules.check_quota(
                person, data["kind"], data["issuer"], data.get("held_elsewhere") or 0
            )
        context.update(
            {
                "records": person.records.all(),
                "evaluation": rules.evaluate(person),
                "violations": rules.quota_violations(person),
                "restrictions": person.restrictions.prefetch_related("appeals"),
                "flag_form": FlagForm(),
                "quota_form": quota_form,
                "quota": quota,
                "can_decide": can_decide(self.request.user),
                "can_edit": can_edit(self.request.user),
            }
        )
        return context


class CardPersonCreateView(ObjectCreateView):
    model = CardPerson
    form_class = CardPersonForm
    title = gettext_lazy("Record a 断卡 person")

    def form_valid(self, form: Any) -> HttpResponse:
        form.instance.created_by = self.request.user
        return super().form_valid(form)


class CardRecordCreateView(ObjectCreateView):
    form_class = CardRecordForm
    title = gettext_lazy("Record an act")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.person = get_object_or_404(
            CardPerson.objects.restrict(request.user, "change"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        record = form.save(commit=False)
        record.person = self.person
        record.set_item_number(form.cleaned_data["item_number"])
        restriction = rules.record_act(record, user=self.request.user)
        messages.success(self.request, _("Saved."))
        if restriction is not None:
            messages.warning(
                self.request,
                _("The person crossed a threshold: joint punishment until %(d)s.")
                % {"d": restriction.ends_on},
            )
        return HttpResponseRedirect(self.person.get_absolute_url())


@require_POST
def flag_person(request: HttpRequest, pk: int) -> HttpResponse:
    _must_decide(request)
    person = get_object_or_404(CardPerson.objects.restrict(request.user, "change"), pk=pk)
    form = FlagForm(request.POST)
    if form.is_valid():
        try:
            rules.flag(
                person,
                user=request.user,
                years=form.cleaned_data["years"],
                starts_on=form.cleaned_data["starts_on"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Joint punishment imposed."))
    else:
        messages.error(request, _("Check the form."))
    return redirect(person)


class RestrictionListView(ObjectListView):
    model = Restriction
    filterset_class = RestrictionFilterSet
    select_related = ("person__resident",)
    export_name = "joint-punishments"
    title = gettext_lazy("Joint punishments")
    columns = [
        Column("person", gettext_lazy("Person"), link=True),
        Column("status", gettext_lazy("Status")),
        Column("years", gettext_lazy("Years")),
        Column("starts_on", gettext_lazy("Starts on")),
        Column("ends_on", gettext_lazy("Ends on")),
    ]


class RestrictionDetailView(ObjectDetailView):
    model = Restriction
    template_name = "cards/restriction_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            {
                "appeals": self.object.appeals.all(),
                "appeal_form": AppealForm(),
                "review_form": ReviewForm(),
                "decision_form": DecisionForm(),
                "can_decide": can_decide(self.request.user),
                "can_edit": can_edit(self.request.user),
            }
        )
        return context


@require_POST
def appeal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    if not can_edit(request.user):
        raise PermissionDenied
    restriction = get_object_or_404(Restriction.objects.restrict(request.user, "change"), pk=pk)
    form = AppealForm(request.POST)
    if form.is_valid():
        try:
            rules.submit_appeal(restriction, form.cleaned_data["statement"], user=request.user)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Appeal submitted."))
    else:
        messages.error(request, _("Write what the appeal is about."))
    return redirect(restriction)


@require_POST
def appeal_review(request: HttpRequest, pk: int) -> HttpResponse:
    _must_decide(request)
    appeal = get_object_or_404(Appeal.objects.restrict(request.user, "change"), pk=pk)
    form = ReviewForm(request.POST)
    form.is_valid()
    try:
        rules.review_appeal(appeal, form.cleaned_data.get("note", ""), user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Appeal reviewed."))
    return redirect(appeal.restriction)


@require_POST
def appeal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    _must_decide(request)
    appeal = get_object_or_404(Appeal.objects.restrict(request.user, "change"), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("State the reasons for the decision."))
        return redirect(appeal.restriction)
    try:
        rules.decide_appeal(
            appeal,
            form.cleaned_data["decision"] == "lifted",
            form.cleaned_data["note"],
            user=request.user,
        )
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Decision recorded."))
    return redirect(appeal.restriction)


class TwoCardProblemListView(ObjectListView):
    model = TwoCardProblem
    filterset_class = TwoCardProblemFilterSet
    select_related = ("unit",)
    add_url_name = "cards:problem_add"
    export_name = "two-card-problems"
    title = gettext_lazy("Prominent two-card problems")
    columns = [
        Column("title", gettext_lazy("Title")),
        Column("unit", gettext_lazy("Jurisdiction")),
        Column("occurred_on", gettext_lazy("Occurred on")),
        Column("recorded_by", gettext_lazy("Recorded by")),
    ]


class TwoCardProblemCreateView(ObjectCreateView):
    model = TwoCardProblem
    form_class = TwoCardProblemForm
    title = gettext_lazy("Record a prominent two-card problem")
    success_url = reverse_lazy("cards:problem_list")

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not can_decide(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form: Any) -> HttpResponse:
        form.instance.recorded_by = self.request.user
        return super().form_valid(form)


def rules_page(request: HttpRequest) -> HttpResponse:
    """The thresholds, durations and quotas in force (all settings)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    from django.conf import settings

    return render(request, "cards/rules.html", {"title": _("断卡 rules"), "s": settings})
