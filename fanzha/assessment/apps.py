from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "fanzha.assessment"
    label = "assessment"
    verbose_name = _("100-point assessment")

    def ready(self) -> None:
        from fanzha.core import navigation

        navigation.register(
            "assessment", _("Assessment periods"), "assessment:period_list", order=10
        )
        navigation.register(
            "assessment",
            _("Assessment scheme"),
            "assessment:scheme_list",
            order=20,
            roles={"admin", "leader"},
        )
