"""Collecting a period's inputs, hand scores, what-if and appeals on the real database."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from fanzha.assessment import inputs, periods
from fanzha.assessment.choices import AppealStatus
from fanzha.assessment.models import ManualScore, Period, Scheme, SchemeItem, UnitAssessment

pytestmark = pytest.mark.django_db


def row_of(period: Period, code: str) -> UnitAssessment:
    return UnitAssessment.objects.get(period=period, unit__code=code)


def test_it_builds_the_default_scheme_of_domain_section_2(world: Any) -> None:
    scheme = Scheme.default()
    items = {i.code: (i.part, i.rule, i.max_points) for i in scheme.items.all()}
    assert items == {
        "system": ("system_building", "manual", Decimal(10)),
        "publicity": ("system_building", "manual", Decimal(30)),
        "cases_yoy": ("cases_yoy", "cases_yoy", Decimal(50)),
        "card_publicity": ("card_action", "card_publicity", Decimal(2)),
        "card_no_problem": ("card_action", "card_no_problem", Decimal(3)),
        "card_other": ("card_action", "manual", Decimal(5)),
    }
    assert scheme.max_total == Decimal(100)
    assert Scheme.default().pk == scheme.pk  # created once


def test_it_scores_every_office_and_sector_unit(period: Period, world: Any) -> None:
    rows = {
        r.unit.code: r for r in UnitAssessment.objects.filter(period=period).select_related("unit")
    }
    assert set(rows) == {
        "east-office",
        "west-office",
        "bureau",
        "sector-tax",
        "sector-finance",
        "sector-enforcement",
        "sector-market",
        "sector-education",
    }
    assert rows["east-office"].category == "office"
    assert rows["sector-tax"].category == "sector"
    # No hand scores yet: the three manual items are pending.
    assert {"system", "publicity", "card_other"} <= set(rows["east-office"].pending)


def test_it_recomputes_the_total_when_a_manual_score_is_saved(period: Period, world: Any) -> None:
    row = row_of(period, "east-office")
    before = row.total
    periods.set_manual_score(
        row, "publicity", Decimal("27.5"), "活动台账", "覆盖全面", world.user("admin")
    )
    row.refresh_from_db()
    assert row.total == before + Decimal("27.5")
    assert "publicity" not in row.pending
    item = next(i for i in row.breakdown if i["code"] == "publicity")
    assert item["points"] == "27.50" and item["pending"] is False


@pytest.mark.parametrize("points", [Decimal("30.01"), Decimal("-1")])
def test_it_refuses_a_manual_score_outside_the_item_range_and_saves_nothing(
    period: Period, world: Any, points: Decimal
) -> None:
    row = row_of(period, "east-office")
    with pytest.raises(ValidationError):
        periods.set_manual_score(row, "publicity", points, "证据", "理由", world.user("admin"))
    assert not ManualScore.objects.filter(assessment=row).exists()


def test_it_refuses_to_hand_score_a_computed_item(period: Period, world: Any) -> None:
    row = row_of(period, "east-office")
    with pytest.raises(ValidationError):
        periods.set_manual_score(row, "cases_yoy", Decimal(50), "证据", "理由", world.user("admin"))


def test_it_stops_a_negative_score_in_the_database_too(period: Period) -> None:
    row = row_of(period, "east-office")
    with pytest.raises(IntegrityError), transaction.atomic():
        ManualScore.objects.create(
            assessment=row, item_code="system", points=Decimal(-1), evidence="e", reason="r"
        )


def test_what_if_changes_the_score_but_saves_nothing(period: Period) -> None:
    row = row_of(period, "east-office")
    stored = (row.total, dict(row.inputs))
    score = periods.what_if(
        row, {"cases_last": 7, "cases_this": 8, "manual": {"system": Decimal(10)}}
    )
    assert score.items[2].shown == Decimal("30.71")
    assert score.items[0].shown == Decimal("10.00")
    row.refresh_from_db()
    assert (row.total, row.inputs) == stored
    assert not ManualScore.objects.exists()


def test_what_if_moves_the_largest_decrease_of_the_category(period: Period) -> None:
    east, west = row_of(period, "east-office"), row_of(period, "west-office")
    west.inputs = {**west.inputs, "cases_last": 10, "cases_this": 5}
    west.save()
    score = periods.what_if(east, {"cases_last": 10, "cases_this": 8})
    assert score.items[2].shown == Decimal("47.00")  # 45 + 5 × 20 % ÷ 50 %


def test_it_uses_an_edited_scheme(period: Period, world: Any) -> None:
    SchemeItem.objects.filter(scheme=period.scheme, code="publicity").update(max_points=20)
    row = row_of(period, "east-office")
    with pytest.raises(ValidationError):
        periods.set_manual_score(row, "publicity", Decimal(25), "证据", "理由", world.user("admin"))


def test_an_appeal_is_filed_and_decided_once(period: Period, world: Any) -> None:
    row = row_of(period, "east-office")
    appeal = periods.file_appeal(row, "publicity", "台账漏传", world.user("east_liaison"))
    decided = periods.decide_appeal(
        appeal, AppealStatus.UPHELD, "补传后重新评分", world.user("admin")
    )
    assert decided.status == AppealStatus.UPHELD and decided.decided_by == world.user("admin")
    with pytest.raises(ValidationError):
        periods.decide_appeal(appeal, AppealStatus.REJECTED, "再次决定", world.user("admin"))


def test_unavailable_inputs_are_reported_not_raised(world: Any) -> None:
    assert inputs._function("fanzha.cases.nothing_here", "case_counts_by_unit") is None
    got = inputs._guarded(lambda: {}["missing"], "缺少")
    assert got.available is False and got.note == "缺少"


def test_it_computes_quarter_dates() -> None:
    p = Period(year=2021, quarter=2)
    assert (p.starts_on.isoformat(), p.ends_on.isoformat()) == ("2021-04-01", "2021-06-30")
    p = Period(year=2021)
    assert (p.starts_on.isoformat(), p.ends_on.isoformat()) == ("2021-01-01", "2021-12-31")
