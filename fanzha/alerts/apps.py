from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "fanzha.alerts"
    label = "alerts"
    verbose_name = _("Warnings and dissuasion")

    def ready(self) -> None:
        from fanzha.accounts.choices import Role
        from fanzha.alerts import handling, purge, stoppay
        from fanzha.core import navigation, periodic, retention

        periodic.register("alerts.escalate", every_seconds=15, func=handling.escalate_overdue)
        periodic.register("alerts.revisits", every_seconds=60, func=handling.revisits_due)
        periodic.register("alerts.stop_payments", every_seconds=300, func=stoppay.expire_and_warn)
        retention.register_purge("alerts.closed_tasks", purge.purge_closed)
        navigation.register("alerts", _("Warning queue"), "alerts:queue", order=10)
        navigation.register(
            "alerts",
            _("My tasks"),
            "alerts:mine",
            order=20,
            roles={Role.GRID_WORKER, Role.OFFICER, Role.LIAISON, Role.ADMIN},
        )
        navigation.register("alerts", _("Warning leads"), "alerts:alert_list", order=30)
        navigation.register("alerts", _("Stop-payments"), "alerts:stoppayment_list", order=40)
        navigation.register("alerts", _("Dissuasion figures"), "alerts:stats", order=50)
