"""The texts the platform sends. Each template is a translatable string with named fields; the
text is rendered when the message is enqueued, so what is sent is what was decided then."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

TEMPLATES: dict[str, Any] = {
    "alert_warning": _(
        "[%(signature)s] Your number was just in contact with a suspected fraud (%(fraud_type)s). "
        "Do not transfer money, share your screen or tell anyone a verification code. Police "
        "will contact you shortly; call 96110 if in doubt."
    ),
    "task_escalated": _("Warning task %(task)s is overdue and has been escalated to you."),
    "task_assigned": _("Warning task %(task)s has been assigned to you."),
    "revisit_due": _("A revisit of warning task %(task)s is due."),
    "return_overdue": _("Frozen funds of stop-payment %(account)s are not returned in time."),
    "verification_code": _("[%(signature)s] Your verification code is %(code)s."),
}


def render(template: str, context: dict[str, Any] | None = None) -> str:
    """The text of ``template`` with ``context``, in the site language (messages go to people
    in the district, whatever language the sending process runs in)."""
    if template not in TEMPLATES:
        raise KeyError(f"unknown notification template {template!r}")
    values = {"signature": settings.FANZHA_SMS_SIGNATURE, **(context or {})}
    with translation.override(settings.LANGUAGE_CODE):
        return str(TEMPLATES[template]) % values
