from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacesConfig(AppConfig):
    name = "fanzha.places"
    label = "places"
    verbose_name = _("Places")

    def ready(self) -> None:
        from fanzha.core import navigation

        navigation.register("registry", _("Places"), "places:place_list", order=20)
