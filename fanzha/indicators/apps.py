from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "fanzha.indicators"
    label = "indicators"
    verbose_name = _("Fraud accounts and contacts")

    def ready(self) -> None:
        from fanzha.core import navigation, periodic
        from fanzha.indicators.transitions import expire_bans

        navigation.register(
            "cases", _("Fraud accounts and contacts"), "indicators:indicator_list", order=30
        )
        navigation.register("cases", _("Risk lookup"), "indicators:risk", order=31)
        navigation.register("cases", _("Ban statistics"), "indicators:counts", order=32)
        navigation.register(
            "cases",
            _("Platform reply imports"),
            "indicators:import_list",
            order=33,
            roles={"admin", "officer"},
        )
        periodic.register("indicators.expire_bans", every_seconds=3600, func=expire_bans)
