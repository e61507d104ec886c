"""The indicators demo builder lands exactly on the article's ban figures at scale 1."""

from __future__ import annotations

import random

import pytest

from fanzha.core.demo import DemoContext
from fanzha.indicators.counts import ban_counts
from fanzha.indicators.models import Indicator, Sighting

pytestmark = pytest.mark.django_db


def test_it_builds_the_articles_ban_figures(world):
    from fanzha.indicators import demo

    ctx = DemoContext(seed=3, scale=1, rng=random.Random(3), log=lambda m: None)
    demo.build(ctx)
    counts = ban_counts(Indicator.objects.all())
    assert (counts.wechat_permanent, counts.wechat_short_term, counts.wechat_groups, counts.qq) == (
        1886,
        4048,
        136,
        3429,
    )
    some = Indicator.objects.order_by("pk").first()
    assert some.sightings_count == Sighting.objects.filter(indicator=some).count() >= 1
    assert Indicator.objects.filter(status="expired").exists()
    assert Indicator.objects.filter(status="banned", ban_term="short_term").exists()
