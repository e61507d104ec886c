"""Every translated message can be found by makemessages: xgettext does not look inside
f-strings, so a ``_("...")`` there silently drops out of the catalogue at the next update."""

from __future__ import annotations

import ast
from pathlib import Path

import fanzha

GETTEXT = {"_", "gettext", "gettext_lazy", "ngettext", "pgettext", "npgettext"}


def test_no_message_is_marked_inside_an_f_string():
    found = []
    for path in Path(fanzha.__file__).parent.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            for inner in ast.walk(node):
                if (
                    isinstance(inner, ast.Call)
                    and isinstance(inner.func, ast.Name)
                    and inner.func.id in GETTEXT
                ):
                    found.append(f"{path}:{inner.lineno}")
    assert found == []
