from django.apps import AppConfig


class BaobaoConfig(AppConfig):
    name = "fanzha.baobao"
    label = "baobao"
