from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("District administrator")
    LIAISON = "liaison", _("Unit liaison")
    GRID_WORKER = "grid_worker", _("Grid worker")
    OFFICER = "officer", _("Police officer")
    LEADER = "leader", _("Leader")
