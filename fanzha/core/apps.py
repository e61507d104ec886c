from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fanzha.core"
    label = "core"
