from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "fanzha.places"
    label = "places"
