from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegistrationSource(models.TextChoices):
    STAFF = "staff", _("Entered by staff")
    PORTAL = "portal", _("Residents' portal")
    QR = "qr", _("Officer's QR code")
    IMPORT = "import", pgettext_lazy("source", "Imported")


class Relation(models.TextChoices):
    SPOUSE = "spouse", _("Spouse")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    SIBLING = "sibling", _("Sibling")
    OTHER = "other", _("Other relative")
