from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CardsConfig(AppConfig):
    name = "fanzha.cards"
    label = "cards"
    verbose_name = _("断卡 action")

    def ready(self) -> None:
        from fanzha.cards.rules import end_expired
        from fanzha.core import navigation, periodic

        navigation.register("cases", _("断卡 people"), "cards:person_list", order=40)
        navigation.register("cases", _("Joint punishments"), "cards:restriction_list", order=41)
        navigation.register(
            "cases", _("Prominent two-card problems"), "cards:problem_list", order=42
        )
        navigation.register("cases", _("断卡 rules"), "cards:rules", order=43)
        periodic.register("cards.end_expired", every_seconds=3600, func=end_expired)
