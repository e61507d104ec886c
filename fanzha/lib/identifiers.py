"""Validation and normalisation of the identifiers the platform stores (DOMAIN.md §5).

Each ``normalize_*`` function returns the canonical form or raises ``ValidationError`` with a
Chinese message a person can act on. The message never repeats the value typed: it ends up in
logs, screenshots and error reports, and a mistyped ID or phone number is still someone's. The
checksum arithmetic itself comes from python-stdnum and phonenumbers; this module only adds the
rules of our domain on top.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from stdnum import luhn
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError as StdnumError

_SEPARATORS = re.compile(r"[\s\-()（）]")
# Mainland mobile numbers: 11 digits starting with 1[3-9]. IoT numbers have 13 digits.
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_IOT = re.compile(r"^(1440|1441|148\d|146\d|1410)\d{9}$")


def normalize_mobile(value: str) -> str:
    """Return an 11-digit mainland mobile number; ``+86``/``86``/separators are accepted."""
    raw = _SEPARATORS.sub("", str(value or ""))
    if not raw:
        raise ValidationError(_("Phone number is empty."), code="empty")
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("This is not a phone number: use digits only, optionally with +86."),
            code="invalid",
        ) from None
    national = str(parsed.national_number)
    if parsed.country_code != 86 or not _MOBILE.match(national):
        raise ValidationError(
            _("This is not a mainland mobile number (11 digits starting with 13–19, +86 allowed)."),
            code="invalid",
        )
    return national


def is_iot_number(value: str) -> bool:
    return bool(_IOT.match(_SEPARATORS.sub("", value)))


def mobile_e164(value: str) -> str:
    return "+86" + normalize_mobile(value)


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    gender: str  # "M" or "F"


def parse_resident_id(value: str) -> ResidentId:
    """Validate a GB 11643 resident ID number (checksum and a real birth date)."""
    raw = _SEPARATORS.sub("", str(value or "")).upper()
    if len(raw) != 18:
        raise ValidationError(_("The ID number must have 18 characters."), code="length")
    # Length, digits, checksum and a real birth date (GB 11643). python-stdnum's validate() also
    # insists the region code is in its own table as of the birth year; real numbers carry
    # retired or re-coded regions, so the region is not a reason to refuse a person.
    try:
        if not raw[:17].isdigit() or raw[17] != ric.calc_check_digit(raw):
            raise StdnumError()
        number = raw
        birth = ric.get_birth_date(number)
    except StdnumError:
        raise ValidationError(
            _("The ID number is invalid: its check digit or birth date is wrong."),
            code="invalid",
        ) from None
    if birth > date.today():
        raise ValidationError(
            _("The ID number has a birth date in the future."), code="future_birth_date"
        )
    gender = "M" if int(number[16]) % 2 == 1 else "F"
    return ResidentId(number=number, birth_date=birth, gender=gender)


def normalize_resident_id(value: str) -> str:
    return parse_resident_id(value).number


def normalize_uscc(value: str, *, allow_bad_checksum: bool = False) -> str:
    """Validate a GB 32100 unified social credit code.

    ``allow_bad_checksum`` is the audited administrator override for real codes that fail the
    checksum: the format is still enforced, only the check character is waived.
    """
    raw = _SEPARATORS.sub("", str(value or "")).upper()
    try:
        return str(uscc.validate(raw))
    except StdnumError:
        if allow_bad_checksum and len(raw) == 18 and re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", raw):
            return raw
        raise ValidationError(
            _(
                "The unified social credit code is invalid "
                "(GB 32100: 18 characters with a check character)."
            ),
            code="invalid",
        ) from None


def bank_card_warning(value: str) -> str | None:
    """A Luhn failure is a warning, never a rejection: corporate accounts are not card numbers."""
    digits = _SEPARATORS.sub("", value)
    if not digits.isdigit():
        return _("Account number contains characters other than digits.")
    if not luhn.is_valid(digits):
        return _("Account number fails the bank-card checksum; check it if it is a card.")
    return None


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))
