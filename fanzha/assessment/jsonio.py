"""The JSON form of the assessment's inputs and results, shared by ``fanzha assess score`` and
the stateless scoring API: parse strictly (a clear error names the unit and field), score with
the default scheme, and return rounded numbers."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from fanzha.assessment.scoring import (
    SchemeSpec,
    ScoringError,
    UnitInput,
    default_scheme,
    score_units,
)


def _count(unit: dict[str, Any], key: str, where: str) -> int:
    if key not in unit:
        raise ScoringError(
            _("Unit %(code)s: %(field)s is missing.") % {"code": where, "field": key}
        )
    value = unit[key]
    # bool is an int in Python; true/false as a case count is a mistake, not 1/0.
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScoringError(
            _("Unit %(code)s: %(field)s must be a whole number.") % {"code": where, "field": key}
        )
    if value < 0:
        raise ScoringError(
            _("Unit %(code)s: %(field)s cannot be negative.") % {"code": where, "field": key}
        )
    return value


def _flag(unit: dict[str, Any], key: str, where: str) -> bool:
    if key not in unit:
        raise ScoringError(
            _("Unit %(code)s: %(field)s is missing.") % {"code": where, "field": key}
        )
    value = unit[key]
    if not isinstance(value, bool):
        raise ScoringError(
            _("Unit %(code)s: %(field)s must be true or false.") % {"code": where, "field": key}
        )
    return value


def _points(value: Any, where: str, key: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ScoringError(
            _("Unit %(code)s: manual %(item)s must be a number.") % {"code": where, "item": key}
        )
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ScoringError(
            _("Unit %(code)s: manual %(item)s must be a number.") % {"code": where, "item": key}
        ) from None
    if not number.is_finite():
        raise ScoringError(
            _("Unit %(code)s: manual %(item)s must be a number.") % {"code": where, "item": key}
        )
    return number


def parse_document(data: Any) -> tuple[str, list[UnitInput]]:
    """``{"period": ..., "units": [...]}`` → (period, units); raises ScoringError."""
    if not isinstance(data, dict):
        raise ScoringError(_("The input must be a JSON object with period and units."))
    period = data.get("period")
    if not isinstance(period, str | int) or isinstance(period, bool) or str(period) == "":
        raise ScoringError(_("period is missing or not a string."))
    raw_units = data.get("units")
    if not isinstance(raw_units, list):
        raise ScoringError(_("units must be a list."))
    units: list[UnitInput] = []
    for index, raw in enumerate(raw_units, start=1):
        if not isinstance(raw, dict):
            raise ScoringError(_("Unit #%(n)s is not an object.") % {"n": index})
        code = raw.get("code")
        if not isinstance(code, str) or not code.strip():
            raise ScoringError(_("Unit #%(n)s has no code.") % {"n": index})
        where = code
        name = raw.get("name", "")
        if not isinstance(name, str):
            raise ScoringError(_("Unit %(code)s: name must be a string.") % {"code": where})
        category = raw.get("category")
        manual_raw = raw.get("manual", {})
        if manual_raw is None:
            manual_raw = {}
        if not isinstance(manual_raw, dict):
            raise ScoringError(_("Unit %(code)s: manual must be an object.") % {"code": where})
        units.append(
            UnitInput(
                code=code,
                name=name,
                category=category if isinstance(category, str) else repr(category),
                cases_last=_count(raw, "cases_last", where),
                cases_this=_count(raw, "cases_this", where),
                card_publicity_in_six_into=_flag(raw, "card_publicity_in_six_into", where),
                card_prominent_problem=_flag(raw, "card_prominent_problem", where),
                manual={str(k): _points(v, where, str(k)) for k, v in manual_raw.items()},
            )
        )
    return str(period), units


def score_document(data: Any, scheme: SchemeSpec | None = None) -> dict[str, Any]:
    """Score a parsed-JSON document with the default scheme; the CLI's output document."""
    period, units = parse_document(data)
    scores = score_units(units, scheme or default_scheme())
    return {"period": period, "units": [s.as_json() for s in scores]}
