from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "fanzha.notices"
    label = "notices"
    verbose_name = _("Three notices (letters, quarterly notices, annual reports)")

    def ready(self) -> None:
        from fanzha.core.navigation import register
        from fanzha.notices import receivers

        register("cases", _("Notices"), "notices:notice_list", order=20)
        register(
            "cases", _("Document templates"), "notices:template_list", order=25, roles={"admin"}
        )
        receivers.connect()
