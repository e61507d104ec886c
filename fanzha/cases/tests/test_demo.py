"""The case and notice demo builders on the test district: two years of cases for the
year-on-year item, a letter for every case and the article's 30 issued notices."""

import random
from datetime import date

import pytest

from fanzha.cases import demo as cases_demo
from fanzha.cases.attribution import case_counts_by_unit
from fanzha.cases.models import Case, CaseAttribution
from fanzha.core.demo import DemoContext
from fanzha.notices import demo as notices_demo
from fanzha.notices.models import Notice

pytestmark = pytest.mark.django_db


def test_it_builds_two_years_of_cases_and_thirty_issued_notices(world):
    ctx = DemoContext(seed=7, scale=1.0, rng=random.Random(7), log=lambda m: None)
    cases_demo.build(ctx)
    total = Case.objects.count()
    assert 400 < total < 600
    office = world.offices["east"].pk
    assert case_counts_by_unit(2020).get(office, 0) > 50
    assert case_counts_by_unit(2021, until=date(2021, 5, 27)).get(office, 0) > 10
    assert not Case.objects.filter(reported_at__date__gt=date(2021, 5, 27)).exists()
    assert CaseAttribution.objects.values("case").distinct().count() == total
    # The article's enterprise: 14 cases and ¥630,000 in H1 2020.
    h1 = Case.objects.filter(fraud_type="MCLD", loss=45000, reported_at__year=2020)
    assert h1.count() >= 14
    notices_demo.build(ctx)
    assert (
        Notice.objects.filter(kind="letter").count() == Case.objects.exclude(status="void").count()
    )
    issued = Notice.objects.filter(status="issued")
    assert issued.count() == 30
    assert issued.filter(kind="quarterly").count() == 5
    assert issued.filter(kind="annual").count() == 1
    for kind, year in issued.values_list("kind", "number_year").distinct():
        numbers = sorted(
            issued.filter(kind=kind, number_year=year).values_list("number", flat=True)
        )
        assert numbers == list(range(1, len(numbers) + 1))
    assert all(n.rendered_html for n in issued)
