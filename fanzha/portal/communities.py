"""Finding a resident's community: the five nearest to where they are (their phone's location,
or the seat of the sub-district they pick), or a search by name.

The resident's location is used for one query and then forgotten: it is neither stored nor
logged. Communities without coordinates are left out of the distance lists but still found by
name."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, cast

from django.core.exceptions import ValidationError
from django.db.models import ExpressionWrapper, F, FloatField, Q, QuerySet
from django.utils.translation import gettext as _

NEAREST = 5
#: At most this many names answer a search (the app pages through none: refine the words).
SEARCH_LIMIT = 30
EARTH_RADIUS_M = 6_371_000


@dataclass(frozen=True)
class Point:
    """A WGS-84 position in degrees."""

    latitude: float
    longitude: float

    @classmethod
    def parse(cls, latitude: Any, longitude: Any) -> Point:
        """A point from untrusted input (strings or numbers); ``ValidationError`` otherwise."""
        try:
            lat, lon = float(latitude), float(longitude)
        except (TypeError, ValueError):
            raise ValidationError(_("The location could not be read."), code="invalid") from None
        if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
            raise ValidationError(_("The location could not be read."), code="invalid")
        return cls(lat, lon)


@dataclass(frozen=True)
class Choice:
    """A community offered to the resident, with its distance when a location was given."""

    community: Any
    distance_m: int | None = None

    @property
    def pk(self) -> int:
        return int(self.community.pk)

    @property
    def distance_label(self) -> str:
        if self.distance_m is None:
            return ""
        if self.distance_m < 1000:
            return _("%(m)d m") % {"m": round(self.distance_m, -1)}
        return _("%(km).1f km") % {"km": self.distance_m / 1000}


def communities() -> QuerySet:
    """Every community and village that takes registrations, by sub-district and name."""
    from fanzha.org.choices import UnitKind
    from fanzha.org.models import Unit

    return (
        Unit.objects.filter(kind__in=[UnitKind.COMMUNITY, UnitKind.VILLAGE])
        .select_related("parent")
        .order_by("parent__name", "name", "pk")
    )


def offices() -> QuerySet:
    """The sub-districts that have communities."""
    from fanzha.org.choices import UnitKind
    from fanzha.org.models import Unit

    return (
        Unit.objects.filter(kind=UnitKind.OFFICE, children__in=communities())
        .distinct()
        .order_by("name", "pk")
    )


def distance_m(a: Point, b: Point) -> int:
    """Great-circle distance (haversine), in metres."""
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return round(2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h))))


def nearest(point: Point, *, within: Any = None, count: int = NEAREST) -> list[Choice]:
    """The ``count`` communities nearest ``point`` (only ``within`` a sub-district if given).

    The database orders by an equirectangular approximation (exact enough across a district,
    and plain arithmetic on SQLite and PostgreSQL alike); the distances shown are haversine."""
    from fanzha.org.models import Unit

    squeeze = math.cos(math.radians(point.latitude))
    dlat = F("latitude") - point.latitude
    dlon = (F("longitude") - point.longitude) * squeeze
    qs = communities().filter(latitude__isnull=False, longitude__isnull=False)
    if within is not None:
        qs = qs.filter(parent=within)
    rows: list[Unit] = list(
        qs.annotate(
            spread=ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())
        ).order_by("spread", "pk")[:count]
    )
    choices = [
        # Both coordinates are set: the query filtered on them.
        Choice(
            unit, distance_m(point, Point(cast(float, unit.latitude), cast(float, unit.longitude)))
        )
        for unit in rows
    ]
    return sorted(choices, key=lambda c: (c.distance_m, c.pk))


def in_office(office: Any, count: int = NEAREST) -> list[Choice]:
    """A sub-district's communities nearest its seat (by name when the seat has no
    coordinates)."""
    if office.latitude is not None and office.longitude is not None:
        seat = Point(office.latitude, office.longitude)
        found = [Choice(c.community) for c in nearest(seat, within=office, count=count)]
        if found:
            return found
    return [Choice(unit) for unit in communities().filter(parent=office)[:count]]


def search(words: str, limit: int = SEARCH_LIMIT) -> list[Choice]:
    """Communities whose name (or sub-district's name) contains every word typed."""
    qs = communities()
    for word in words.split()[:5]:
        qs = qs.filter(Q(name__icontains=word) | Q(parent__name__icontains=word))
    return [Choice(unit) for unit in qs[:limit]]


@dataclass(frozen=True)
class Group:
    """A sub-district's communities, for the full list."""

    office: Any
    choices: list[Choice]
    has_selected: bool


@dataclass(frozen=True)
class Listing:
    """What the community picker shows: ``mode`` is ``nearest`` (to the resident), ``office``
    (a sub-district's, nearest its seat), ``search`` or ``all`` (grouped by sub-district)."""

    mode: str
    choices: list[Choice]
    groups: list[Group]
    office: Any = None
    error: str = ""


def grouped(selected: int | None = None) -> list[Group]:
    """Every community grouped by sub-district (the list that works without location or
    script)."""
    groups: dict[int | None, tuple[Any, list[Choice]]] = {}
    for unit in communities():
        groups.setdefault(unit.parent_id, (unit.parent, []))[1].append(Choice(unit))
    return [
        Group(office, choices, any(c.pk == selected for c in choices))
        for office, choices in groups.values()
    ]


def listing(
    *,
    latitude: Any = None,
    longitude: Any = None,
    office: Any = None,
    words: str = "",
    selected: int | None = None,
) -> Listing:
    """The picker's list for what the resident gave: a location, a sub-district, words, or
    nothing (then everything, grouped)."""
    if latitude not in (None, "") or longitude not in (None, ""):
        try:
            point = Point.parse(latitude, longitude)
        except ValidationError as exc:
            return Listing("all", [], grouped(selected), error=" ".join(exc.messages))
        found = nearest(point)
        if not found:
            return Listing(
                "all",
                [],
                grouped(selected),
                error=_("No community near you has a known location; choose from the list."),
            )
        return Listing("nearest", found, [])
    if office is not None:
        return Listing("office", in_office(office), [], office=office)
    if words.strip():
        return Listing("search", search(words), [])
    return Listing("all", [], grouped(selected))
