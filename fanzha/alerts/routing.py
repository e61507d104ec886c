"""Routing: from a target's phone number (blind index) to a resident, a grid, the grid worker,
and the officer and station credited with the registration or covering the area.

Matching order: a warning registration (the registrant's own number), a protected family member
of a registration, then any resident record with that number. An unmatched number still gets a
task, held by the district."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fanzha.alerts.choices import MatchedVia, Tier


@dataclass(frozen=True)
class Route:
    matched_via: str = MatchedVia.NONE
    resident_id: int | None = None
    registration_id: int | None = None
    grid_id: int | None = None
    community_id: int | None = None
    office_id: int | None = None
    station_id: int | None = None
    officer_id: int | None = None
    assignee_id: int | None = None
    tier: int = Tier.DISTRICT


UNMATCHED = Route()


@dataclass(frozen=True)
class _GridInfo:
    community_id: int
    office_id: int
    station_id: int | None
    worker_id: int | None


class Router:
    """Resolves many phone indexes at once (three queries per batch plus grids not seen yet);
    keep one per ingest run so grid lookups are cached."""

    def __init__(self) -> None:
        self._grids: dict[int, _GridInfo] = {}

    def _load_grids(self, grid_ids: Iterable[int]) -> None:
        from fanzha.org.models import Grid

        missing = {g for g in grid_ids if g is not None and g not in self._grids}
        if not missing:
            return
        workers: dict[int, int] = {}
        through = Grid.workers.through
        for grid_id, user_id in (
            through.objects.filter(grid_id__in=missing, user__is_active=True)
            .order_by("grid_id", "user_id")
            .values_list("grid_id", "user_id")
        ):
            # The grid's first worker (lowest id) is its default assignee: stable and simple.
            workers.setdefault(grid_id, user_id)
        for pk, community_id, office_id, station_id in Grid.objects.filter(
            pk__in=missing
        ).values_list("pk", "community_id", "office_id", "station_id"):
            self._grids[pk] = _GridInfo(community_id, office_id, station_id, workers.get(pk))

    def _route(
        self,
        via: str,
        grid_id: int | None,
        resident_id: int | None,
        registration_id: int | None,
        station_id: int | None,
        officer_id: int | None,
    ) -> Route:
        info = self._grids.get(grid_id) if grid_id is not None else None
        station = station_id or (info.station_id if info else None)
        if info is not None and info.worker_id is not None:
            assignee, tier = info.worker_id, Tier.GRID
        elif officer_id is not None:
            assignee, tier = officer_id, Tier.STATION
        else:
            assignee, tier = None, Tier.STATION if station else Tier.DISTRICT
        return Route(
            matched_via=via,
            resident_id=resident_id,
            registration_id=registration_id,
            grid_id=grid_id,
            community_id=info.community_id if info else None,
            office_id=info.office_id if info else None,
            station_id=station,
            officer_id=officer_id,
            assignee_id=assignee,
            tier=tier,
        )

    def match(self, indexes: Iterable[str]) -> dict[str, Route]:
        from fanzha.people.models import Resident
        from fanzha.registrations.models import FamilyMember, Registration

        wanted = {i for i in indexes if i}
        found: dict[str, tuple] = {}
        for idx, pk, resident, grid, station, officer in Registration.objects.filter(
            phone_index__in=wanted
        ).values_list("phone_index", "pk", "registrant_id", "grid_id", "station_id", "officer_id"):
            found[idx] = (MatchedVia.REGISTRATION, grid, resident, pk, station, officer)
        rest = wanted - found.keys()
        if rest:
            for idx, resident, resident_grid, pk, grid, station, officer in (
                FamilyMember.objects.filter(phone_index__in=rest)
                .order_by("pk")
                .values_list(
                    "phone_index",
                    "resident_id",
                    "resident__grid_id",
                    "registration_id",
                    "registration__grid_id",
                    "registration__station_id",
                    "registration__officer_id",
                )
            ):
                if idx not in found:
                    found[idx] = (
                        MatchedVia.FAMILY,
                        resident_grid or grid,
                        resident,
                        pk,
                        station,
                        officer,
                    )
            rest = wanted - found.keys()
        if rest:
            for idx, pk, grid in (
                Resident.objects.filter(phone_index__in=rest)
                .order_by("pk")
                .values_list("phone_index", "pk", "grid_id")
            ):
                if idx not in found:
                    found[idx] = (MatchedVia.RESIDENT, grid, pk, None, None, None)
        self._load_grids(v[1] for v in found.values())
        return {
            idx: self._route(via, grid, resident, registration, station, officer)
            for idx, (via, grid, resident, registration, station, officer) in found.items()
        }
