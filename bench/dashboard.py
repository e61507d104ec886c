"""Benchmark of the situation dashboard at N times the demo district.

Builds a synthetic district in a PostgreSQL database of its own (``bench_dashboard`` unless
``DATABASE_URL`` names another), loading rows with COPY: at ``--scale 10`` about 1.7 million
residents, 550,000 households, 490,000 registrations, a million alerts with their dissuasion
tasks, 100,000 cases, 95,000 banned accounts and 300,000 pledges. Then it measures:

- the full rollup rebuild (the periodic job's worst case) and one incremental refresh after a
  registration is saved through the registry's own function (and checks the figure moved);
- the dashboard's server time (Django's test client: view, queries, template), per role, for
  ``/dashboard/``, ``/dashboard/data.json`` and ``/api/v1/stats/``: p50 and p95 with the
  per-user cache (``server_time``) and with it off (``server_time_uncached``: every view
  computed from the rollups, as the first view after a refresh is), the first view's time,
  the queries per view, and the load average around each.

Run: ``.venv/bin/python bench/dashboard.py [--scale 10] [--requests 20] [--keep]``. The last
line printed is one JSON object. The database is dropped at the end unless ``--keep``; a kept
one is measured again with ``--reuse`` (add ``--no-rebuild`` to skip timing the full rollup
rebuild, several minutes at scale 10).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_dashboard"
TODAY = date(2021, 5, 27)


def _prepare_environment(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fanzha.settings")
    os.environ.setdefault("FANZHA_DEBUG", "0")  # no query log eating memory
    os.environ.setdefault("FANZHA_DASHBOARD_AS_OF", TODAY.isoformat())
    os.environ.setdefault("FANZHA_DATA_DIR", tempfile.mkdtemp(prefix="bench-dashboard-"))


def _admin_dsn(url: str) -> tuple[str, str]:
    base, _slash, name = url.rpartition("/")
    return base + "/postgres", name


def create_database(url: str) -> None:
    import psycopg

    admin, name = _admin_dsn(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    import psycopg
    from django.db import connections

    connections.close_all()
    admin, name = _admin_dsn(url)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- loading ----------------------------------------------------------------------------------


def copy_rows(model: Any, rows: Iterable[dict[str, Any]]) -> int:
    """COPY dicts of attribute values into ``model``'s table; unset fields get their default
    (auto_now fields: now). Returns the number of rows."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults: dict[str, Any] = {}
    for f in fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            defaults[f.attname] = now
        else:
            defaults[f.attname] = f.get_default()
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    n = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([row.get(f.attname, defaults[f.attname]) for f in fields])
                n += 1
    return n


def aware(day: date, seconds: int = 9 * 3600) -> datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime(day.year, day.month, day.day) + timedelta(seconds=seconds))


def build(scale: float, seed: int) -> dict[str, int]:
    """The synthetic district; returns row counts."""
    from django.db import connection

    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User
    from fanzha.alerts.models import Alert, Task
    from fanzha.cases.models import Case
    from fanzha.indicators.models import Indicator
    from fanzha.org.choices import SectorKind, UnitKind
    from fanzha.org.models import Grid, Unit
    from fanzha.outreach.models import Pledge
    from fanzha.people.models import Household, Resident
    from fanzha.places.models import Place
    from fanzha.registrations.models import AppInstall, Registration

    rng = random.Random(seed)
    n = lambda base: max(1, int(base * scale))  # noqa: E731
    counts: dict[str, int] = {}

    district = Unit.objects.create(code="district", name="开发区", kind=UnitKind.DISTRICT)
    bureau = Unit.objects.create(
        code="bureau",
        name="公安分局",
        kind=UnitKind.BUREAU,
        sector=SectorKind.POLICE,
        parent=district,
        is_leading_office=True,
    )
    sectors = [
        Unit.objects.create(
            code=f"sector-{k}", name=str(k), kind=UnitKind.SECTOR, sector=k, parent=district
        )
        for k in (
            SectorKind.TAX,
            SectorKind.FINANCE,
            SectorKind.ENFORCEMENT,
            SectorKind.MARKET,
            SectorKind.EDUCATION,
        )
    ]
    offices, stations, communities, grids = [], [], [], []
    communities_per_office = max(1, int(4 * scale))
    for i in range(5):
        office = Unit.objects.create(
            code=f"office-{i}", name=f"第{i + 1}街道办事处", kind=UnitKind.OFFICE, parent=district
        )
        station = Unit.objects.create(
            code=f"station-{i}", name=f"第{i + 1}派出所", kind=UnitKind.STATION, parent=bureau
        )
        offices.append(office)
        stations.append(station)
        for c in range(communities_per_office):
            community = Unit.objects.create(
                code=f"c-{i}-{c}",
                name=f"第{i + 1}街道第{c + 1}社区",
                kind=UnitKind.COMMUNITY,
                parent=office,
                police_station=station,
            )
            communities.append(community)
            for g in range(5):
                grids.append(
                    Grid(
                        code=f"g-{i}-{c}-{g}",
                        name=f"{community.name}第{g + 1}网格",
                        community=community,
                        office=office,
                        station=station,
                    )
                )
    Grid.objects.bulk_create(grids)
    grids = list(Grid.objects.order_by("pk"))
    counts["grids"] = len(grids)

    places = [
        {
            "name": f"企业{i}",
            "kind": "enterprise",
            "grid_id": (g := rng.choice(grids)).pk,
            "territory_unit_id": g.office_id,
            "sector_unit_id": rng.choice(sectors).pk,
            "uscc": None,
        }
        for i in range(n(2000))
    ]
    counts["places"] = copy_rows(Place, places)
    place_ids = list(Place.objects.values_list("pk", flat=True))

    n_households = n(55_000)
    grid_of_household = [rng.choice(grids).pk for _ in range(n_households)]
    counts["households"] = copy_rows(
        Household,
        (
            {"code": f"h{i}", "address": f"地址{i}", "grid_id": grid_of_household[i]}
            for i in range(n_households)
        ),
    )
    first_household = Household.objects.order_by("pk").values_list("pk", flat=True).first()

    n_residents = n(170_000)
    resident_grid: list[int] = []
    resident_household: list[int] = []

    def residents() -> Iterable[dict[str, Any]]:
        for i in range(n_residents):
            h = rng.randrange(n_households)
            resident_grid.append(grid_of_household[h])
            resident_household.append(first_household + h)
            yield {
                "name": f"居民{i}",
                "id_cipher": "x",
                "id_index": f"{i:032x}",
                "id_mask": "3716**********0000",
                "birth_date": date(1940 + rng.randrange(80), 1 + rng.randrange(12), 1),
                "gender": rng.choice("MF"),
                "household_id": first_household + h,
                "grid_id": grid_of_household[h],
                "employer_id": rng.choice(place_ids) if rng.random() < 0.1 else None,
                "tags": "",
            }

    counts["residents"] = copy_rows(Resident, residents())
    first_resident = Resident.objects.order_by("pk").values_list("pk", flat=True).first()
    community_of_grid = {g.pk: g.community_id for g in grids}
    station_of_grid = {g.pk: g.station_id for g in grids}

    order = list(range(n_residents))
    rng.shuffle(order)
    n_registrations = n(48_896)
    span = (TODAY - date(2021, 1, 1)).days
    counts["registrations"] = copy_rows(
        Registration,
        (
            {
                "registrant_id": first_resident + r,
                "phone_cipher": "x",
                "phone_index": f"{r:032x}",
                "phone_mask": "138****0000",
                "grid_id": resident_grid[r],
                "community_id": community_of_grid[resident_grid[r]],
                "station_id": station_of_grid[resident_grid[r]],
                "registered_at": aware(date(2021, 1, 1) + timedelta(days=rng.randrange(span + 1))),
                "family_count": rng.choices([0, 1, 2], [62, 28, 10])[0],
                "source": "staff",
            }
            for r in order[:n_registrations]
        ),
    )
    counts["app_installs"] = copy_rows(
        AppInstall,
        (
            {
                "resident_id": first_resident + r,
                "installed_on": date(2021, 1, 1) + timedelta(days=rng.randrange(span + 1)),
            }
            for r in order[n_registrations : n_registrations + n(20_000)]
        ),
    )

    n_alerts = n(100_000)
    year = 365
    received: list[datetime] = []

    def alerts() -> Iterable[dict[str, Any]]:
        for i in range(n_alerts):
            when = aware(TODAY - timedelta(days=rng.randrange(year)), rng.randrange(86400))
            received.append(when)
            yield {
                "source": "national",
                "source_ref": f"a{i}",
                "level": rng.choice(["high", "medium", "low"]),
                "target_phone_cipher": "x",
                "target_phone_index": f"{i:032x}",
                "target_phone_mask": "138****0000",
                "fraud_type": rng.choice(["SDFL", "XJTZ", "MCKF", "MCGJF"]),
                "received_at": when,
                "created_at": when,
            }

    counts["alerts"] = copy_rows(Alert, alerts())
    first_alert = Alert.objects.order_by("pk").values_list("pk", flat=True).first()

    def tasks() -> Iterable[dict[str, Any]]:
        for i in range(n_alerts):
            r = rng.randrange(n_residents)
            grid = resident_grid[r]
            contact = received[i] + timedelta(minutes=rng.randrange(5, 240))
            outcome = rng.choices(["1", "2", "3", "4", "5"], [60, 15, 5, 2, 18])[0]
            yield {
                "alert_id": first_alert + i,
                "level": "high",
                "status": "closed",
                "resident_id": first_resident + r,
                "grid_id": grid,
                "community_id": community_of_grid[grid],
                "station_id": station_of_grid[grid],
                "office_id": None,
                "due_at": received[i] + timedelta(hours=1),
                "first_contact_at": contact,
                "closed_at": contact + timedelta(hours=1),
                "outcome": outcome,
                "amount_saved": Decimal("0.00"),
            }

    counts["tasks"] = copy_rows(Task, tasks())
    office_of_grid = {g.pk: g.office_id for g in grids}
    with connection.cursor() as cursor:
        # The task's office follows its grid (one UPDATE instead of a dict lookup per row).
        cursor.execute(
            "UPDATE alerts_task t SET office_id = g.office_id FROM org_grid g "
            "WHERE g.id = t.grid_id"
        )
    del office_of_grid

    case_span = (TODAY - date(2020, 1, 1)).days
    counts["cases"] = copy_rows(
        Case,
        (
            {
                "reported_at": (
                    when := aware(date(2020, 1, 1) + timedelta(days=rng.randrange(case_span + 1)))
                ),
                "occurred_at": when - timedelta(hours=2),
                "victim_name": "某某",
                "victim_id": first_resident + (r := rng.randrange(n_residents)),
                "grid_id": resident_grid[r],
                "fraud_type": rng.choice(
                    ["SDFL", "XJTZ", "XJGW", "MCKF", "XJDK", "MCLD", "MCGJF", "WLHL"]
                ),
                "channel": "wechat",
                "loss": Decimal(rng.randrange(100, 200_000)),
                "status": "open",
            }
            for _ in range(n(10_000))
        ),
    )

    bans = (
        [("wechat", "permanent")] * n(1886)
        + [("wechat", "short_term")] * n(4048)
        + [("wechat_group", "permanent")] * n(136)
        + [("qq", "permanent")] * n(3429)
    )
    counts["indicators"] = copy_rows(
        Indicator,
        (
            {
                "kind": kind,
                "value": f"{kind}-{i}",
                "status": "banned",
                "ban_term": term,
                "banned_at": aware(TODAY - timedelta(days=rng.randrange(year))),
                "banned_until": TODAY + timedelta(days=30) if term == "short_term" else None,
                "unit_id": rng.choice(stations).pk,
            }
            for i, (kind, term) in enumerate(bans)
        ),
    )

    signed = rng.sample(range(n_households), n(30_000))
    counts["pledges"] = copy_rows(
        Pledge,
        (
            {
                "household_id": first_household + h,
                "grid_id": grid_of_household[h],
                "method": "paper",
                "signer_name": "户主",
                "signed_on": date(2021, 1, 1) + timedelta(days=rng.randrange(span + 1)),
            }
            for h in signed
        ),
    )

    def user(name: str, role: str, unit: Any) -> User:
        u = User(username=name, role=role, unit=unit, display_name=name)
        u.set_unusable_password()
        u.save()
        return u

    user("admin", Role.ADMIN, bureau)
    user("leader", Role.LEADER, None)
    user("office_liaison", Role.LIAISON, offices[0])
    user("community_liaison", Role.LIAISON, communities[0])
    user("officer", Role.OFFICER, stations[0])
    worker = user("grid_worker", Role.GRID_WORKER, offices[0])
    worker.grids.set(grids[:4])
    user("tax_liaison", Role.LIAISON, sectors[0])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return counts


def existing_counts() -> dict[str, int]:
    from fanzha.people.models import Resident
    from fanzha.registrations.models import Registration

    return {"residents": Resident.objects.count(), "registrations": Registration.objects.count()}


# -- measuring --------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def measure(requests: int, cache: bool = True) -> dict[str, Any]:
    """Server time per role and URL: the first view (cold cache), then ``requests`` more each
    (cached unless ``cache`` is off, when every view computes from the rollups)."""
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext

    from fanzha.accounts.models import User

    roles = [
        "admin",
        "leader",
        "office_liaison",
        "community_liaison",
        "officer",
        "grid_worker",
        "tax_liaison",
    ]
    urls = ["/dashboard/", "/dashboard/data.json", "/api/v1/stats/"]
    result: dict[str, Any] = {"per_role_ms": {}, "per_url_ms": {}, "queries": {}}
    everything: list[float] = []
    cold: list[float] = []
    by_url: dict[str, list[float]] = {u: [] for u in urls}
    overrides = {} if cache else {"FANZHA_DASHBOARD_CACHE_SECONDS": 0}
    load_before = os.getloadavg()
    with override_settings(**overrides):
        for role in roles:
            client = Client()
            client.force_login(User.objects.get(username=role))
            for url in urls:  # the first view: cold caches (what a user sees after a refresh)
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    assert client.get(url).status_code == 200, (role, url)
                    cold.append((time.perf_counter() - started) * 1000)
                result["queries"][f"{role} {url}"] = len(queries.captured_queries)
            timings: list[float] = []
            for _ in range(requests):
                for url in urls:
                    started = time.perf_counter()
                    response = client.get(url)
                    elapsed = (time.perf_counter() - started) * 1000
                    assert response.status_code == 200
                    timings.append(elapsed)
                    by_url[url].append(elapsed)
            everything.extend(timings)
            result["per_role_ms"][role] = {
                "p50": round(statistics.median(timings), 1),
                "p95": round(percentile(timings, 95), 1),
            }
    for url, values in by_url.items():
        result["per_url_ms"][url] = {
            "p50": round(statistics.median(values), 1),
            "p95": round(percentile(values, 95), 1),
        }
    result["cache"] = cache
    result["p50_ms"] = round(statistics.median(everything), 1)
    result["p95_ms"] = round(percentile(everything, 95), 1)
    result["samples"] = len(everything)
    result["first_view_ms"] = {
        "p50": round(statistics.median(cold), 1),
        "p95": round(percentile(cold, 95), 1),
        "max": round(max(cold), 1),
        "samples": len(cold),
    }
    result["max_queries"] = max(result["queries"].values())
    result["load_average"] = {
        "before": [round(x, 2) for x in load_before],
        "after": [round(x, 2) for x in os.getloadavg()],
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=10.0)
    parser.add_argument("--requests", type=int, default=20, help="per role and URL")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a database kept by an earlier --keep run (no loading)",
    )
    parser.add_argument(
        "--no-rebuild",
        action="store_true",
        help="with --reuse: keep its rollups (refresh them) instead of timing a full rebuild",
    )
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        raise SystemExit("bench/dashboard.py needs PostgreSQL: set DATABASE_URL=postgres://…")
    if not args.reuse:
        create_database(url)
    _prepare_environment(url)
    import django

    django.setup()
    from django.core.management import call_command

    out: dict[str, Any] = {"bench": "dashboard", "scale": args.scale}
    try:
        call_command("migrate", verbosity=0)
        if args.reuse:
            out["rows"] = existing_counts()
        else:
            started = time.perf_counter()
            out["rows"] = build(args.scale, args.seed)
            out["load_seconds"] = round(time.perf_counter() - started, 1)
        print(f"rows {out['rows']}", file=sys.stderr)

        from fanzha.dashboard import figures, rollups
        from fanzha.dashboard.models import RollupState, WeeklyFigure

        started = time.perf_counter()
        if args.reuse and args.no_rebuild:
            rollups.ensure_built()
            rollups.refresh()
        else:
            rollups.rebuild_all()
        out["rollup_rebuild_seconds"] = round(time.perf_counter() - started, 2)
        out["rollup_rows"] = WeeklyFigure.objects.count()
        out["rollup_seconds_by_metric"] = {
            s.metric: round(s.seconds, 2) for s in RollupState.objects.order_by("-seconds")
        }
        print(f"rollups rebuilt in {out['rollup_rebuild_seconds']} s", file=sys.stderr)
        assert figures.headline_dict(None)["registrations"] == out["rows"]["registrations"]

        # Incremental: one registration saved through the registry marks the metric stale.
        from fanzha.people.models import Resident
        from fanzha.registrations.protection import register

        before = figures.headline_dict(None)["registrations"]
        resident = Resident.objects.filter(registration__isnull=True).first()
        resident.set_phone("13912345678")
        register(resident, phone="13912345678")
        started = time.perf_counter()
        rebuilt = rollups.refresh()
        out["incremental_refresh_seconds"] = round(time.perf_counter() - started, 2)
        out["incremental_metrics_rebuilt"] = rebuilt
        assert figures.headline_dict(None)["registrations"] == before + 1

        print(f"incremental refresh {out['incremental_refresh_seconds']} s", file=sys.stderr)
        out["server_time"] = measure(args.requests)
        print(f"cached p95 {out['server_time']['p95_ms']} ms", file=sys.stderr)
        out["server_time_uncached"] = measure(args.requests, cache=False)
        print(f"uncached p95 {out['server_time_uncached']['p95_ms']} ms", file=sys.stderr)
        out["headline"] = figures.headline_dict(None)
    finally:
        if not args.keep:
            drop_database(url)
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
