from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "fanzha.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from fanzha.audit import trail
        from fanzha.core import navigation

        trail.connect()
        navigation.register("admin", _("Audit log"), "audit:access", order=90, roles={"admin"})
        navigation.register("admin", _("Change log"), "audit:changes", order=91, roles={"admin"})
