"""Running the 三包 assignment over the district and setting a person by hand.

``run_assignment`` scores every area (``risk``), finds who may hold it (own unit's territory:
see ``eligible_*``), balances the load with the solver (``solver.balance``) for staff members
and officers separately, and writes one :class:`Assignment` per area with the explanation of each
choice. Manual choices (``set_manually``) are fixed inputs to every later run.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User
from fanzha.baobao import solver
from fanzha.baobao.choices import AssignMode, RunStatus
from fanzha.baobao.models import Assignment, AssignmentRun
from fanzha.baobao.risk import Weights, area_risks
from fanzha.places.models import Place


@dataclass(frozen=True)
class People:
    """Staff members and officers who can take areas, with who may hold what."""

    staff: dict[int, User]
    officers: dict[int, User]
    staff_by_unit: dict[int, list[int]]
    staff_by_grid: dict[int, list[int]]
    officers_by_station: dict[int, list[int]]


def area_places() -> Any:
    return (
        Place.objects.filter(kind__in=settings.FANZHA_BAOBAO_AREA_KINDS)
        .select_related("grid", "grid__community")
        .order_by("pk")
    )


def load_people() -> People:
    staff_roles = set(settings.FANZHA_BAOBAO_STAFF_ROLES)
    users = User.objects.filter(
        is_active=True, role__in=staff_roles | {Role.OFFICER}, capacity__gt=0
    )
    staff: dict[int, User] = {}
    officers: dict[int, User] = {}
    staff_by_unit: dict[int, list[int]] = defaultdict(list)
    officers_by_station: dict[int, list[int]] = defaultdict(list)
    for user in users:
        if user.role == Role.OFFICER:
            officers[user.pk] = user
            if user.unit_id:
                officers_by_station[user.unit_id].append(user.pk)
        elif user.role in staff_roles:
            staff[user.pk] = user
            if user.role != Role.GRID_WORKER and user.unit_id:
                staff_by_unit[user.unit_id].append(user.pk)
    staff_by_grid: dict[int, list[int]] = defaultdict(list)
    if Role.GRID_WORKER in staff_roles:
        through = User.grids.through  # type: ignore[attr-defined]
        for user_id, grid_id in through.objects.filter(user__in=list(staff)).values_list(
            "user_id", "grid_id"
        ):
            staff_by_grid[grid_id].append(user_id)
    return People(staff, officers, staff_by_unit, staff_by_grid, officers_by_station)


def eligible_staff(place: Place, people: People) -> tuple[int, ...]:
    """Staff of the area's own units: a liaison of its 办事处, its 社区/村居 or its sector unit;
    a grid worker of its grid."""
    ids: set[int] = set(people.staff_by_grid.get(place.grid_id, []))
    for unit_id in (place.territory_unit_id, place.grid.community_id, place.sector_unit_id):
        if unit_id:
            ids.update(people.staff_by_unit.get(unit_id, []))
    return tuple(sorted(ids))


def eligible_officers(place: Place, people: People) -> tuple[int, ...]:
    """Officers of the police station that covers the area's grid."""
    station = place.grid.station_id
    return tuple(sorted(people.officers_by_station.get(station, []))) if station else ()


def _explain(
    result: solver.Result,
    area_id: int,
    holder: int | None,
    mode: str,
    candidates: tuple[int, ...],
    capacity: dict[int, int],
    kept: bool,
) -> dict:
    stats = result.groups.get(result.group_of_area.get(area_id, 0))
    data: dict[str, Any] = {"mode": mode, "candidates": len(candidates)}
    if holder is not None:
        data.update(
            load=round(result.loads.get(holder, 0.0), 2),
            count=result.counts.get(holder, 0),
            capacity=capacity.get(holder, 0),
            kept=kept,
        )
    elif candidates:
        data["reason"] = "capacity"
    else:
        data["reason"] = "no_candidate"
    if stats is not None:
        data.update(
            group_people=stats.people,
            group_areas=stats.areas,
            min=round(stats.min_load, 2),
            max=round(stats.max_load, 2),
            mean=round(stats.mean_load, 2),
        )
    return data


def run_assignment(
    user: Any = None, today: date | None = None, seconds: float | None = None
) -> AssignmentRun:
    """Score, balance and save the 三包 assignment of every area; returns the run. ``seconds``
    is the solver's budget per role (default ``FANZHA_BAOBAO_SOLVER_SECONDS``)."""
    today = today or timezone.localdate()
    weights = Weights.from_settings()
    places = list(area_places())
    risks = area_risks(places, today, weights)
    people = load_people()
    existing = {a.area_id: a for a in Assignment.objects.filter(area__in=[p.pk for p in places])}

    plans: dict[str, tuple[list[solver.Area], dict[int, int], dict[int, tuple[int, ...]]]] = {}
    for role, pool, eligible, person_field in (
        ("staff", people.staff, eligible_staff, "staff"),
        ("officer", people.officers, eligible_officers, "officer"),
    ):
        areas: list[solver.Area] = []
        candidates_of: dict[int, tuple[int, ...]] = {}
        for place in places:
            candidates = eligible(place, people)
            candidates_of[place.pk] = candidates
            current = existing.get(place.pk)
            held = getattr(current, f"{person_field}_id", None) if current else None
            locked = (
                held if current and getattr(current, f"{role}_mode") == AssignMode.MANUAL else None
            )
            areas.append(
                solver.Area(
                    place.pk, float(risks[place.pk].score), candidates, locked=locked, previous=held
                )
            )
        capacity = {pk: u.capacity for pk, u in pool.items()}
        plans[role] = (areas, capacity, candidates_of)

    results = {
        role: solver.balance(a, cap, seconds or settings.FANZHA_BAOBAO_SOLVER_SECONDS)
        for role, (a, cap, _c) in plans.items()
    }

    with transaction.atomic():
        run = AssignmentRun.objects.create(
            run_by=user, status=RunStatus.EMPTY, weights=weights.as_dict()
        )
        to_create: list[Assignment] = []
        to_update: list[Assignment] = []
        locked_total = 0
        for place in places:
            risk = risks[place.pk]
            row = existing.get(place.pk) or Assignment(area=place)
            row.unit_id = place.territory_unit_id
            row.risk, row.cases, row.loss, row.vulnerable = (
                risk.score,
                risk.cases,
                risk.loss,
                risk.vulnerable,
            )
            explanation: dict[str, Any] = {
                "risk": {
                    "cases": risk.cases,
                    "loss": str(risk.loss),
                    "vulnerable": risk.vulnerable,
                    "score": str(risk.score),
                    "weights": weights.as_dict(),
                    "window_days": settings.FANZHA_BAOBAO_CASE_WINDOW_DAYS,
                    "on": today.isoformat(),
                }
            }
            for role in ("staff", "officer"):
                areas, capacity, candidates_of = plans[role]
                result = results[role]
                holder = result.holder.get(place.pk)
                previous = getattr(row, f"{role}_id", None) if row.pk else None
                mode = getattr(row, f"{role}_mode") if row.pk else AssignMode.NONE
                if mode != AssignMode.MANUAL:
                    mode = AssignMode.SOLVER if holder is not None else AssignMode.NONE
                else:
                    locked_total += 1
                setattr(row, f"{role}_id", holder)
                setattr(row, f"{role}_mode", mode)
                explanation[role] = _explain(
                    result,
                    place.pk,
                    holder,
                    mode,
                    candidates_of[place.pk],
                    capacity,
                    kept=holder is not None and holder == previous,
                )
            row.explanation = explanation
            row.run = run
            (to_update if row.pk else to_create).append(row)
        Assignment.objects.bulk_create(to_create, batch_size=500)
        Assignment.objects.bulk_update(
            to_update,
            [
                "unit",
                "risk",
                "cases",
                "loss",
                "vulnerable",
                "staff",
                "officer",
                "staff_mode",
                "officer_mode",
                "explanation",
                "run",
                "updated_at",
            ],
            batch_size=500,
        )
        # Areas that stopped being villages, compounds or enterprises leave the 三包 list.
        Assignment.objects.exclude(area__in=[p.pk for p in places]).delete()
        run.areas = len(places)
        run.staff_assigned = sum(1 for p in places if results["staff"].holder.get(p.pk))
        run.officer_assigned = sum(1 for p in places if results["officer"].holder.get(p.pk))
        run.locked = locked_total
        run.seconds = round(sum(r.seconds for r in results.values()), 3)
        run.status = (
            RunStatus.EMPTY
            if not places
            else RunStatus.OPTIMAL
            if all(r.optimal for r in results.values())
            else RunStatus.FEASIBLE
        )
        run.summary = {
            role: {
                "people": len(plans[role][1]),
                "max_load": round(max(results[role].loads.values(), default=0.0), 2),
                "min_load": round(min(results[role].loads.values(), default=0.0), 2),
                "groups": len(results[role].groups),
            }
            for role in ("staff", "officer")
        }
        run.save()
    return run


def set_manually(
    assignment: Assignment, role: str, person: User | None, *, user: Any, note: str = ""
) -> Assignment:
    """Set (or with ``person=None`` release) the staff member or officer of an area by hand.
    The person must be eligible for the area; a manual choice is kept by later runs."""
    if role not in ("staff", "officer"):
        raise ValidationError(_("Unknown role."))
    if person is not None:
        people = load_people()
        place = Place.objects.select_related("grid").get(pk=assignment.area_id)
        allowed = (
            eligible_staff(place, people) if role == "staff" else eligible_officers(place, people)
        )
        if person.pk not in allowed:
            raise ValidationError(
                _("%(person)s may not hold this area: not of the area's own units.")
                % {"person": person}
            )
        other = assignment.officer_id if role == "staff" else assignment.staff_id
        if other == person.pk:
            raise ValidationError(_("The staff member and the officer must be different people."))
    with transaction.atomic():
        setattr(assignment, f"{role}_id", person.pk if person else None)
        setattr(assignment, f"{role}_mode", AssignMode.MANUAL if person else AssignMode.NONE)
        explanation = dict(assignment.explanation or {})
        explanation[role] = {
            "mode": AssignMode.MANUAL if person else AssignMode.NONE,
            "by": str(user) if user else "",
            "at": timezone.localdate().isoformat(),
            "note": note[:200],
            **({"reason": "released"} if person is None else {}),
        }
        assignment.explanation = explanation
        assignment.override_note = note[:200]
        assignment.save()
    return assignment


def loss_total(rows: Any) -> Decimal:
    return sum((r.loss for r in rows), Decimal(0))
