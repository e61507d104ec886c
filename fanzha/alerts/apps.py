from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "fanzha.alerts"
    label = "alerts"
