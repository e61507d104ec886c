from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "fanzha.notifications"
    label = "notifications"
