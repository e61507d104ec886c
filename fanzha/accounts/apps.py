from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "fanzha.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from fanzha.core import navigation

        navigation.register("overview", _("My account"), "accounts:account", order=99)
        navigation.register(
            "admin", _("Staff accounts"), "accounts:staff_list", order=10, roles={"admin"}
        )
        navigation.register("admin", _("API keys"), "accounts:api_keys", order=11, roles={"admin"})
