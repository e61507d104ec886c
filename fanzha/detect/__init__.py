"""The message check: is a message fraud, which of the ten types, how sure, and why.

Use :func:`check` (one text) or :func:`check_many` (a batch); both return :class:`Verdict`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fanzha.detect.engine import Verdict, check, check_many, suggest_type

__all__ = ["Verdict", "check", "check_many", "suggest_type"]


def __getattr__(name: str) -> Any:
    # Imported lazily: loading the app registry must not pull in numpy and the rule engine.
    if name in __all__:
        from fanzha.detect import engine

        return getattr(engine, name)
    raise AttributeError(name)
