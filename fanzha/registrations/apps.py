from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistrationsConfig(AppConfig):
    name = "fanzha.registrations"
    label = "registrations"
    verbose_name = _("Warning registrations")

    def ready(self) -> None:
        from fanzha.core import navigation

        navigation.register(
            "registry", _("Warning registrations"), "registrations:registration_list", order=40
        )
        navigation.register(
            "registry", _("App installs"), "registrations:appinstall_list", order=41
        )
        navigation.register("overview", _("Coverage"), "registrations:coverage", order=20)
