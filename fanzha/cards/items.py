"""Sealing item numbers and normalising counterparties for counting."""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fanzha.cards.choices import ItemKind
from fanzha.lib import crypto
from fanzha.lib.identifiers import is_iot_number, normalize_mobile
from fanzha.lib.masking import mask_phone

_SEPARATORS = re.compile(r"[\s\-_.()（）]")
PURPOSE = "card_item"


def normalize_item(kind: str, value: str) -> str:
    text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", str(value or ""))).lower()
    if not text:
        raise ValidationError(_("The item number is empty."))
    if kind == ItemKind.PHONE_CARD:
        return normalize_mobile(text)
    if kind == ItemKind.IOT_CARD:
        if not is_iot_number(text):
            raise ValidationError(_("%(v)s is not an IoT card number (13 digits).") % {"v": value})
        return text
    if kind in (ItemKind.BANK_CARD, ItemKind.CORPORATE_ACCOUNT) and not text.isdigit():
        raise ValidationError(_("%(v)s is not an account number (digits only).") % {"v": value})
    return text


def mask_item(value: str) -> str:
    if len(value) <= 6:
        return "*" * len(value)
    if len(value) <= 11:
        return mask_phone(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def seal_item(kind: str, value: str) -> tuple[str, str, str]:
    """(cipher, blind index, mask) of an item number after validation."""
    number = normalize_item(kind, value)
    return (
        crypto.encrypt(number),
        crypto.blind_index(f"{kind}:{number}", purpose=PURPOSE),
        mask_item(number),
    )


def counterparty_key(value: str) -> str:
    """Two spellings of the same counterparty count once: NFKC, no spaces, lower-case."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", value or "")).lower()[:100]
