"""The staff menu. Apps register their entries in ``AppConfig.ready`` so no app edits another's
templates to appear in the navigation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class MenuItem:
    section: str
    label: Any  # a lazy translation
    url_name: str
    order: int = 100
    roles: frozenset[str] | None = None  # None: every staff role


@dataclass
class _Registry:
    items: list[MenuItem] = field(default_factory=list)


_registry = _Registry()

SECTION_ORDER = ["overview", "registry", "alerts", "cases", "outreach", "assessment", "admin"]


def register(
    section: str, label: Any, url_name: str, *, order: int = 100, roles: set[str] | None = None
) -> None:
    if any(item.url_name == url_name for item in _registry.items):
        return
    _registry.items.append(
        MenuItem(section, label, url_name, order, frozenset(roles) if roles else None)
    )


def menu_for(user: Any) -> list[tuple[str, list[dict[str, str]]]]:
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    from fanzha.core.navigation_labels import SECTION_LABELS

    sections: dict[str, list[dict[str, str]]] = {}
    for item in sorted(_registry.items, key=lambda i: (i.order, str(i.label))):
        if item.roles is not None and user.role not in item.roles and not user.is_superuser:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        sections.setdefault(item.section, []).append({"label": str(item.label), "url": url})
    ordered = sorted(sections, key=lambda s: SECTION_ORDER.index(s) if s in SECTION_ORDER else 99)
    return [(str(SECTION_LABELS.get(s, s)), sections[s]) for s in ordered]
