"""The fraud type a narrative suggests, from the message check (``fanzha.detect.check``).
The detect app is built alongside this one: without it there is simply no suggestion."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from fanzha.cases.choices import FraudType

log = logging.getLogger(__name__)
MIN_LENGTH = 6  # shorter text says nothing about the fraud type


@dataclass(frozen=True)
class Suggestion:
    code: str
    label: str
    score: float
    cues: tuple[str, ...]


def suggest(narrative: str) -> Suggestion | None:
    text = (narrative or "").strip()
    if len(text) < MIN_LENGTH:
        return None
    try:
        from fanzha.detect import check
    except ImportError:
        return None
    try:
        verdict = check(text)
    except Exception:  # the suggestion is a help; a detector fault must not block the form
        log.exception("message check failed on a case narrative")
        return None
    if not verdict.is_fraud or verdict.label not in FraudType.values:
        return None
    cues = tuple(str(getattr(c, "text", c)) for c in verdict.cues)[:5]
    return Suggestion(verdict.label, str(FraudType(verdict.label).label), verdict.score, cues)
