from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "fanzha.indicators"
    label = "indicators"
