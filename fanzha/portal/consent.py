"""The consent notice residents agree to when they register (PIPL Art. 14, 29, 39: separate
consent for sensitive personal information, told what, why, how long and their rights).

The notice has a version: a registration records the version the resident agreed to, and one
that names an older version is refused (the app or page must show the current text first).
Change :data:`VERSION` whenever the text's meaning changes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

VERSION = "2025-01"

TITLE = _("How we use your information")

PARAGRAPHS = (
    _(
        "The district's anti-fraud office (the police sub-bureau) processes your name, ID "
        "number, mobile number and community, and the names, relations and mobile numbers of "
        "the family members you add, for one purpose: to warn you and them when a number is in "
        "contact with known fraud, by SMS, phone call or a visit by the police."
    ),
    _(
        "Your ID and phone numbers are sensitive personal information. They are stored "
        "encrypted, shown only masked, and every full view is logged. They are not given to "
        "anyone outside the anti-fraud work, and are kept only while you stay registered."
    ),
    _(
        "Add family members only with their agreement. You may ask to see, correct or delete "
        "your registration at any time at your police station or community office; "
        "withdrawing consent ends the warnings."
    ),
)

AGREEMENT = _(
    "I have read the notice above and agree to the processing of my and my family members' "
    "information for fraud warnings."
)


def is_current(version: str | None) -> bool:
    return version == VERSION
