from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "fanzha.people"
    label = "people"
    verbose_name = _("Residents")

    def ready(self) -> None:
        from fanzha.core import navigation

        navigation.register("registry", _("Households"), "people:household_list", order=30)
        navigation.register("registry", _("Residents"), "people:resident_list", order=31)
