"""The items of a 422 answer: where (``loc``), what kind (``type``, pydantic's code, for
programs) and why in Chinese (``msg``, for the person integrating or reading the log).

Pydantic words its messages in English and prefixes the ones our validators raise
("Value error, 手机号格式不正确"); both are replaced here, the limits that apply kept.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

# The API's 404 (fanzha.api): a scoped lookup cannot tell missing from out of one's area.
NOT_FOUND = _("No such record, or it is outside your area.")

_MESSAGES: dict[str, Any] = {
    "missing": _("This field is required."),
    "extra_forbidden": _("This field is not allowed."),
    "int_parsing": _("Enter a whole number."),
    "int_type": _("Enter a whole number."),
    "int_from_float": _("Enter a whole number."),
    "float_parsing": _("Enter a number."),
    "float_type": _("Enter a number."),
    "decimal_parsing": _("Enter a number."),
    "decimal_type": _("Enter a number."),
    "bool_parsing": _("Enter true or false."),
    "bool_type": _("Enter true or false."),
    "string_type": _("Enter text."),
    "string_too_short": _("Enter at least %(min_length)s characters."),
    "string_too_long": _("Enter at most %(max_length)s characters."),
    "string_pattern_mismatch": _("The format is not valid."),
    "too_short": _("Give at least %(min_length)s items."),
    "too_long": _("Give at most %(max_length)s items."),
    "greater_than": _("Enter a value greater than %(gt)s."),
    "greater_than_equal": _("Enter a value of at least %(ge)s."),
    "less_than": _("Enter a value less than %(lt)s."),
    "less_than_equal": _("Enter a value of at most %(le)s."),
    "decimal_max_places": _("Enter at most %(decimal_places)s decimal places."),
    "enum": _("Choose one of: %(expected)s."),
    "literal_error": _("Choose one of: %(expected)s."),
    "date_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_from_datetime_parsing": _("Enter a date as YYYY-MM-DD."),
    "date_type": _("Enter a date as YYYY-MM-DD."),
    "datetime_parsing": _("Enter a time as an ISO 8601 date and time."),
    "datetime_from_date_parsing": _("Enter a time as an ISO 8601 date and time."),
    "datetime_type": _("Enter a time as an ISO 8601 date and time."),
    "uuid_parsing": _("Enter a valid UUID."),
    "uuid_type": _("Enter a valid UUID."),
    "json_invalid": _("The request body is not valid JSON."),
    "list_type": _("Give a list."),
    "dict_type": _("Give an object."),
    "model_type": _("Give an object."),
    "model_attributes_type": _("Give an object."),
}


def _message(error: dict[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    if kind in ("value_error", "assertion_error") and "error" in ctx:
        return str(ctx["error"])  # our own validators' words, already translated
    template = _MESSAGES.get(kind)
    if template is None:
        return str(error.get("msg", ""))
    if "expected" in ctx:  # pydantic's list of choices ends "'b' or 'c'"
        ctx = {**ctx, "expected": str(ctx["expected"]).replace(" or ", ", ")}
    try:
        return str(template) % dict(ctx)
    except (KeyError, TypeError, ValueError):
        return str(error.get("msg", ""))


def clean_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Pydantic's error items with Chinese messages and nothing that cannot be JSON."""
    return [
        {"type": e.get("type"), "loc": list(e.get("loc", ())), "msg": _message(e)} for e in errors
    ]
