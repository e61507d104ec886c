from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "fanzha.cases"
    label = "cases"
    verbose_name = _("Case register")

    def ready(self) -> None:
        from fanzha.cases import receivers
        from fanzha.core.navigation import register

        register("cases", _("Cases"), "cases:case_list", order=10)
        register("cases", _("Cases year on year"), "cases:year_on_year", order=12)
        receivers.connect()
