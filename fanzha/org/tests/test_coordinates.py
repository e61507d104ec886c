"""Unit coordinates: both or neither, within range (a database constraint), and the demo
district places every office and community near the district's centre."""

from __future__ import annotations

import math
import random

import pytest
from django.db import IntegrityError, transaction

from fanzha.org.choices import UnitKind
from fanzha.org.models import Unit

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "latitude,longitude",
    [(37.3, None), (None, 118.0), (91.0, 118.0), (37.3, 181.0), (-90.5, 0.0)],
)
def test_the_database_refuses_half_or_impossible_coordinates(latitude, longitude):
    with pytest.raises(IntegrityError), transaction.atomic():
        Unit.objects.create(
            code="c", name="社区", kind=UnitKind.DISTRICT, latitude=latitude, longitude=longitude
        )


def test_a_unit_may_have_both_coordinates_or_none():
    Unit.objects.create(code="a", name="甲", kind=UnitKind.DISTRICT)
    Unit.objects.create(code="b", name="乙", kind=UnitKind.DISTRICT, latitude=-90, longitude=180)
    assert Unit.objects.count() == 2


def test_the_demo_places_every_office_and_community_near_the_centre():
    from fanzha.core.demo import DemoContext
    from fanzha.org import demo

    demo.build(DemoContext(seed=3, scale=0.02, rng=random.Random(3), log=lambda _msg: None))
    placed = Unit.objects.filter(kind__in=[UnitKind.OFFICE, UnitKind.COMMUNITY, UnitKind.VILLAGE])
    assert placed.count() > 5
    for unit in placed:
        assert unit.latitude is not None and unit.longitude is not None
        km = math.hypot(
            (unit.latitude - demo.CENTRE[0]) * demo.KM_PER_DEGREE,
            (unit.longitude - demo.CENTRE[1])
            * demo.KM_PER_DEGREE
            * math.cos(math.radians(demo.CENTRE[0])),
        )
        assert km <= demo.OFFICE_RING_KM + demo.COMMUNITY_SPREAD_KM + 0.01, unit
    # A community is near its own office.
    community = placed.exclude(kind=UnitKind.OFFICE).select_related("parent").first()
    assert community is not None and community.parent is not None
    assert abs(community.latitude - community.parent.latitude) * demo.KM_PER_DEGREE <= 2.6
