"""The demo builder leaves a scored period with hand scores, pending items and appeals."""

from __future__ import annotations

import random
from typing import Any

import pytest

from fanzha.assessment import demo
from fanzha.assessment.models import Appeal, ManualScore, Period, UnitAssessment
from fanzha.core.demo import DemoContext

pytestmark = pytest.mark.django_db


def test_it_builds_a_scored_period_with_hand_scores_and_appeals(world: Any) -> None:
    ctx = DemoContext(seed=7, scale=0.1, rng=random.Random(7), log=lambda _: None)
    demo.build(ctx)
    period = Period.objects.get(year=2021, quarter=1)
    rows = UnitAssessment.objects.filter(period=period)
    assert rows.count() == 8
    assert ManualScore.objects.filter(assessment__period=period).count() >= 8 * 2
    # Every score is within its item's range and the totals were recomputed with them.
    for score in ManualScore.objects.all():
        item = period.scheme.items.get(code=score.item_code)
        assert 0 <= score.points <= item.max_points
    assert all(r.total > 0 and r.scored_at for r in rows)
    assert any("publicity" in r.pending for r in rows)
    assert Appeal.objects.filter(status="pending").count() == 1
    assert Appeal.objects.filter(status="rejected").count() == 1
    assert Period.objects.filter(year=2021, quarter=2).exists()
