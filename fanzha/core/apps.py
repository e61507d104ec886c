from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "fanzha.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from fanzha.core import periodic, retention

        retention.register("audit.AccessRecord", "time", "FANZHA_AUDIT_RETENTION_DAYS")
        retention.register("audit.ChangeRecord", "time", "FANZHA_AUDIT_RETENTION_DAYS")
        retention.register("imports.ImportJob", "created_at", "FANZHA_IMPORT_RETENTION_DAYS")
        periodic.register("core.retention", every_seconds=24 * 3600, func=retention.purge)
