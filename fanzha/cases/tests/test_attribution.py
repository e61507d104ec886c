from datetime import date
from decimal import Decimal

import pytest

from fanzha.cases.attribution import case_counts_by_unit, explain, year_on_year
from fanzha.cases.choices import AttributionRule, CaseStatus
from fanzha.cases.tests.factories import CaseFactory, aware

pytestmark = pytest.mark.django_db


def test_it_attributes_to_residence_office_and_employer_sector(world):
    east = world.residents["east"]
    case = CaseFactory(victim=east[0])  # works at the east enterprise (tax sector)
    rules = {(a.unit_id, a.rule) for a in explain(case)}
    assert rules == {
        (world.offices["east"].pk, AttributionRule.RESIDENCE_OFFICE),
        (world.sectors["tax"].pk, AttributionRule.EMPLOYER_SECTOR),
    }


def test_it_counts_an_internal_staff_case_for_the_victims_unit(world):
    case = CaseFactory(
        victim=world.residents["west"][1],
        internal_staff=True,
        victim_unit=world.sectors["education"],
    )
    assert [a.unit_id for a in explain(case)] == [
        world.offices["west"].pk,
        world.sectors["education"].pk,
    ]


def test_it_follows_the_rules_setting(world, settings):
    settings.FANZHA_CASE_ATTRIBUTION_RULES = ["employer_sector"]
    case = CaseFactory(victim=world.residents["east"][0])
    assert [a.unit_id for a in explain(case)] == [world.sectors["tax"].pk]


def test_it_recomputes_when_the_case_changes(world):
    case = CaseFactory(victim=world.residents["east"][1])  # no employer
    assert [a.unit_id for a in explain(case)] == [world.offices["east"].pk]
    case.employer = world.places["west"]  # market sector
    case.save()
    assert {a.unit_id for a in explain(case)} == {
        world.offices["east"].pk,
        world.sectors["market"].pk,
    }


def test_it_counts_by_unit_and_year_up_to_a_day(world):
    east = world.residents["east"]
    office = world.offices["east"].pk
    for day in (date(2020, 2, 1), date(2020, 5, 20), date(2020, 9, 1)):
        CaseFactory(victim=east[1], reported_at=aware(day.year, day.month, day.day))
    for day in (date(2021, 1, 5), date(2021, 5, 27)):
        CaseFactory(victim=east[1], reported_at=aware(day.year, day.month, day.day))
    CaseFactory(victim=east[1], reported_at=aware(2021, 4, 1), status=CaseStatus.VOID)
    assert case_counts_by_unit(2020) == {office: 3}
    assert case_counts_by_unit(2020, until=date(2021, 5, 27)) == {office: 2}
    assert case_counts_by_unit(2021, until=date(2021, 5, 27)) == {office: 2}
    assert case_counts_by_unit(2021, until=date(2021, 5, 26)) == {office: 1}
    rows = {r.unit_id: r for r in year_on_year(2021, date(2021, 5, 27))}
    assert (rows[office].this_year, rows[office].last_year) == (2, 2)
    assert rows[office].change == 0
    assert rows[world.offices["west"].pk].change is None


def test_it_uses_local_days_for_year_boundaries(world):
    # 2020-12-31 23:30 in Shanghai is still 2020 although it is 15:30 UTC.
    CaseFactory(victim=world.residents["east"][1], reported_at=aware(2020, 12, 31, 23))
    assert case_counts_by_unit(2020) == {world.offices["east"].pk: 1}
    assert case_counts_by_unit(2021) == {}


def test_it_keeps_money_exact(world):
    case = CaseFactory(
        victim=world.residents["east"][1], loss=Decimal("1234.56"), recovered=Decimal("0.56")
    )
    case.refresh_from_db()
    assert case.net_loss == Decimal("1234.00")
