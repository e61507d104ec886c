"""Per-area aggregates of the weekly rollups (:class:`fanzha.dashboard.models.ScopeFigure`).

A dashboard reads the figures of one user's area. Summing that area's weekly rows on every view
means aggregating hundreds of thousands of rows at ten times the demo district; instead, when a
metric is rebuilt, its weekly rows are summed once per area that a user can have:

- ``district``: everything (administrators and leaders);
- ``office`` / ``community`` / ``station``: rows whose grid lies in that 办事处, 社区/村 or police
  station's area, or that the unit owns;
- ``sector``: rows whose resident or place the sector unit (or the sub-bureau) is responsible
  for, or that it owns;
- ``unit``: rows the unit owns (liaisons of any other unit).

These are the areas of :func:`fanzha.core.scoping.scope_q`. Reading still goes through
``restrict(user)``, which shows a user only rows naming their own unit; :func:`kind_for` only
picks which of the user's visible rows to add up, so a mistake there could show a user too
little, never another area's figures (and the tests compare every role with the weekly rows).
Grid workers, and anyone :func:`kind_for` does not recognise, read the weekly rows directly.
"""

from __future__ import annotations

from typing import Any

from django.db import connection

from fanzha.dashboard.models import PeriodFigure, ScopeFigure, ScopeKind, WeeklyFigure


def kind_for(user: Any) -> str | None:
    """The area kind whose row holds exactly what ``restrict(user)`` shows of the weekly rows,
    or ``None``: read the weekly rows (grid workers, unknown roles)."""
    from fanzha.accounts.choices import Role
    from fanzha.org.choices import UnitKind

    if user is None:
        return ScopeKind.DISTRICT
    if not user.is_authenticated or not user.is_active:
        return None
    if user.is_superuser or user.role in (Role.ADMIN, Role.LEADER):
        return ScopeKind.DISTRICT
    if user.role == Role.GRID_WORKER:
        return None
    unit = user.unit
    if user.role == Role.OFFICER or (unit is not None and unit.kind == UnitKind.STATION):
        return ScopeKind.STATION
    if user.role == Role.LIAISON and unit is not None:
        if unit.kind == UnitKind.OFFICE:
            return ScopeKind.OFFICE
        if unit.kind in (UnitKind.COMMUNITY, UnitKind.VILLAGE):
            return ScopeKind.COMMUNITY
        if unit.kind in (UnitKind.SECTOR, UnitKind.BUREAU):
            return ScopeKind.SECTOR
        return ScopeKind.UNIT
    return None


# For each area kind: the column the area's id goes in, and the weekly row's territory column
# (through its grid) or its own column that places it in the area. The row's owning unit is the
# second way into every area but the district.
_AREAS: dict[str, tuple[str, str | None]] = {
    ScopeKind.OFFICE: ("office_id", "g.office_id"),
    ScopeKind.COMMUNITY: ("community_id", "g.community_id"),
    ScopeKind.STATION: ("station_id", "g.station_id"),
    ScopeKind.SECTOR: ("sector_unit_id", "f.sector_unit_id"),
    ScopeKind.UNIT: ("unit_id", None),
}
_AREA_COLUMNS = ("office_id", "community_id", "station_id", "sector_unit_id", "unit_id")


def _q(name: str) -> str:
    return connection.ops.quote_name(name)


def _weeks_clause(alias: str, weeks: list[Any] | None) -> tuple[str, list[Any]]:
    if weeks is None:
        return "", []
    if not weeks:
        return " AND 1 = 0", []
    marks = ", ".join("%s" for _w in weeks)
    return f" AND {alias}week IN ({marks})", list(weeks)


def build(metric: str, weeks: list[Any] | None = None) -> int:
    """Replace ``metric``'s area rows (of ``weeks`` only, if given) by sums of its weekly rows;
    call inside the transaction that rebuilt those. Returns the number of area rows written."""
    from fanzha.org.models import Grid

    fine = _q(WeeklyFigure._meta.db_table)
    table = _q(ScopeFigure._meta.db_table)
    grid = _q(Grid._meta.db_table)
    key = _q("key")
    columns = f'kind, metric, week, {key}, "count", total, ' + ", ".join(_AREA_COLUMNS)
    only, week_params = _weeks_clause("", weeks)
    only_f, _same = _weeks_clause("f.", weeks)
    written = 0
    # Identifiers below come from the models' metadata and this module's constants; values are
    # parameters.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE metric = %s{only}", [metric, *week_params])  # noqa: S608
        nulls = ", ".join("NULL" for _c in _AREA_COLUMNS)
        district = f'SELECT %s, metric, week, {key}, SUM("count"), SUM(total), {nulls} FROM {fine} WHERE metric = %s{only} GROUP BY metric, week, {key}'  # noqa: S608, E501
        cursor.execute(
            f"INSERT INTO {table} ({columns}) {district}",
            [ScopeKind.DISTRICT.value, metric, *week_params],
        )
        written += max(cursor.rowcount, 0)
        for kind, (column, territory) in _AREAS.items():
            area = ", ".join("x.sid" if c == column else "NULL" for c in _AREA_COLUMNS)
            row = f'f.metric, f.week, f.{key} AS k, f."count" AS c, f.total AS t FROM {fine} f LEFT JOIN {grid} g ON g.id = f.grid_id WHERE f.metric = %s{only_f}'  # noqa: E501
            parts: list[str] = []
            params: list[Any] = []
            owned = "f.unit_id IS NOT NULL"
            if territory is not None:
                # Rows in the area by territory; then rows the unit owns that lie elsewhere.
                parts.append(f"SELECT {territory} AS sid, {row} AND {territory} IS NOT NULL")
                params += [metric, *week_params]
                owned += f" AND ({territory} IS NULL OR {territory} <> f.unit_id)"
            parts.append(f"SELECT f.unit_id AS sid, {row} AND {owned}")
            params += [metric, *week_params]
            union = " UNION ALL ".join(parts)
            cursor.execute(
                f"INSERT INTO {table} ({columns}) SELECT %s, x.metric, x.week, x.k, SUM(x.c), SUM(x.t), {area} FROM ({union}) x GROUP BY x.sid, x.metric, x.week, x.k",  # noqa: S608, E501
                [str(kind), *params],
            )
            written += max(cursor.rowcount, 0)
    return written


ALL = "all"


def period_name(first: Any, last: Any) -> str:
    return f"{first.isoformat()}/{last.isoformat()}"


def wanted_periods() -> dict[str, tuple[Any, Any] | None]:
    """The periods the breakdowns read: every week, and the year-on-year windows in force."""
    from fanzha.dashboard.figures import year_windows

    periods: dict[str, tuple[Any, Any] | None] = {ALL: None}
    for window in year_windows():
        periods[period_name(window.first, window.last)] = (window.first, window.last)
    return periods


def build_periods(metric: str) -> str:
    """Replace ``metric``'s period rows by sums of its weekly rows; returns the periods built
    (comma-separated, for :class:`fanzha.dashboard.models.RollupState`)."""
    fine = _q(WeeklyFigure._meta.db_table)
    table = _q(PeriodFigure._meta.db_table)
    periods = wanted_periods()
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table} WHERE metric = %s", [metric])  # noqa: S608
        for name, bounds in periods.items():
            within = "" if bounds is None else " AND week >= %s AND week <= %s"
            params: list[Any] = [name, metric, *(bounds or ())]
            cursor.execute(
                f'INSERT INTO {table} (metric, period, grid_id, unit_id, sector_unit_id, "count", total) SELECT metric, %s, grid_id, unit_id, sector_unit_id, SUM("count"), SUM(total) FROM {fine} WHERE metric = %s{within} GROUP BY metric, grid_id, unit_id, sector_unit_id',  # noqa: S608, E501
                params,
            )
    return ",".join(periods)
