"""The 断卡 demo builder on the test world."""

from __future__ import annotations

import random

import pytest

from fanzha.cards.models import Appeal, CardPerson, CardRecord, Restriction, TwoCardProblem
from fanzha.core.demo import DemoContext

pytestmark = pytest.mark.django_db


def test_it_builds_people_acts_punishments_and_appeals(world):
    from fanzha.cards import demo

    ctx = DemoContext(seed=7, scale=1, rng=random.Random(7), log=lambda m: None)
    # The test world has few adults in the demo's age band; the builder takes what it finds.
    demo.build(ctx)
    people = CardPerson.objects.count()
    assert people >= 1
    assert CardRecord.objects.filter(person__in=CardPerson.objects.all()).count() >= people
    for r in Restriction.objects.all():
        assert r.reason and r.appeal_channel and r.ends_on >= r.starts_on
    assert Appeal.objects.count() <= Restriction.objects.count()
    assert TwoCardProblem.objects.count() == 2
