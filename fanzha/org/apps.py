from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "fanzha.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from fanzha.core import navigation

        navigation.register("registry", _("Units"), "org:unit_list", order=10)
        navigation.register("registry", _("Grids"), "org:grid_list", order=11)
