from django.db import models
from django.utils.translation import gettext_lazy as _


class ChangeAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Updated")
    DELETE = "delete", _("Deleted")


class AccessKind(models.TextChoices):
    REVEAL = "reveal", _("Full value revealed")
    EXPORT = "export", _("Export")
    OVERRIDE = "override", _("Administrator override")
