"""The staff menu. Apps register their entries in ``AppConfig.ready`` so no app edits another's
templates to appear in the navigation."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, get_script_prefix, reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


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
# Built menus by (role, superuser, language, script prefix); emptied when an item is registered.
_menus: dict[tuple[Any, ...], list[tuple[str, list[dict[str, str]]]]] = {}
_menu_html: dict[tuple[int, str], str] = {}  # by (id of a built menu, current page's URL)

SECTION_ORDER = ["overview", "registry", "alerts", "cases", "outreach", "assessment", "admin"]


def register(
    section: str, label: Any, url_name: str, *, order: int = 100, roles: set[str] | None = None
) -> None:
    if any(item.url_name == url_name for item in _registry.items):
        return
    _registry.items.append(
        MenuItem(section, label, url_name, order, frozenset(roles) if roles else None)
    )
    _menus.clear()
    _menu_html.clear()


def menu_for(user: Any) -> list[tuple[str, list[dict[str, str]]]]:
    """The menu a user sees. It depends only on the role, the superuser flag, the language and
    the URL prefix, so it is built once per such combination and process (read-only after)."""
    if user is None or not getattr(user, "is_authenticated", False):
        return []
    key = (user.role, bool(user.is_superuser), get_language(), get_script_prefix())
    menu = _menus.get(key)
    if menu is None:
        menu = _menus[key] = _build_menu(user)
    return menu


def menu_html(user: Any, path: str) -> str:
    """The sidebar's sections and links as HTML, the current page's link marked: built once per
    menu and page (the template engine would take milliseconds for some fifty links)."""
    menu = menu_for(user)
    if not menu:
        return ""
    current = path if any(item["url"] == path for _, items in menu for item in items) else ""
    key = (id(menu), current)
    html = _menu_html.get(key)
    if html is None:
        parts = []
        for section, items in menu:
            links = "".join(
                '<li><a href="{}"{}>{}</a></li>'.format(
                    escape(item["url"]),
                    ' aria-current="page"' if item["url"] == current else "",
                    escape(item["label"]),
                )
                for item in items
            )
            parts.append(
                f'<div class="nav-section"><h3>{escape(section)}</h3>\n'
                f"    <ul>{links}</ul>\n  </div>"
            )
        html = _menu_html[key] = mark_safe("\n  ".join(parts))  # noqa: S308 - escaped above
    return html


def _build_menu(user: Any) -> list[tuple[str, list[dict[str, str]]]]:
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
