from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "fanzha.portal"
    label = "portal"
