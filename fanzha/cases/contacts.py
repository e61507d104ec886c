"""Fraud contacts of a case (涉诈线索): parsed from the form's lines, recorded as sightings
through ``fanzha.indicators.sightings.record_sighting`` and linked to the case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class ContactLine:
    kind: str
    value: str


def _kinds() -> dict[str, str]:
    """Names a person may type for each indicator kind: the code and the Chinese label."""
    from django.utils import translation

    from fanzha.indicators.choices import IndicatorKind

    names: dict[str, str] = {}
    for code, label in IndicatorKind.choices:
        names[code.lower()] = code
        names[str(label).lower()] = code
        with translation.override("zh-hans"):
            names[str(label).lower()] = code
    # Short forms people write.
    names.update(
        {
            "电话": "phone",
            "手机": "phone",
            "微信": "wechat",
            "微信群": "wechat_group",
            "支付宝": "alipay",
            "银行卡": "bank_account",
            "网址": "url",
            "抖音": "douyin",
        }
    )
    return names


def parse_lines(text: str) -> list[ContactLine]:
    """``kind value`` (or ``kind: value``) per line; raises a ValidationError listing every bad
    line by number."""
    from fanzha.indicators.normalize import normalize

    kinds = _kinds()
    found: list[ContactLine] = []
    errors: list[str] = []
    for number, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip().replace("：", ":")
        if not line:
            continue
        head, sep, tail = line.partition(":")
        if not sep:
            head, _sep, tail = line.partition(" ")
        kind = kinds.get(head.strip().lower())
        if kind is None or not tail.strip():
            errors.append(
                _("Line %(n)s: write the kind and the value, e.g. “微信 wxid_abc”.") % {"n": number}
            )
            continue
        try:
            normalize(kind, tail.strip())
        except ValidationError as exc:
            errors.append(
                _("Line %(n)s: %(problem)s") % {"n": number, "problem": " ".join(exc.messages)}
            )
            continue
        found.append(ContactLine(kind, tail.strip()))
    if errors:
        raise ValidationError(errors)
    return found


def record(case: Any, lines: list[ContactLine], user: Any = None) -> None:
    """Record each contact as a sighting from this case and link it."""
    from fanzha.indicators.choices import SightingSource
    from fanzha.indicators.sightings import record_sighting

    for line in lines:
        indicator = record_sighting(
            line.kind,
            line.value,
            SightingSource.CASE,
            f"case:{case.pk}",
            seen_at=case.reported_at,
            user=user,
            fraud_type=case.fraud_type,
        )
        case.contacts.add(indicator)
