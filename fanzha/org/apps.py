from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "fanzha.org"
    label = "org"
