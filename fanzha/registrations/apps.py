from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "fanzha.registrations"
    label = "registrations"
