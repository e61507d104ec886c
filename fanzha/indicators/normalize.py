"""Normalising indicator values so one account is one row: ``(kind, normalise(value))`` is unique.

Rules per kind (all start from Unicode NFKC, so full-width characters typed on a Chinese keyboard
become their ASCII forms, and surrounding whitespace is dropped):

- phone: E.164 (``+8613800138000``); separators and a ``+86``/``0086`` prefix accepted;
- QQ: digits only (5–12), separators stripped;
- bank account: digits only (8–30), separators stripped;
- WeChat, Douyin, payment account, app: lower-case, inner whitespace removed, a leading ``@``
  dropped (Douyin); Alipay: an e-mail in lower case or a mobile number in E.164;
- URL or domain: lower-case host without scheme, ``www.``, credentials or default port, IDNs as
  punycode; the path and query keep their case (servers treat them case-sensitively);
- WeChat group and other: inner whitespace collapsed, lower-case.

Every function returns the canonical text or raises ``ValidationError`` with a Chinese message.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from fanzha.indicators.choices import IndicatorKind

MAX_LENGTH = 255

_SEPARATORS = re.compile(r"[\s\-_.()（）/·]")
_SPACES = re.compile(r"\s+")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
_HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9-]{1,63}$")
_ACCOUNT = re.compile(r"^[\w@.+\-]+$")


def _base(value: object) -> str:
    text = unicodedata.normalize("NFKC", str(value if value is not None else "")).strip()
    if not text:
        raise ValidationError(_("The value is empty."), code="empty")
    return text


# Mainland mobiles are most lookups; they skip the general parser (same answer, ~40× faster).
_CN_MOBILE = re.compile(r"^(?:\+86|86)?(1[3-9]\d{9})$")


def normalize_phone(value: object) -> str:
    text = _base(value)
    raw = re.sub(r"[\s\-()]", "", text)
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    mobile = _CN_MOBILE.match(raw)
    if mobile:
        return "+86" + mobile.group(1)
    try:
        parsed = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise ValidationError(
            _("%(value)s is not a phone number.") % {"value": text}, code="invalid"
        ) from None
    if not phonenumbers.is_possible_number(parsed):
        raise ValidationError(
            _("%(value)s is not a possible phone number.") % {"value": text}, code="invalid"
        )
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def _digits(value: object, low: int, high: int, label: str) -> str:
    text = _base(value)
    digits = _SEPARATORS.sub("", text)
    if not digits.isdigit() or not low <= len(digits) <= high:
        raise ValidationError(
            _("%(value)s is not a valid %(label)s (%(low)d–%(high)d digits).")
            % {"value": text, "label": label, "low": low, "high": high},
            code="invalid",
        )
    return digits


def normalize_qq(value: object) -> str:
    return _digits(value, 5, 12, _("QQ number"))


def normalize_bank_account(value: object) -> str:
    return _digits(value, 8, 30, _("bank account"))


def _account(value: object) -> str:
    text = _SPACES.sub("", _base(value)).lower()
    if not _ACCOUNT.match(text):
        raise ValidationError(
            _("%(value)s contains characters an account name cannot have.") % {"value": text},
            code="invalid",
        )
    return text


def normalize_douyin(value: object) -> str:
    return _account(_base(value).lstrip("@"))


def normalize_alipay(value: object) -> str:
    text = _SPACES.sub("", _base(value)).lower()
    if "@" in text:
        if not _EMAIL.match(text):
            raise ValidationError(
                _("%(value)s is not an e-mail address.") % {"value": text}, code="invalid"
            )
        return text
    return normalize_phone(text)


def normalize_url(value: object) -> str:
    text = _SPACES.sub("", _base(value))
    if "://" not in text:
        text = "http://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").rstrip(".")
        port = parts.port
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a URL or domain.") % {"value": value}, code="invalid"
        ) from None
    try:
        host = host.encode("idna").decode("ascii").lower() if host else ""
    except UnicodeError:
        raise ValidationError(
            _("%(value)s is not a URL or domain.") % {"value": value}, code="invalid"
        ) from None
    host = host.removeprefix("www.")
    if not host or "." not in host or not _HOST.match(host):
        raise ValidationError(
            _("%(value)s is not a URL or domain.") % {"value": value}, code="invalid"
        )
    if port is not None and port not in (80, 443):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/")
    query = f"?{parts.query}" if parts.query else ""
    return f"{host}{path}{query}"


def url_host(normalised: str) -> str:
    """The host part of a normalised URL: a URL indicator is also at risk when its host is."""
    return re.split(r"[/?]", normalised, maxsplit=1)[0]


def normalize_text(value: object) -> str:
    return _SPACES.sub(" ", _base(value)).lower()


_NORMALISERS = {
    IndicatorKind.PHONE: normalize_phone,
    IndicatorKind.WECHAT: _account,
    IndicatorKind.WECHAT_GROUP: normalize_text,
    IndicatorKind.QQ: normalize_qq,
    IndicatorKind.ALIPAY: normalize_alipay,
    IndicatorKind.BANK_ACCOUNT: normalize_bank_account,
    IndicatorKind.PAYMENT_ACCOUNT: _account,
    IndicatorKind.URL: normalize_url,
    IndicatorKind.APP: normalize_text,
    IndicatorKind.DOUYIN: normalize_douyin,
    IndicatorKind.OTHER: normalize_text,
}


def normalize(kind: str, value: object) -> str:
    """The canonical form of ``value`` for ``kind``; raises ``ValidationError`` when invalid."""
    try:
        func = _NORMALISERS[IndicatorKind(kind)]
    except ValueError:
        raise ValidationError(
            _("Unknown indicator kind: %(kind)s.") % {"kind": kind}, code="kind"
        ) from None
    result = func(value)
    if len(result) > MAX_LENGTH:
        raise ValidationError(
            _("The value is longer than %(max)d characters.") % {"max": MAX_LENGTH},
            code="length",
        )
    return result
