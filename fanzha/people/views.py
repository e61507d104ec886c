from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from fanzha.accounts.capabilities import can_reveal
from fanzha.audit.trail import reveal
from fanzha.core.tables import Column
from fanzha.core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from fanzha.people.filtersets import HouseholdFilterSet, ResidentFilterSet
from fanzha.people.forms import HouseholdForm, ResidentForm
from fanzha.people.models import Household, Resident


class HouseholdListView(ObjectListView):
    model = Household
    filterset_class = HouseholdFilterSet
    select_related = ("grid",)
    add_url_name = "people:household_add"
    export_name = "households"
    columns = [
        Column("code", _("Household number"), link=True),
        Column("address", _("Address")),
        Column("grid", _("Grid")),
    ]


class HouseholdDetailView(ObjectDetailView):
    model = Household
    template_name = "people/household_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["members"] = Resident.objects.restrict(self.request.user).filter(
            household=self.object
        )
        return context


class HouseholdCreateView(ObjectCreateView):
    model = Household
    form_class = HouseholdForm
    title = _("Add household")
    success_url = reverse_lazy("people:household_list")


class HouseholdUpdateView(ObjectUpdateView):
    model = Household
    form_class = HouseholdForm
    title = _("Edit household")
    success_url = reverse_lazy("people:household_list")


RESIDENT_COLUMNS = [
    Column("name", pgettext_lazy("person", "Name"), link=True),
    Column("gender", _("Gender")),
    Column("birth_date", _("Birth date")),
    Column("id_mask", _("ID number")),
    Column("phone_mask", _("Phone")),
    Column("household.code", _("Household number")),
    Column("grid", _("Grid")),
    Column("employer", _("Employer")),
    Column("tags", _("Tags"), accessor=lambda r: "、".join(r.tag_labels)),
]


class ResidentListView(ObjectListView):
    model = Resident
    filterset_class = ResidentFilterSet
    select_related = ("grid", "household", "employer")
    add_url_name = "people:resident_add"
    export_name = "residents"
    columns = RESIDENT_COLUMNS


class ResidentDetailView(ObjectDetailView):
    model = Resident
    template_name = "people/resident_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("grid", "household", "employer")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["can_reveal"] = can_reveal(self.request.user)
        context["registration"] = getattr(self.object, "registration", None)
        context["app_install"] = getattr(self.object, "app_install", None)
        return context


class ResidentCreateView(ObjectCreateView):
    model = Resident
    form_class = ResidentForm
    title = _("Add resident")

    def get_success_url(self):
        return self.object.get_absolute_url()


class ResidentUpdateView(ObjectUpdateView):
    model = Resident
    form_class = ResidentForm
    title = _("Edit resident")

    def get_success_url(self):
        return self.object.get_absolute_url()


@require_POST
def resident_reveal(request, pk: int, field: str):
    """Show one full identifier after a reason is given; audited (fanzha.audit.trail.reveal)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    if field not in ("id_number", "phone"):
        raise PermissionDenied
    resident = get_object_or_404(Resident.objects.restrict(request.user), pk=pk)
    try:
        value = reveal(request.user, resident, field, request.POST.get("reason", ""))
    except ValidationError as exc:
        return render(
            request,
            "people/_reveal.html",
            {"error": " ".join(exc.messages), "object": resident, "field": field},
            status=400,
        )
    messages.info(request, _t("Viewing the full number has been recorded in the audit log."))
    return render(
        request, "people/_reveal.html", {"value": value, "object": resident, "field": field}
    )
