"""三包: risk-weighted assignment of one staff member and one officer to each village, compound
and enterprise. ``fanzha.baobao.coverage(unit)`` is the assessment's entry point."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fanzha.baobao.metrics import BaobaoCoverage
    from fanzha.org.models import Unit


def coverage(unit: Unit) -> BaobaoCoverage:
    """See :func:`fanzha.baobao.metrics.coverage`."""
    from fanzha.baobao.metrics import coverage as compute

    return compute(unit)
