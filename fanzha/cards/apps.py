from django.apps import AppConfig


class CardsConfig(AppConfig):
    name = "fanzha.cards"
    label = "cards"
