from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "fanzha.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from fanzha.accounts.choices import Role
        from fanzha.core import navigation, periodic
        from fanzha.imports.jobs import purge_files

        editors = {Role.ADMIN, Role.LIAISON, Role.GRID_WORKER, Role.OFFICER}
        navigation.register(
            "registry",
            _("Import data"),
            "imports:upload",
            order=90,
            roles={str(r) for r in editors},
        )
        navigation.register("registry", _("Import jobs"), "imports:job_list", order=91)
        periodic.register("imports.purge_files", every_seconds=3600, func=purge_files)
