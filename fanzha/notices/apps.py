from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "fanzha.notices"
    label = "notices"
