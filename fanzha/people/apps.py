from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fanzha.people"
    label = "people"
