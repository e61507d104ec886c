"""Dissuasion figures from known data: time to first contact p50/p90 (continuous percentiles, in
the database on PostgreSQL) by office, station, grid and level; dissuasions and amounts saved."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import F

from fanzha.alerts import stats
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import item

pytestmark = pytest.mark.django_db


def _contacted(phone: str, minutes: float, level: str = "high", **task: object) -> Task:
    result = ingest([item(phone, level=level)])[0]
    t = Task.objects.select_related("alert").get(alert_id=result.alert_id)
    Task.objects.filter(pk=t.pk).update(
        first_contact_at=t.alert.created_at + timedelta(minutes=minutes), **task
    )
    return t


@pytest.fixture
def known(world):
    """East: high tasks reached after 1, 2, 3, 4 and 10 minutes, a low one after 30; west: one
    medium task after 5 minutes; one east task never reached (it counts in no percentile)."""
    east, west = world.phones["east"][0], world.phones["west"][0]
    for minutes in (1, 2, 3, 4, 10):
        _contacted(east, minutes, outcome="3", amount_saved=Decimal("100.25"))
    _contacted(east, 30, level="low", outcome="4", amount_lost=Decimal("5000"))
    _contacted(west, 5, level="medium", outcome="1")
    ingest([item(east)])


def _row(rows, label):
    (row,) = [r for r in rows if r.label == label]
    return row


def test_percentile_interpolates_like_percentile_cont():
    assert stats.percentile([], 0.5) is None
    assert stats.percentile([7.0], 0.9) == 7.0
    assert stats.percentile([1, 2, 3, 4], 0.5) == 2.5
    assert stats.percentile([4, 1, 3, 2, 10], 0.9) == pytest.approx(7.6)


def test_time_to_first_contact_by_office_station_grid_and_level(world, known):
    figures = stats.figures(Task.objects.all())
    # All seven contacted: 1, 2, 3, 4, 5, 10, 30 minutes.
    assert figures["overall"].count == 7
    assert figures["overall"].p50_minutes == pytest.approx(4)
    assert figures["overall"].p90_minutes == pytest.approx(18)  # 10 + 0.4 * (30 - 10)
    east_office = _row(figures["by_office"], "东城办事处")
    assert (east_office.count, east_office.p50_minutes) == (6, pytest.approx(3.5))
    assert east_office.p90_minutes == pytest.approx(20)  # 10 + 0.5 * (30 - 10)
    west_station = _row(figures["by_station"], "西城派出所")
    assert (west_station.count, west_station.p50_minutes, west_station.p90_minutes) == (
        1,
        pytest.approx(5),
        pytest.approx(5),
    )
    east_grid = _row(figures["by_grid"], "东苑社区第一网格")
    assert east_grid.count == 6
    high = _row(figures["by_level"], "高")
    assert (high.count, high.p50_minutes, high.p90_minutes) == (
        5,
        pytest.approx(3),
        pytest.approx(7.6),
    )
    assert _row(figures["by_level"], "低").p50_minutes == pytest.approx(30)


def test_dissuasions_and_money(world, known):
    figures = stats.figures(Task.objects.all())
    assert (figures["total"], figures["dissuaded"], figures["defrauded"]) == (8, 5, 1)
    assert figures["saved"] == Decimal("501.25")
    assert figures["lost"] == Decimal("5000")


def test_a_contact_stamped_before_the_alert_counts_as_zero(world):
    t = _contacted(world.phones["east"][0], 0)
    Task.objects.filter(pk=t.pk).update(
        first_contact_at=F("first_contact_at") - timedelta(minutes=2)
    )
    assert stats.figures(Task.objects.all())["overall"].p50_minutes == 0


def test_the_figures_page_shows_the_breakdowns_of_my_area(world, client_for, known):
    response = client_for(world.user("east_liaison")).get("/alerts/figures/")
    assert response.status_code == 200
    figures = response.context["figures"]
    assert [r.label for r in figures["by_office"]] == ["东城办事处"]
    assert figures["overall"].count == 6
    html = response.content.decode()
    assert "东城派出所" in html and "西城派出所" not in html
