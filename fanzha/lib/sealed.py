"""Sealing identifiers for storage: validate, encrypt, blind-index and mask in one step.

A sealed identifier is stored in three columns: ``<name>_cipher`` (AES-GCM), ``<name>_index``
(keyed hash for equality lookup) and ``<name>_mask`` (what every screen shows). Lists and exports
therefore never decrypt; only an audited reveal does.
"""

from __future__ import annotations

from dataclasses import dataclass

from fanzha.lib import crypto
from fanzha.lib.identifiers import normalize_mobile, normalize_resident_id
from fanzha.lib.masking import mask_id, mask_phone

PHONE = "phone"
RESIDENT_ID = "ric"


@dataclass(frozen=True)
class Sealed:
    cipher: str
    index: str
    mask: str


def phone_index(value: str) -> str:
    """Blind index of a phone number given in any accepted form (raises ValidationError)."""
    return crypto.blind_index(normalize_mobile(value), purpose=PHONE)


def id_index(value: str) -> str:
    return crypto.blind_index(normalize_resident_id(value), purpose=RESIDENT_ID)


def seal_phone(value: str) -> Sealed:
    number = normalize_mobile(value)
    return Sealed(
        crypto.encrypt(number), crypto.blind_index(number, purpose=PHONE), mask_phone(number)
    )


def seal_resident_id(value: str) -> Sealed:
    number = normalize_resident_id(value)
    return Sealed(
        crypto.encrypt(number),
        crypto.blind_index(number, purpose=RESIDENT_ID),
        mask_id(number),
    )


def seal_normalised_phone(number: str) -> Sealed:
    """For callers that already validated (bulk import): skips a second parse."""
    return Sealed(
        crypto.encrypt(number), crypto.blind_index(number, purpose=PHONE), mask_phone(number)
    )


def seal_normalised_id(number: str) -> Sealed:
    return Sealed(
        crypto.encrypt(number), crypto.blind_index(number, purpose=RESIDENT_ID), mask_id(number)
    )
