from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import FormView

from fanzha.accounts.capabilities import can_edit
from fanzha.core.tables import Column
from fanzha.core.views import ObjectCreateView, ObjectDetailView, ObjectListView, StaffRequiredMixin
from fanzha.registrations import coverage as coverage_lib
from fanzha.registrations.filtersets import AppInstallFilterSet, RegistrationFilterSet
from fanzha.registrations.forms import AppInstallForm, FamilyMemberForm, RegistrationForm
from fanzha.registrations.models import AppInstall, FamilyMember, Registration
from fanzha.registrations.protection import add_family_member, register, remove_family_member


class RegistrationListView(ObjectListView):
    model = Registration
    filterset_class = RegistrationFilterSet
    select_related = ("registrant", "grid", "officer", "station", "community")
    add_url_name = "registrations:registration_add"
    export_name = "registrations"
    title = _("Warning registrations")
    columns = [
        Column("registrant", _("Registrant"), link=True),
        Column("phone_mask", _("Registered phone")),
        Column("family_count", _("Family members")),
        Column("protected_count", _("People protected")),
        Column("community", _("Community chosen")),
        Column("grid", _("Grid")),
        Column("officer", _("Officer credited")),
        Column("station", _("Police station credited")),
        Column("registered_at", _("Registered at")),
    ]

    def get_summary(self):
        totals = self.object_list.aggregate(registered=Count("pk"), family=Sum("family_count"))
        registered = totals["registered"]
        return [
            (pgettext_lazy("count", "Registered"), registered),
            (_("People protected"), registered + (totals["family"] or 0)),
        ]


class RegistrationDetailView(ObjectDetailView):
    model = Registration
    template_name = "registrations/registration_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("registrant", "grid", "officer", "station", "community")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["family"] = self.object.family.select_related("resident").order_by("pk")
        context["form"] = kwargs.get("form") or FamilyMemberForm()
        context["can_edit"] = can_edit(self.request.user)
        context["max_family"] = settings.FANZHA_MAX_FAMILY_MEMBERS
        return context


class RegistrationCreateView(StaffRequiredMixin, FormView):
    form_class = RegistrationForm
    template_name = "core/object_form.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and not can_edit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["user"] = self.request.user
        return kwargs

    def get_initial(self):
        from fanzha.people.models import Resident

        initial = super().get_initial()
        pk = self.request.GET.get("registrant")
        if pk and pk.isdigit():
            resident = Resident.objects.restrict(self.request.user).filter(pk=pk).first()
            if resident is not None:
                initial["resident_id_number"] = resident.reveal("id_number")
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _t("Register a resident for warnings")
        return context

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            registration = register(
                form.resident,
                phone=data["phone"],
                community=data.get("community"),
                officer=data.get("officer"),
                tags=data.get("tag_codes"),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _t("Registered."))
        return redirect(registration.get_absolute_url())


@require_POST
def family_add(request, pk: int):
    if not request.user.is_authenticated or not can_edit(request.user):
        raise PermissionDenied
    registration = get_object_or_404(Registration.objects.restrict(request.user, "change"), pk=pk)
    form = FamilyMemberForm(request.POST)
    if form.is_valid():
        try:
            add_family_member(registration, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _t("Family member added."))
            return redirect(registration.get_absolute_url())
    view = RegistrationDetailView()
    view.setup(request, pk=pk)
    view.object = registration
    return render(request, view.template_name, view.get_context_data(form=form), status=400)


@require_POST
def family_remove(request, pk: int, member_pk: int):
    if not request.user.is_authenticated or not can_edit(request.user):
        raise PermissionDenied
    registration = get_object_or_404(Registration.objects.restrict(request.user, "change"), pk=pk)
    member = get_object_or_404(FamilyMember, pk=member_pk, registration=registration)
    remove_family_member(member)
    messages.success(request, _t("Family member removed."))
    return redirect(reverse("registrations:registration_detail", args=[pk]))


class AppInstallListView(ObjectListView):
    model = AppInstall
    filterset_class = AppInstallFilterSet
    select_related = ("resident", "resident__grid")
    add_url_name = "registrations:appinstall_add"
    export_name = "app-installs"
    columns = [
        Column("resident", _("Resident")),
        Column("resident.phone_mask", _("Phone")),
        Column("resident.grid", _("Grid")),
        Column("installed_on", _("Installed on")),
        Column("warning_enabled", _("Warning feature on")),
    ]


class AppInstallCreateView(ObjectCreateView):
    model = AppInstall
    form_class = AppInstallForm
    title = _("Record an App install")

    def get_success_url(self):
        return reverse("registrations:appinstall_list")


def coverage(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    level = request.GET.get("by", "unit")
    rows = (
        coverage_lib.by_grid(request.user)
        if level == "grid"
        else coverage_lib.by_unit(request.user)
    )
    return render(
        request,
        "registrations/coverage.html",
        {
            "rows": rows,
            "level": level,
            "targets": coverage_lib.targets(),
            "current_target": coverage_lib.current_target(),
            "min_age": coverage_lib.min_age(),
            "title": _t("Registration and App coverage"),
        },
    )
