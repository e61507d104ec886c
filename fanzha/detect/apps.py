from django.apps import AppConfig


class DetectConfig(AppConfig):
    name = "fanzha.detect"
    label = "detect"
