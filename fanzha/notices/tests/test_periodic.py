"""The quarterly 通告 and the annual 报告 compute their figures from the case register."""

from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from fanzha.cases.choices import CaseStatus, FraudType
from fanzha.cases.tests.factories import CaseFactory, aware
from fanzha.notices import documents
from fanzha.notices.contexts import annual_context, quarterly_context

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(world):
    east, west = world.residents["east"], world.residents["west"]
    # 2021 Q1: 2 SDFL (east), 1 MCGJF (west); 2020 Q4: 1 SDFL; 2020 Q1: 4 SDFL; void ignored.
    CaseFactory(victim=east[0], reported_at=aware(2021, 1, 10), loss=Decimal("100.50"))
    CaseFactory(victim=east[1], reported_at=aware(2021, 3, 31, 23), loss=Decimal("200.00"))
    CaseFactory(
        victim=west[0],
        reported_at=aware(2021, 2, 2),
        fraud_type=FraudType.MCGJF,
        loss=Decimal("173430.00"),
    )
    CaseFactory(victim=west[0], reported_at=aware(2021, 2, 3), status=CaseStatus.VOID)
    CaseFactory(victim=east[1], reported_at=aware(2020, 11, 1))
    for day in (3, 4, 5, 6):
        CaseFactory(victim=west[1], reported_at=aware(2020, 3, day))


def test_it_compares_the_quarter_with_the_previous_and_last_year(world, history):
    data = quarterly_context(documents.quarterly_notice(2021, 1), with_chart=False)
    assert data["totals"]["this"]["cases"] == 3
    assert data["totals"]["this"]["loss"] == "173,730.50"
    assert data["totals"]["prev"]["cases"] == 1
    assert data["totals"]["last_year"]["cases"] == 4
    assert data["totals"]["vs_last_year"] == "下降25.0%"
    rows = {r["code"]: r for r in data["by_type"]}
    assert (rows["SDFL"]["this"], rows["SDFL"]["prev"], rows["SDFL"]["last_year"]) == (2, 1, 4)
    assert rows["MCGJF"]["this"] == 1
    areas = {r["label"]: r for r in data["by_area"]}
    assert areas["东城办事处"]["this"] == 2 and areas["西城办事处"]["last_year"] == 4
    # Typical cases: the largest loss first, the victim masked.
    first = data["typical"][0]
    assert first["loss"] == "173,430.00"
    assert first["victim"] != world.residents["west"][0].name
    assert first["victim"].startswith(world.residents["west"][0].name[0])


def test_it_draws_a_chart_for_the_quarter(world, history):
    data = quarterly_context(documents.quarterly_notice(2021, 1))
    assert data["chart"].startswith("data:image/png;base64,")


def test_it_lists_every_assessed_unit_in_the_annual_report(world, history):
    data = annual_context(documents.annual_notice(2020))
    units = {u["name"]: u for u in data["units"]}
    assert units["西城办事处"]["cases"] == 4
    assert units["东城办事处"]["cases"] == 1
    assert "税务分局" in units and "教育局" in units
    assert data["totals"]["this"]["cases"] == 5
    # Registration coverage is computed (nobody registered in the test world).
    assert units["东城办事处"]["coverage"] == "0.0%"


def test_it_compares_the_running_year_up_to_today(world, history, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: date(2021, 3, 10))
    data = annual_context(documents.annual_notice(2021))
    # 2021-01-01..03-10: 2 cases (one void left out); 2020 same window: 4.
    assert data["totals"]["this"]["cases"] == 2
    assert data["totals"]["last_year"]["cases"] == 4


def test_it_makes_one_notice_per_quarter_and_one_report_per_year(world):
    assert documents.quarterly_notice(2021, 1) == documents.quarterly_notice(2021, 1)
    assert documents.annual_notice(2020) == documents.annual_notice(2020)
    with pytest.raises(documents.DocumentError):
        documents.quarterly_notice(2021, 5)


def test_it_reads_warnings_from_the_alerts_app_when_present(world):
    pytest.importorskip("fanzha.alerts.intake")
    from fanzha.alerts.intake import ingest
    from fanzha.alerts.tests.helpers import item
    from fanzha.notices import sources

    ingest([item(world.phones["east"][0]), item(world.phones["west"][1])])
    today = timezone.localdate()
    assert sources.warnings(today, today) == {"alerts": 2, "dissuaded": 0}
    assert sources.bans(today, today) == {
        "wechat_permanent": 0,
        "wechat_short": 0,
        "wechat_groups": 0,
        "qq": 0,
    }
