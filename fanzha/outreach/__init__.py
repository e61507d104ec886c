"""Outreach: household pledges (承诺书), 六进 publicity, venue banners.

Typed entry points other apps use (imported lazily so importing the package loads no models):
``fanzha.outreach.coverage.pledge_rate(unit)``, ``fanzha.outreach.activity_counts(unit, start,
end)``, ``fanzha.outreach.pledges.sign_electronically(household, signer_name, ...)``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fanzha.org.models import Unit
    from fanzha.outreach.coverage import ActivityCounts


def activity_counts(unit: Unit, start: date, end: date) -> ActivityCounts:
    """See :func:`fanzha.outreach.coverage.activity_counts`."""
    from fanzha.outreach.coverage import activity_counts as counts

    return counts(unit, start, end)
