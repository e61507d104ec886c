from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from fanzha.core.tables import Column

register = template.Library()


@register.simple_tag
def cell(column: Column, row: Any) -> Any:
    value = column.value(row)
    if value is True:
        return _("Yes")
    if value is False:
        return _("No")
    return value


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    try:
        return f"{float(value) * 100:.{digits}f}%"
    except (TypeError, ValueError):
        return "—"
