from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from fanzha.core.tables import Column
from fanzha.core.views import ObjectCreateView, ObjectDetailView, ObjectListView, ObjectUpdateView
from fanzha.places.filtersets import PlaceFilterSet
from fanzha.places.forms import PlaceForm
from fanzha.places.models import Place


class PlaceListView(ObjectListView):
    model = Place
    filterset_class = PlaceFilterSet
    select_related = ("grid", "territory_unit", "sector_unit")
    add_url_name = "places:place_add"
    export_name = "places"
    columns = [
        Column("name", _("Name"), link=True),
        Column("kind", _("Kind")),
        Column("uscc", _("USCC")),
        Column("grid", _("Grid")),
        Column("territory_unit", _("Responsible by territory")),
        Column("sector_unit", _("Responsible by sector")),
        Column("contact_name", _("Contact")),
        Column("contact_phone_mask", _("Contact phone")),
        Column("address", _("Address")),
    ]


class PlaceDetailView(ObjectDetailView):
    model = Place
    template_name = "places/place_detail.html"

    def get_queryset(self):
        return super().get_queryset().select_related("grid", "territory_unit", "sector_unit")


class PlaceCreateView(ObjectCreateView):
    model = Place
    form_class = PlaceForm
    title = _("Add place")

    def get_success_url(self):
        return self.object.get_absolute_url()


class PlaceUpdateView(ObjectUpdateView):
    model = Place
    form_class = PlaceForm
    title = _("Edit place")
    success_url = reverse_lazy("places:place_list")
