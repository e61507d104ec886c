"""The period reads its inputs from the case register, 六进 publicity and 断卡 records: real
rows in those apps' tables change the scores."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from fanzha.assessment import periods
from fanzha.assessment.models import Period, Scheme, UnitAssessment

pytestmark = pytest.mark.django_db

factories = pytest.importorskip("fanzha.cases.tests.factories")


def cases(victim: Any, year: int, n: int) -> None:
    for day in range(1, n + 1):
        factories.CaseFactory(victim=victim, reported_at=factories.aware(year, 2, day))


def test_it_scores_the_period_from_cases_publicity_and_card_records(world: Any) -> None:
    from fanzha.cards.models import TwoCardProblem
    from fanzha.outreach.models import Activity

    # Residents without an employer: their cases count for their 办事处 only.
    east, west = world.residents["east"][1], world.residents["west"][1]
    cases(east, 2020, 7)
    cases(east, 2021, 8)
    cases(west, 2020, 10)
    cases(west, 2021, 5)
    # 断卡 publicity organised by the east community counts for the east 办事处.
    Activity.objects.create(
        title="反诈进社区",
        category="community",
        forms="|banner|",
        held_on=date(2021, 3, 2),
        unit=world.communities["east"],
        covers_card=True,
        headcount=80,
    )
    TwoCardProblem.objects.create(
        unit=world.offices["west"], occurred_on=date(2021, 2, 20), title="出售银行卡团伙"
    )
    # Outside the period: must not count.
    Activity.objects.create(
        title="四月宣传",
        category="community",
        forms="|banner|",
        held_on=date(2021, 4, 2),
        unit=world.offices["west"],
        covers_card=True,
    )
    period = Period.objects.create(scheme=Scheme.default(), year=2021, quarter=1)
    periods.collect(period)

    e = UnitAssessment.objects.get(period=period, unit=world.offices["east"])
    w = UnitAssessment.objects.get(period=period, unit=world.offices["west"])
    assert (e.inputs["cases_last"], e.inputs["cases_this"]) == (7, 8)
    assert (w.inputs["cases_last"], w.inputs["cases_this"]) == (10, 5)
    assert e.cases_yoy == Decimal("30.71")
    assert w.cases_yoy == Decimal("50.00")  # the largest decrease among 办事处
    assert e.inputs["card_publicity_in_six_into"] is True
    assert w.inputs["card_publicity_in_six_into"] is False
    assert e.inputs["card_prominent_problem"] is False
    assert w.inputs["card_prominent_problem"] is True
    assert e.card_action == Decimal("5.00") and w.card_action == Decimal("0.00")
    assert (e.rank, w.rank) == (2, 1)
    indicators = {i["code"]: i for i in e.inputs["indicators"]}
    assert indicators["activities"]["value"] == "1"
    assert indicators["registration"]["available"] is True
