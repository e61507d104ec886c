from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "fanzha.portal"
    label = "portal"
    verbose_name = _("Residents' portal")

    def ready(self) -> None:
        from fanzha.core import navigation, periodic
        from fanzha.portal import ratelimit

        navigation.register("outreach", _("Portal submissions"), "portal:submission_list", order=80)
        navigation.register(
            "outreach",
            _("My registration QR code"),
            "portal:officer_qr",
            order=81,
            roles={"officer"},
        )
        periodic.register("portal.purge_rate_counters", every_seconds=3600, func=ratelimit.purge)
