from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardConfig(AppConfig):
    name = "fanzha.dashboard"
    label = "dashboard"
    verbose_name = _("Situation dashboard")

    def ready(self) -> None:
        from django.conf import settings

        from fanzha.core import navigation, periodic
        from fanzha.dashboard import (
            rollups,
            sources,  # noqa: F401  (registers the other apps' metrics)
        )

        rollups.connect_signals()
        periodic.register(
            "dashboard.refresh",
            every_seconds=settings.FANZHA_DASHBOARD_REFRESH_SECONDS,
            func=rollups.refresh,
        )
        navigation.register("overview", _("Situation dashboard"), "dashboard:index", order=10)
        navigation.register("overview", _("Command-centre wall"), "dashboard:wall", order=11)
