from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "fanzha.accounts"
    label = "accounts"
