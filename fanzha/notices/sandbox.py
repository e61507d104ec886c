"""Rendering administrator-edited document templates safely.

The templates are Django templates, but rendered by an engine of their own: no template loaders
(so ``include``/``extends`` find nothing), no ``load`` (no extra tag libraries), no ``debug``, and
a context of plain data only (strings, numbers, lists and dicts built by
``fanzha.notices.contexts``), so a template can neither read files nor call model methods.
Every failure becomes :class:`TemplateProblem` with a message naming the problem and the line.
"""

from __future__ import annotations

from typing import Any

from django.template import Context, Engine, Library, TemplateSyntaxError
from django.template.base import Template
from django.template.exceptions import TemplateDoesNotExist
from django.utils.translation import gettext as _

# Tags that reach outside the template or reveal internals.
FORBIDDEN_TAGS = frozenset(
    {"load", "include", "extends", "debug", "ssi", "csrf_token", "url", "static", "block"}
)


class TemplateProblem(ValueError):
    """A document template cannot be used; ``str()`` is a sentence for the administrator."""


def _safe_library(source: Library) -> Library:
    library = Library()
    library.tags = {k: v for k, v in source.tags.items() if k not in FORBIDDEN_TAGS}
    library.filters = dict(source.filters)
    return library


class SandboxEngine(Engine):
    """An engine with no loaders and a trimmed set of built-in tags."""

    def __init__(self) -> None:
        super().__init__(
            dirs=[],
            app_dirs=False,
            loaders=[],
            libraries={},
            autoescape=True,
            string_if_invalid="",
            debug=True,
        )
        self.template_builtins = [_safe_library(lib) for lib in self.template_builtins]
        self.template_libraries = {}


_engine: SandboxEngine | None = None


def engine() -> SandboxEngine:
    global _engine
    if _engine is None:
        _engine = SandboxEngine()
    return _engine


def _line_of(exc: Exception, source: str) -> int | None:
    info = getattr(exc, "template_debug", None)
    if info and "line" in info:
        return int(info["line"])
    token = getattr(exc, "token", None)
    if token is not None and getattr(token, "lineno", None):
        return int(token.lineno)
    return None


def _problem(exc: Exception, source: str) -> TemplateProblem:
    line = _line_of(exc, source)
    message = str(exc)
    if isinstance(exc, TemplateSyntaxError) and "Invalid block tag" in message:
        name = message.split("'")[1] if "'" in message else ""
        if name in FORBIDDEN_TAGS:
            message = _("the tag '%(tag)s' is not allowed in document templates") % {"tag": name}
    if isinstance(exc, TemplateDoesNotExist):
        message = _("document templates may not include or extend other templates")
    if line is not None:
        return TemplateProblem(
            _("Template error on line %(line)s: %(message)s") % {"line": line, "message": message}
        )
    return TemplateProblem(_("Template error: %(message)s") % {"message": message})


def compile_template(source: str) -> Template:
    """Parse a template; raise :class:`TemplateProblem` naming what is wrong and where."""
    try:
        return Template(source, engine=engine())
    except Exception as exc:
        raise _problem(exc, source) from exc


def render(source: str, data: dict[str, Any]) -> str:
    """Render ``source`` with plain ``data``; raise :class:`TemplateProblem` on any failure."""
    template = compile_template(source)
    try:
        return template.render(Context(data, autoescape=True))
    except Exception as exc:
        raise _problem(exc, source) from exc
