"""Access scoping: the ONE place that decides which rows a user may see or change.

Every queryset behind a view, API route, export, search or chart goes through
``Model.objects.restrict(user, action)``. Models declare where their rows sit in the organisation
with a :class:`Scope` (paths to the grid, the 办事处 by territory, the sector unit, the police
station, an owning unit, a credited officer); the rules per role live here and nowhere else:

- district administrator: everything;
- leader: everything, read-only (identifiers stay masked: that is a capability, not a scope);
- unit liaison: rows of their unit (territory for a 办事处, community or village; sector for a
  sector unit; rows the unit owns);
- grid worker: rows in their own grids;
- police officer: rows in their station's area, and rows credited to them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, Self

from django.db import models
from django.db.models import Q

if TYPE_CHECKING:
    from fanzha.accounts.models import User

Action = Literal["view", "change", "delete", "add"]
_NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class Scope:
    """Lookup paths from a model to the organisation; ``None`` means 'not related that way'."""

    grid: str | None = None
    office: str | None = None
    community: str | None = None
    sector: str | None = None
    station: str | None = None
    unit: str | None = None
    officer: str | None = None  # a user credited with, or owning, the row

    @classmethod
    def via_grid(cls, grid: str, **others: str) -> Scope:
        """The usual case: a row placed by its grid, whose office, community and station give
        the territory (``Scope.via_grid("resident__grid", sector=...)``)."""
        return cls(
            grid=grid,
            office=f"{grid}__office",
            community=f"{grid}__community",
            station=f"{grid}__station",
            **others,
        )


def scope_q(scope: Scope, user: User) -> Q:
    """The filter for a non-global user; global roles are handled in ``restrict``."""
    from fanzha.accounts.choices import Role
    from fanzha.org.choices import UnitKind

    unit = user.unit
    q = _NOTHING
    if scope.officer:
        # Rows credited to or created by the user are always theirs to see.
        q |= Q(**{scope.officer: user.pk})
    if user.role == Role.GRID_WORKER:
        if scope.grid:
            q |= Q(**{f"{scope.grid}__in": user.grid_ids()})
        return q
    if user.role == Role.OFFICER or (unit is not None and unit.kind == UnitKind.STATION):
        if scope.station and user.unit_id:
            q |= Q(**{scope.station: user.unit_id})
        if scope.unit and user.unit_id:
            q |= Q(**{scope.unit: user.unit_id})
        return q
    if user.role == Role.LIAISON and unit is not None:
        if scope.unit:
            q |= Q(**{scope.unit: unit.pk})
        if unit.kind == UnitKind.OFFICE and scope.office:
            q |= Q(**{scope.office: unit.pk})
        elif unit.kind in (UnitKind.COMMUNITY, UnitKind.VILLAGE) and scope.community:
            q |= Q(**{scope.community: unit.pk})
        elif unit.kind in (UnitKind.SECTOR, UnitKind.BUREAU) and scope.sector:
            q |= Q(**{scope.sector: unit.pk})
    return q


class RestrictedQuerySet(models.QuerySet):
    """QuerySet with ``restrict(user, action)``; see the module docstring for the rules."""

    def restrict(self, user: Any, action: Action = "view") -> Self:
        from fanzha.accounts.choices import Role

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.ADMIN or user.is_superuser:
            return self
        if user.role == Role.LEADER:
            return self if action == "view" else self.none()
        model_q = getattr(self.model, "scope_q", None)
        if model_q is not None:
            return self.filter(model_q(user, action))
        scope: Scope | None = getattr(self.model, "scope", None)
        if scope is None:
            # A model without a scope is visible to global roles only: safe by default.
            return self.none()
        return self.filter(scope_q(scope, user))


RestrictedManager = models.Manager.from_queryset(RestrictedQuerySet)
