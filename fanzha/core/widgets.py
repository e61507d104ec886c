"""Form widgets that render their HTML in Python instead of through the template engine.

Django renders every widget, and every ``<option>`` of a select, through a template: a filter
form with a select of a district's grids costs milliseconds on every list page. These widgets
produce the same markup as Django's templates (``django/forms/widgets/*.html``) from the same
context (``get_context``), with every name, value and label escaped.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe


def attributes(attrs: dict[str, Any]) -> str:
    """`` name="value"`` pairs, escaped, as django/forms/widgets/attrs.html writes them: ``True``
    as a bare name, ``False`` (and ``None``) left out."""
    if not attrs:
        return ""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False and value is not None
    )


class FastInputMixin:
    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = "" if widget["value"] is None else f' value="{escape(widget["value"])}"'
        return mark_safe(  # noqa: S308 - every part is escaped
            f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
            f"{shown}{attributes(widget['attrs'])}>"
        )


class FastTextInput(FastInputMixin, forms.TextInput):
    pass


class FastHiddenInput(FastInputMixin, forms.HiddenInput):
    pass


class FastSelect(forms.Select):
    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        groups = []
        for group_name, options, _index in widget["optgroups"]:
            html = _options(options)
            groups.append(
                f'<optgroup label="{escape(group_name)}">{html}</optgroup>' if group_name else html
            )
        return mark_safe(  # noqa: S308 - every part is escaped
            f'<select name="{escape(widget["name"])}"{attributes(widget["attrs"])}>'
            f"{''.join(groups)}</select>"
        )


def _options(options: Iterable[dict[str, Any]]) -> str:
    return "".join(
        f'<option value="{escape(o["value"])}"{attributes(o["attrs"])}>'
        f"{conditional_escape(o['label'])}</option>"
        for o in options
    )
