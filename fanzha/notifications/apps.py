from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "fanzha.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from fanzha.accounts.choices import Role
        from fanzha.core import navigation, periodic
        from fanzha.notifications.outbox import send_due

        periodic.register("notifications.send", every_seconds=2, func=send_due)
        navigation.register(
            "admin",
            _("Notification outbox"),
            "notifications:list",
            order=60,
            roles={Role.ADMIN, Role.LEADER},
        )
        navigation.register("alerts", _("My inbox"), "notifications:inbox", order=90)
