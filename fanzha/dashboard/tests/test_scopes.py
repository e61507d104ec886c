"""The precomputed area rows: for every user, they add up to exactly what ``restrict`` shows
that user of the weekly rows, and they follow the data as it changes."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.db.models import Sum
from django.utils import timezone

from fanzha.dashboard import figures, rollups, scopes
from fanzha.dashboard.models import ScopeFigure
from fanzha.dashboard.tests.helpers import register_with_family

pytestmark = pytest.mark.django_db


def _by_metric(qs: Any) -> dict[tuple[str, Any, str], tuple[int, Decimal]]:
    rows = qs.values("metric", "week", "key").annotate(c=Sum("count"), t=Sum("total")).order_by()
    return {
        (r["metric"], r["week"], r["key"]): (int(r["c"]), Decimal(r["t"])) for r in rows if r["c"]
    }


@pytest.fixture
def busy(world, settings):
    """Rows that reach an area both by territory and by owning unit, in every metric kind."""
    from fanzha.cases.tests.factories import CaseFactory
    from fanzha.indicators.models import Indicator

    settings.FANZHA_DASHBOARD_AS_OF = "2021-05-27"
    register_with_family(world.residents["east"][0], world.phones["east"][0], ["13600000001"])
    register_with_family(world.residents["west"][0], world.phones["west"][0], [])
    # A west case whose victim works for the east office: both offices count it, each once.
    CaseFactory(
        victim=world.residents["west"][1],
        victim_unit=world.offices["east"],
        loss=Decimal("50.00"),
        fraud_type="MCKF",
    )
    CaseFactory(victim=world.residents["east"][1], loss=Decimal("7.00"))
    banned = timezone.make_aware(datetime(2021, 5, 3, 9))
    for i, station in enumerate(world.stations.values()):
        Indicator.objects.create(
            kind="qq",
            value=f"1000{i}",
            status="banned",
            ban_term="permanent",
            banned_at=banned,
            unit=station,
        )
    from fanzha.accounts.choices import Role
    from fanzha.core.testing.world import make_user

    # Area kinds the world has no user of: a community liaison, a liaison of the district unit.
    for side in ("east", "west"):
        world.users[f"{side}_community_liaison"] = make_user(
            f"{side}-community-liaison", Role.LIAISON, world.communities[side]
        )
    world.users["district_liaison"] = make_user("district-liaison", Role.LIAISON, world.district)
    rollups.rebuild_all()
    return world


def test_every_users_area_rows_equal_their_weekly_rows(busy):
    checked = set()
    for name, user in busy.users.items():
        kind = scopes.kind_for(user)
        expected = _by_metric(figures.rollup(user))
        assert _by_metric(figures.scoped(user)) == expected, (name, kind)
        checked.add(kind)
    assert {"district", "office", "community", "station", "sector", "unit", None} <= checked
    assert _by_metric(figures.scoped(None)) == _by_metric(figures.rollup(None))


def test_a_row_reached_two_ways_counts_once(busy):
    east = figures.headline_dict(busy.user("east_liaison"))
    west = figures.headline_dict(busy.user("west_liaison"))
    assert (east["cases"], east["loss_yuan"]) == (2, "57.00")  # its own grid's and its staff's
    assert (west["cases"], west["loss_yuan"]) == (1, "50.00")
    assert figures.headline_dict(busy.user("leader"))["cases"] == 2


def test_area_rows_follow_changes(busy):
    from fanzha.cases.models import Case

    before = figures.headline_dict(busy.user("east_liaison"))["cases"]
    case = Case.objects.get(loss=Decimal("7.00"))
    case.reported_at -= timedelta(days=10)
    case.occurred_at -= timedelta(days=10)
    case.save()
    rollups.refresh()
    assert figures.headline_dict(busy.user("east_liaison"))["cases"] == before
    case.status = "void"  # a voided record stops counting
    case.save()
    rollups.refresh()
    assert figures.headline_dict(busy.user("east_liaison"))["cases"] == before - 1
    for user in busy.users.values():
        assert _by_metric(figures.scoped(user)) == _by_metric(figures.rollup(user))


def test_area_rows_name_only_their_area(busy):
    district = ScopeFigure.objects.filter(kind="district")
    assert district.exists()
    assert not ScopeFigure.objects.restrict(busy.user("east_liaison")).filter(kind="district")
    offices = set(ScopeFigure.objects.filter(kind="office").values_list("office", flat=True))
    assert busy.offices["east"].pk in offices
