from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BaobaoConfig(AppConfig):
    name = "fanzha.baobao"
    label = "baobao"
    verbose_name = _("三包 assignment")

    def ready(self) -> None:
        from fanzha.core.navigation import register

        register("outreach", _("三包 assignment"), "baobao:assignment_list", order=40)
        register("outreach", _("三包 runs"), "baobao:run_list", order=41, roles={"admin", "leader"})
