"""Declared list columns: a view says which columns it shows, the template renders them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models


@dataclass(frozen=True)
class Column:
    """``accessor`` is a dotted attribute path or a callable taking the row."""

    name: str
    label: Any
    accessor: str | Callable[[Any], Any] | None = None
    link: bool = False

    def value(self, row: Any) -> Any:
        accessor = self.accessor or self.name
        if callable(accessor):
            return accessor(row)
        value: Any = row
        for part in accessor.split("."):
            if value is None:
                return ""
            display = getattr(value, f"get_{part}_display", None)
            value = display() if callable(display) else getattr(value, part, "")
            if isinstance(value, models.Manager):
                value = ", ".join(str(v) for v in value.all())
        return "" if value is None else value
