"""Recording sightings: the one entry point other apps use to report a fraud contact.

    from fanzha.indicators.sightings import record_sighting
    indicator = record_sighting("wechat", "Fraud_Boss01", "alert", "alert:123", user=request.user)

The value is normalised; the indicator is created (待核实) on first sight; the sighting is stored
once per ``(source, ref)``; the indicator's count and last-seen time move with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Value
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from fanzha.indicators.choices import SightingSource
from fanzha.indicators.models import Indicator, Sighting
from fanzha.indicators.normalize import normalize


def _unit_of(user: Any) -> Any:
    return getattr(user, "unit", None) if user is not None else None


def record_sighting(
    kind: str,
    value: str,
    source: str,
    ref: str = "",
    *,
    seen_at: datetime | None = None,
    user: Any = None,
    unit: Any = None,
    note: str = "",
    fraud_type: str = "",
) -> Indicator:
    """Record that ``value`` of ``kind`` showed up in ``source`` (``ref`` names the alert, case
    or report, e.g. ``"alert:123"``). Returns the indicator, created if new. Raises
    ``django.core.exceptions.ValidationError`` when the value is not valid for the kind."""
    normalised = normalize(kind, value)
    source = SightingSource(source)
    seen_at = seen_at or timezone.now()
    unit = unit if unit is not None else _unit_of(user)
    user = user if getattr(user, "is_authenticated", False) else None
    ref = (ref or "")[:100]
    for attempt in range(2):
        try:
            with transaction.atomic():
                indicator, _created = Indicator.objects.get_or_create(
                    kind=kind,
                    value=normalised,
                    defaults={
                        "raw_value": str(value)[:300],
                        "unit": unit,
                        "created_by": user,
                        "first_seen_at": seen_at,
                        "last_seen_at": seen_at,
                        "fraud_type": fraud_type,
                    },
                )
                if (
                    ref
                    and Sighting.objects.filter(
                        indicator=indicator, source=source, ref=ref
                    ).exists()
                ):
                    return indicator
                Sighting.objects.create(
                    indicator=indicator,
                    source=source,
                    ref=ref,
                    seen_at=seen_at,
                    note=note[:300],
                    unit=unit,
                    reported_by=user,
                )
                # One UPDATE with F(): two sightings recorded at once both count.
                Indicator.objects.filter(pk=indicator.pk).update(
                    sightings_count=F("sightings_count") + 1,
                    last_seen_at=Greatest(
                        Coalesce(F("last_seen_at"), Value(seen_at)), Value(seen_at)
                    ),
                    updated_at=timezone.now(),
                )
                if fraud_type and not indicator.fraud_type:
                    Indicator.objects.filter(pk=indicator.pk).update(fraud_type=fraud_type)
                indicator.refresh_from_db()
                return indicator
        except IntegrityError:
            # Another request created the same indicator or sighting between our read and
            # write; the second attempt finds it.
            if attempt:
                raise
    raise AssertionError("unreachable")
