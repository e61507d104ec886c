from __future__ import annotations

from typing import Any

from django import template
from django.template.base import render_value_in_context
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
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


@register.simple_tag(takes_context=True)
def list_rows(context: template.Context, columns: list[Column], rows: Any) -> SafeString:
    """A list's table rows, each cell as ``{% cell %}`` renders it (localised, escaped), the
    linked columns pointing at the row's page. Rendered in Python: a page of fifty rows of
    ten columns through the template engine costs tens of milliseconds."""
    lines = []
    for row in rows:
        cells = []
        url = None
        for column in columns:
            html = render_value_in_context(cell(column, row), context)
            if column.link:
                if url is None:
                    url = escape(row.get_absolute_url())
                html = f'<a href="{url}">{html}</a>'
            cells.append(f"<td>{html}</td>")
        lines.append(f"<tr>{''.join(cells)}</tr>")
    if not lines:
        # Not inside the f-string: xgettext does not look into f-strings, and the message
        # dropped out of the catalogue (another app's translation then showed instead).
        empty = escape(_("Nothing here."))
        lines.append(f'<tr><td colspan="{len(columns)}" class="empty">{empty}</td></tr>')
    return mark_safe("\n".join(lines))  # noqa: S308 - every value is escaped above


@register.filter
def percent(value: Any, digits: int = 1) -> str:
    try:
        return f"{float(value) * 100:.{digits}f}%"
    except (TypeError, ValueError):
        return "—"
