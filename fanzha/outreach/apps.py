from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "fanzha.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from fanzha.core.navigation import register

        register("outreach", _("Household pledges"), "outreach:pledge_list", order=10)
        register("outreach", _("Pledge coverage"), "outreach:pledge_coverage", order=11)
        register("outreach", _("Households not yet signed"), "outreach:unsigned_list", order=12)
        register("outreach", _("Publicity activities"), "outreach:activity_list", order=20)
        register("outreach", _("Publicity by unit and grid"), "outreach:activity_stats", order=21)
        register("outreach", _("Venue banners"), "outreach:venue_list", order=30)
        register("outreach", _("My print jobs"), "outreach:print_list", order=40)

        from fanzha.core import periodic
        from fanzha.outreach import printing

        periodic.register("outreach.prints", every_seconds=60, func=printing.periodic)
