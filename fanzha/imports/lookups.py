"""What a row of an import file may refer to: grids, households, places, units and officers,
loaded once per import, and the uploader's scope (which grids they may import rows into)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from fanzha.org.choices import UnitKind


@dataclass(frozen=True)
class GridInfo:
    id: int
    code: str
    name: str
    community_id: int
    office_id: int
    station_id: int | None


OfficerRef = tuple[int, int | None]  # (user id, their unit id)


class Unresolved(Exception):
    """A reference in a cell that names nothing we know, or something outside the scope; the
    message is the reason shown in the report."""


_USCC_SHAPE = re.compile(r"^[0-9A-Z]{18}$")


def _unique_by(rows: list[Any], attr: str) -> dict[str, Any]:
    """Map a non-unique attribute (a name) to its row, leaving out names used twice: a name is
    only a usable reference when it names one thing."""
    seen: dict[str, Any] = {}
    twice: set[str] = set()
    for row in rows:
        key = getattr(row, attr) if not isinstance(row, dict) else row[attr]
        if key in seen:
            twice.add(key)
        seen[key] = row
    for key in twice:
        del seen[key]
    return seen


@dataclass
class Lookups:
    """References resolvable from a file, and the user's grids (``None``: unrestricted)."""

    user: Any
    grids_by_code: dict[str, GridInfo] = field(default_factory=dict)
    grids_by_name: dict[str, GridInfo] = field(default_factory=dict)
    grids_by_id: dict[int, GridInfo] = field(default_factory=dict)
    allowed_grid_ids: set[int] | None = None
    _places: tuple[dict[str, int], dict[str, int]] | None = None
    _units: dict[str, dict[str, int]] = field(default_factory=dict)
    _officers: tuple[dict[str, OfficerRef], dict[str, OfficerRef]] | None = None

    @classmethod
    def for_user(cls, user: Any) -> Lookups:
        from fanzha.accounts.capabilities import is_admin
        from fanzha.org.models import Grid

        lookups = cls(user=user)
        infos = [
            GridInfo(
                g["id"], g["code"], g["name"], g["community_id"], g["office_id"], g["station_id"]
            )
            for g in Grid.objects.values(
                "id", "code", "name", "community_id", "office_id", "station_id"
            )
        ]
        lookups.grids_by_id = {g.id: g for g in infos}
        lookups.grids_by_code = {g.code.lower(): g for g in infos}
        lookups.grids_by_name = _unique_by(infos, "name")
        if user is not None and not is_admin(user):
            # Grids the user sees are the grids whose rows they may bring in: an east liaison
            # importing a row for a west grid gets an error, not a west resident.
            lookups.allowed_grid_ids = set(
                Grid.objects.restrict(user, "view").values_list("pk", flat=True)
            )
        return lookups

    # -- grids ----------------------------------------------------------------------------------
    def grid(self, text: str) -> GridInfo:
        info = self.grids_by_code.get(text.lower()) or self.grids_by_name.get(text)
        if info is None:
            raise Unresolved(_("Grid %(grid)s does not exist.") % {"grid": text})
        self.check_grid(info)
        return info

    def check_grid(self, info: GridInfo) -> None:
        if self.allowed_grid_ids is not None and info.id not in self.allowed_grid_ids:
            raise Unresolved(
                _(
                    "Grid %(grid)s is outside your area; you may only import rows for your own "
                    "unit's grids."
                )
                % {"grid": info.name}
            )

    # -- places ---------------------------------------------------------------------------------
    def load_places(self) -> tuple[dict[str, int], dict[str, int]]:
        """Places by USCC and by unique name. Loaded before a resident file is stored: while
        the store's COPY is open the connection can run no other query."""
        if self._places is None:
            from fanzha.places.models import Place

            rows = list(Place.objects.values("id", "name", "uscc"))
            by_uscc = {r["uscc"]: r["id"] for r in rows if r["uscc"]}
            by_name = {k: v["id"] for k, v in _unique_by(rows, "name").items()}
            self._places = (by_uscc, by_name)
        return self._places

    def place(self, text: str) -> int:
        """A place by its USCC or its exact (unique) name."""
        by_uscc, by_name = self.load_places()
        upper = text.upper()
        if _USCC_SHAPE.match(upper) and upper in by_uscc:
            return by_uscc[upper]
        if text in by_name:
            return by_name[text]
        raise Unresolved(
            _("Employer %(place)s is not a registered place (give its USCC or exact name).")
            % {"place": text}
        )

    # -- units ----------------------------------------------------------------------------------
    def _unit_map(self, group: str, kinds: list[str]) -> dict[str, int]:
        if group not in self._units:
            from fanzha.org.models import Unit

            rows = list(Unit.objects.filter(kind__in=kinds).values("id", "code", "name"))
            mapping = {r["code"].lower(): r["id"] for r in rows}
            mapping.update({k: v["id"] for k, v in _unique_by(rows, "name").items()})
            self._units[group] = mapping
        return self._units[group]

    def community(self, text: str) -> int:
        mapping = self._unit_map("community", [UnitKind.COMMUNITY, UnitKind.VILLAGE])
        found = mapping.get(text.lower()) or mapping.get(text)
        if found is None:
            raise Unresolved(_("Community %(unit)s does not exist.") % {"unit": text})
        return found

    def station(self, text: str) -> int:
        mapping = self._unit_map("station", [UnitKind.STATION])
        found = mapping.get(text.lower()) or mapping.get(text)
        if found is None:
            raise Unresolved(_("Police station %(unit)s does not exist.") % {"unit": text})
        return found

    def sector_unit(self, text: str) -> int:
        mapping = self._unit_map("sector", [UnitKind.SECTOR, UnitKind.BUREAU])
        found = mapping.get(text.lower()) or mapping.get(text)
        if found is None:
            raise Unresolved(_("Sector unit %(unit)s does not exist.") % {"unit": text})
        return found

    # -- officers -------------------------------------------------------------------------------
    def officer(self, text: str) -> tuple[int, int | None]:
        """(user id, their unit id) of an officer named by username or badge number."""
        if self._officers is None:
            from fanzha.accounts.choices import Role
            from fanzha.accounts.models import User

            rows = list(
                User.objects.filter(role=Role.OFFICER, is_active=True).values(
                    "id", "username", "badge_number", "unit_id"
                )
            )
            by_username: dict[str, OfficerRef] = {
                r["username"].lower(): (r["id"], r["unit_id"]) for r in rows
            }
            by_badge: dict[str, OfficerRef] = {
                r["badge_number"]: (r["id"], r["unit_id"]) for r in rows if r["badge_number"]
            }
            self._officers = (by_username, by_badge)
        by_username, by_badge = self._officers
        found: OfficerRef | None = by_username.get(text.lower()) or by_badge.get(text)
        if found is None:
            raise Unresolved(_("Officer %(user)s does not exist.") % {"user": text})
        return found
