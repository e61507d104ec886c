"""Pages, exports and API routes of the assessment: each user sees their own unit only."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook

from fanzha.assessment import periods
from fanzha.assessment.models import ManualScore, Period, UnitAssessment
from fanzha.audit.models import AccessRecord

pytestmark = pytest.mark.django_db


def row_of(period: Period, code: str) -> UnitAssessment:
    return UnitAssessment.objects.get(period=period, unit__code=code)


def test_a_liaison_sees_only_their_own_unit_on_the_period_page(
    period: Period, world: Any, client_for: Any
) -> None:
    response = client_for(world.user("east_liaison")).get(period.get_absolute_url())
    assert response.status_code == 200
    body = response.content.decode()
    assert "东城办事处" in body and 'data-unit="east-office"' in body
    assert 'data-unit="west-office"' not in body and "税务分局" not in body


def test_the_administrator_sees_every_unit(period: Period, world: Any, client_for: Any) -> None:
    body = client_for(world.user("admin")).get(period.get_absolute_url()).content.decode()
    assert 'data-unit="east-office"' in body and 'data-unit="west-office"' in body
    assert 'data-unit="sector-tax"' in body


def test_a_liaison_gets_404_on_another_units_score_sheet(
    period: Period, world: Any, client_for: Any
) -> None:
    client = client_for(world.user("east_liaison"))
    west = row_of(period, "west-office")
    assert client.get(west.get_absolute_url()).status_code == 404
    assert client.post(f"/assessment/scores/{west.pk}/what-if/", {}).status_code == 404
    assert client.post(f"/assessment/scores/{west.pk}/appeal/", {"reason": "x"}).status_code == 404
    east = row_of(period, "east-office")
    page = client.get(east.get_absolute_url())
    assert page.status_code == 200
    assert "45" in page.content.decode()  # the year-on-year arithmetic is shown


def test_the_score_sheet_shows_inputs_rule_and_arithmetic(
    period: Period, world: Any, client_for: Any
) -> None:
    row = row_of(period, "east-office")
    row.inputs = {**row.inputs, "cases_last": 7, "cases_this": 8}
    row.save()
    periods.rescore(period)
    body = client_for(world.user("east_liaison")).get(row.get_absolute_url()).content.decode()
    assert "30.71" in body and "14.2857" in body


def test_what_if_returns_the_new_score_without_saving(
    period: Period, world: Any, client_for: Any
) -> None:
    row = row_of(period, "east-office")
    client = client_for(world.user("east_liaison"))
    response = client.post(
        f"/assessment/scores/{row.pk}/what-if/",
        {
            "cases_last": "7",
            "cases_this": "8",
            "card_publicity_in_six_into": "yes",
            "card_prominent_problem": "no",
            "manual_system": "10",
            "manual_publicity": "30",
            "manual_card_other": "5",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "80.71" in response.content.decode()
    row.refresh_from_db()
    assert row.total != Decimal("80.71") and not ManualScore.objects.exists()


def test_what_if_refuses_a_manual_value_above_its_maximum(
    period: Period, world: Any, client_for: Any
) -> None:
    row = row_of(period, "east-office")
    response = client_for(world.user("admin")).post(
        f"/assessment/scores/{row.pk}/what-if/", {"manual_system": "11"}
    )
    assert response.status_code == 200
    assert 'class="errors"' in response.content.decode()


def test_only_the_administrator_scores_by_hand(period: Period, world: Any, client_for: Any) -> None:
    row = row_of(period, "east-office")
    data = {
        "m-system-item_code": "system",
        "m-system-points": "9",
        "m-system-evidence": "方案",
        "m-system-reason": "健全",
    }
    url = f"/assessment/scores/{row.pk}/manual/system/"
    assert client_for(world.user("east_liaison")).post(url, data).status_code == 403
    assert client_for(world.user("admin")).post(url, data).status_code == 302
    assert ManualScore.objects.get(assessment=row).points == Decimal(9)
    # Above the maximum: refused with a message, nothing changes.
    data["m-system-points"] = "10.5"
    response = client_for(world.user("admin")).post(url, data, follow=True)
    assert ManualScore.objects.get(assessment=row).points == Decimal(9)
    assert "10" in response.content.decode()


def test_a_liaison_appeals_their_own_score(period: Period, world: Any, client_for: Any) -> None:
    row = row_of(period, "east-office")
    client = client_for(world.user("east_liaison"))
    client.post(
        f"/assessment/scores/{row.pk}/appeal/", {"item_code": "publicity", "reason": "台账漏传"}
    )
    appeal = row.appeals.get()
    assert appeal.filed_by == world.user("east_liaison") and appeal.status == "pending"
    assert client_for(world.user("west_liaison")).get(row.get_absolute_url()).status_code == 404
    decide = f"/assessment/appeals/{appeal.pk}/decide/"
    assert client.post(decide, {"status": "upheld", "decision": "x"}).status_code == 403
    client_for(world.user("admin")).post(decide, {"status": "rejected", "decision": "核实无误"})
    appeal.refresh_from_db()
    assert appeal.status == "rejected" and appeal.decision == "核实无误"


def test_the_xlsx_export_holds_only_the_users_rows_and_is_audited(
    period: Period, world: Any, client_for: Any
) -> None:
    response = client_for(world.user("east_liaison")).get(
        f"/assessment/periods/{period.pk}/export.xlsx"
    )
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    names = [row[2] for row in wb.worksheets[0].iter_rows(min_row=3, values_only=True)]
    assert names == ["东城办事处"]
    detail = list(wb.worksheets[1].iter_rows(min_row=2, values_only=True))
    assert len(detail) == 6 and {r[0] for r in detail} == {"东城办事处"}
    assert AccessRecord.objects.filter(kind="export", model="assessment.unitassessment").exists()


def test_the_docx_export_lists_every_unit_for_the_administrator(
    period: Period, world: Any, client_for: Any
) -> None:
    response = client_for(world.user("admin")).get(f"/assessment/periods/{period.pk}/export.docx")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    table_text = {c.text for row in doc.tables[0].rows for c in row.cells}
    assert {"东城办事处", "西城办事处", "税务分局"} <= table_text
    assert any("东城办事处" in p.text for p in doc.paragraphs)


def test_a_leader_reads_but_may_not_export(period: Period, world: Any, client_for: Any) -> None:
    client = client_for(world.user("leader"))
    assert client.get(period.get_absolute_url()).status_code == 200
    assert client.get(f"/assessment/periods/{period.pk}/export.xlsx").status_code == 403


def test_only_the_administrator_collects_inputs(
    period: Period, world: Any, client_for: Any
) -> None:
    url = f"/assessment/periods/{period.pk}/collect/"
    assert client_for(world.user("east_liaison")).post(url).status_code == 403
    assert client_for(world.user("admin")).post(url).status_code == 302


def test_the_api_lists_only_the_users_scores(period: Period, world: Any, client_for: Any) -> None:
    response = client_for(world.user("east_liaison")).get(
        f"/api/v1/assessment/periods/{period.pk}/scores"
    )
    assert response.status_code == 200
    assert [r["unit_code"] for r in response.json()] == ["east-office"]
    admin = client_for(world.user("admin")).get(f"/api/v1/assessment/periods/{period.pk}/scores")
    assert len(admin.json()) == 8


def test_the_api_scores_a_document_and_reports_bad_input_as_json(
    world: Any, client_for: Any
) -> None:
    client = client_for(world.user("admin"))
    unit = {
        "code": "a",
        "name": "A",
        "category": "office",
        "cases_last": 7,
        "cases_this": 8,
        "card_publicity_in_six_into": True,
        "card_prominent_problem": False,
    }
    ok = client.post(
        "/api/v1/assessment/score",
        json.dumps({"period": "2021", "units": [unit]}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["units"][0]["cases_yoy"] == 30.71
    bad = client.post(
        "/api/v1/assessment/score",
        json.dumps({"period": "2021", "units": [{**unit, "category": "x"}]}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["error"] == "validation_error"
    assert "x" in bad.json()["detail"][0]["msg"]


def test_the_period_page_runs_a_fixed_number_of_queries(
    period: Period, world: Any, client_for: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.user("admin"))
    client.get(period.get_absolute_url())  # warm the session and scheme caches
    with django_assert_max_num_queries(12):
        assert client.get(period.get_absolute_url()).status_code == 200
    row = row_of(period, "east-office")
    with django_assert_max_num_queries(20):
        assert client.get(row.get_absolute_url()).status_code == 200


def test_the_period_page_counts_open_appeals(period: Period, world: Any, client_for: Any) -> None:
    row = row_of(period, "west-office")
    periods.file_appeal(row, "", "发案地有误", world.user("west_liaison"))
    body = client_for(world.user("admin")).get(period.get_absolute_url()).content.decode()
    west = body[body.index('data-unit="west-office"') :]
    west = west[: west.index("</tr>")]
    assert '<span class="red-text">1</span>' in west
