from django.utils.translation import gettext_lazy as _

SECTION_LABELS = {
    "overview": _("Overview"),
    "registry": _("Registry"),
    "alerts": _("Warnings"),
    "cases": _("Cases and bans"),
    "outreach": _("Publicity"),
    "assessment": _("Assessment"),
    "admin": _("Administration"),
}
