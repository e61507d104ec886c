from django.db.models import Count
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from fanzha.core.tables import Column
from fanzha.core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from fanzha.org.filtersets import GridFilterSet, UnitFilterSet
from fanzha.org.forms import GridForm, UnitForm
from fanzha.org.models import Grid, Unit


class UnitListView(ObjectListView):
    model = Unit
    filterset_class = UnitFilterSet
    select_related = ("parent",)
    add_url_name = "org:unit_add"
    export_name = "units"
    columns = [
        Column("name", _("Name"), link=True),
        Column("code", _("Code")),
        Column("kind", _("Kind")),
        Column("sector", _("Sector")),
        Column("parent", _("Parent unit")),
        Column("is_leading_office", _("Leading group office")),
    ]


class UnitDetailView(ObjectDetailView):
    model = Unit
    template_name = "org/unit_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        unit = self.object
        context["children"] = Unit.objects.restrict(self.request.user).filter(parent=unit)
        context["grids"] = (
            (
                Grid.objects.restrict(self.request.user).filter(community=unit)
                | Grid.objects.restrict(self.request.user).filter(office=unit)
            )
            .annotate(n_residents=Count("residents", distinct=True))
            .order_by("code")[:200]
        )
        context["staff"] = unit.staff.all().order_by("role", "username")
        return context


class UnitCreateView(ObjectCreateView):
    model = Unit
    form_class = UnitForm
    title = _("Add unit")
    success_url = reverse_lazy("org:unit_list")

    def dispatch(self, request, *args, **kwargs):
        from django.core.exceptions import PermissionDenied

        from fanzha.accounts.capabilities import is_admin

        if request.user.is_authenticated and not is_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class UnitUpdateView(ObjectUpdateView):
    model = Unit
    form_class = UnitForm
    title = _("Edit unit")
    success_url = reverse_lazy("org:unit_list")


class GridListView(ObjectListView):
    model = Grid
    filterset_class = GridFilterSet
    select_related = ("community", "office", "station")
    add_url_name = "org:grid_add"
    export_name = "grids"
    columns = [
        Column("name", _("Name"), link=True),
        Column("code", _("Code")),
        Column("community", _("Community / village")),
        Column("office", _("Sub-district office")),
        Column("station", _("Police station")),
    ]


class GridDetailView(ObjectDetailView):
    model = Grid
    template_name = "org/grid_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("community", "office", "station")


class GridCreateView(ObjectCreateView):
    model = Grid
    form_class = GridForm
    title = _("Add grid")
    success_url = reverse_lazy("org:grid_list")


class GridUpdateView(ObjectUpdateView):
    model = Grid
    form_class = GridForm
    title = _("Edit grid")
    success_url = reverse_lazy("org:grid_list")
