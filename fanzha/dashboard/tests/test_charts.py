"""The charts' data: cases and losses by fraud type and by grid year on year (each bar opening
the case list that holds exactly its cases), and the median and 90th percentile of the time to
first contact, from the rollups' histogram, checked against known data."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from itertools import count
from typing import Any

import pytest
from django.utils import timezone

from fanzha.dashboard import charts, figures, rollups
from fanzha.dashboard.sources import contact_bucket

pytestmark = pytest.mark.django_db

_refs = count(1)


@pytest.fixture(autouse=True)
def _as_of(settings):
    settings.FANZHA_DASHBOARD_AS_OF = "2021-05-27"  # a Thursday


def _aware(day: str, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day) + timedelta(hours=hour))


def _contact(world: Any, side: str, received: datetime, after: timedelta) -> Any:
    from fanzha.alerts.models import Alert, Task

    ref = next(_refs)
    alert = Alert.objects.create(
        source="national",
        source_ref=f"t{ref}",
        level="high",
        target_phone_cipher="x",
        target_phone_index=f"{ref:032x}",
        target_phone_mask="138****0000",
        received_at=received,
    )
    grid = world.grids[side]
    return Task.objects.create(
        alert=alert,
        level="high",
        status="in_progress",
        grid=grid,
        community=grid.community,
        office=grid.office,
        station=grid.station,
        due_at=received + timedelta(hours=1),
        first_contact_at=received + after,
    )


# Whole bucket bounds, so the percentiles read from the histogram are the exact ones.
EAST_MINUTES = [5, 5, 5, 10, 20, 30, 45, 90, 240, 720]
WEST_MINUTES = [5, 10]


@pytest.fixture
def contacts(world):
    monday = _aware("2021-05-24")
    for minutes in EAST_MINUTES:
        _contact(world, "east", monday, timedelta(minutes=minutes))
    for minutes in WEST_MINUTES:
        _contact(world, "west", monday, timedelta(minutes=minutes))
    # The week before: one contact 10 min 1 s after the warning (read as the 15-minute bucket).
    _contact(world, "east", _aware("2021-05-18"), timedelta(minutes=10, seconds=1))
    rollups.rebuild_all()
    return world


def _nearest_rank(values: list[float], share: int) -> float:
    ordered = sorted(values)
    rank = max(1, -(-share * len(ordered) // 100))
    return ordered[rank - 1]


def test_it_reports_the_median_and_90th_percentile_of_minutes_to_first_contact(contacts):
    data = charts.warnings(contacts.user("leader"))
    assert data["weeks"][-2:] == ["2021-05-17", "2021-05-24"]
    everyone = EAST_MINUTES + WEST_MINUTES
    assert data["p50"][-1] == _nearest_rank(everyone, 50) == 10
    assert data["p90"][-1] == _nearest_rank(everyone, 90) == 240
    assert data["p50"][-2] == data["p90"][-2] == 15
    assert data["p50"][0] is None  # no contacts that week
    assert data["alerts"][-1] == 12


def test_it_takes_the_percentiles_over_the_users_area_only(contacts):
    east = charts.warnings(contacts.user("east_liaison"))
    assert (east["p50"][-1], east["p90"][-1]) == (20, 240)
    west = charts.warnings(contacts.user("west_worker"))
    assert (west["p50"][-1], west["p90"][-1]) == (5, 10)
    assert west["p50"][-2] is None


def test_it_buckets_minutes_like_the_database_does():
    assert [contact_bucket(m) for m in (0, 1, 5, 6, 60, 61, 241, 2880, 2881)] == [
        0,
        5,
        5,
        10,
        60,
        90,
        360,
        2880,
        99999,
    ]
    assert figures.percentile_of({}, 50) is None
    assert figures.percentile_of({5: 1, 10: 1}, 50) == 5
    assert figures.percentile_of({5: 1, 10: 1}, 51) == 10


def _case(world: Any, side: str, day: str, fraud_type: str, loss: str, **extra: Any) -> Any:
    from fanzha.cases.tests.factories import CaseFactory

    return CaseFactory(
        victim=world.residents[side][0],
        reported_at=_aware(day),
        fraud_type=fraud_type,
        loss=Decimal(loss),
        **extra,
    )


@pytest.fixture
def cases(world):
    _case(world, "east", "2021-02-01", "SDFL", "1000.00")
    _case(world, "east", "2021-05-26", "SDFL", "500.00")
    _case(world, "west", "2021-03-01", "MCKF", "300.00")
    _case(world, "east", "2020-02-01", "SDFL", "7000.00")
    _case(world, "east", "2020-05-20", "MCKF", "20.00")
    _case(world, "east", "2020-09-01", "MCKF", "99.00")  # after the window: not counted
    _case(world, "west", "2021-04-01", "MCKF", "11.00", status="void")  # never counted
    rollups.rebuild_all()
    return world


def test_it_charts_cases_and_losses_by_fraud_type_year_on_year(cases):
    data = charts.cases_by_type(cases.user("leader"))
    assert [w["label"] for w in data["windows"]] == ["2020", "2021"]
    rows = {r["key"]: r for r in data["rows"]}
    assert list(rows) == ["SDFL", "MCKF"]  # most cases this year first
    assert (rows["SDFL"]["this_year"]["count"], rows["SDFL"]["this_year"]["loss"]) == (2, 1500.0)
    assert (rows["SDFL"]["last_year"]["count"], rows["SDFL"]["last_year"]["loss"]) == (1, 7000.0)
    assert (rows["MCKF"]["this_year"]["count"], rows["MCKF"]["last_year"]["count"]) == (1, 1)
    assert rows["MCKF"]["last_year"]["loss"] == 20.0

    east = {r["key"]: r for r in charts.cases_by_type(cases.user("east_liaison"))["rows"]}
    assert east["MCKF"]["this_year"]["count"] == 0


def _listed(client: Any, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200
    return response.context["page_obj"].paginator.count


def test_each_bar_opens_the_case_list_that_holds_its_cases(cases, client_for):
    leader = cases.user("admin")
    client = client_for(leader)
    by_type = charts.cases_by_type(leader)["rows"]
    by_grid = charts.cases_by_grid(leader)["rows"]
    by_unit = charts.cases_by_unit(leader)["rows"]
    checked = 0
    for row in by_type:
        for year in ("this_year", "last_year"):
            assert _listed(client, row[year]["url"]) == row[year]["count"], row[year]["url"]
            checked += 1
    for row in by_grid + by_unit:
        this_year = row["count"] if "count" in row else row["this_year"]
        assert _listed(client, row["url"]) == this_year, row["url"]
        assert _listed(client, row["url_last_year"]) == row["last_year"], row["url_last_year"]
        checked += 2
    assert checked >= 8


def test_it_charts_cases_by_grid_year_on_year(cases):
    rows = charts.cases_by_grid(cases.user("leader"))["rows"]
    assert [(r["grid"], r["count"], r["last_year"]) for r in rows] == [
        (cases.grids["east"].name, 2, 2),
        (cases.grids["west"].name, 1, 0),
    ]
    assert rows[0]["loss"] == 1500.0 and rows[0]["loss_last_year"] == 7020.0
    west = charts.cases_by_grid(cases.user("west_liaison"))["rows"]
    assert [r["grid"] for r in west] == [cases.grids["west"].name]


def test_it_compares_whole_weeks_from_the_first_of_january(settings):
    last, this = figures.year_windows(figures.as_of())
    assert (this.first.isoformat(), this.last.isoformat()) == ("2020-12-28", "2021-05-30")
    assert (last.first.isoformat(), last.last.isoformat()) == ("2019-12-30", "2020-05-31")
