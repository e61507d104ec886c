from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "fanzha.dashboard"
    label = "dashboard"
