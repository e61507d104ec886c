import io

import pytest
from django.core.exceptions import ValidationError
from openpyxl import load_workbook

from fanzha.baobao import coverage
from fanzha.baobao.assign import run_assignment, set_manually
from fanzha.baobao.models import Assignment, AssignmentRun
from fanzha.core.testing.world import make_user
from fanzha.outreach.tests.helpers import pdf_text
from fanzha.places.models import Place


@pytest.fixture
def areas(world):
    """Each side: its enterprise plus a residential compound."""
    for side in ("east", "west"):
        Place(name=f"{side}花园小区", kind="compound", grid=world.grids[side]).save()
    return world


def test_it_assigns_own_unit_staff_and_station_officers(areas):
    world = areas
    run = run_assignment(world.user("admin"))
    assert run.areas == 4 and run.staff_assigned == 4 and run.officer_assigned == 4
    for row in Assignment.objects.select_related("area", "staff", "officer"):
        side = "east" if row.area.name.startswith("east") else "west"
        assert row.officer == world.user(f"{side}_officer")
        allowed = {world.user(f"{side}_liaison"), world.user(f"{side}_worker")}
        if row.area.kind == "enterprise" and side == "east":
            allowed.add(world.user("tax_liaison"))
        assert row.staff in allowed
        assert row.explanation["staff"]["mode"] == "solver"
        assert row.explanation["risk"]["score"] == str(row.risk)
    assert coverage(world.offices["east"]).complete == 2
    assert coverage(world.offices["east"]).rate == 1


def test_it_scores_vulnerable_residents(areas, settings):
    world = areas
    settings.FANZHA_BAOBAO_WEIGHT_VULNERABLE = 2.0
    elderly = world.residents["east"][1]
    elderly.set_tags(["elderly"])
    elderly.save()
    run_assignment()
    compound = Assignment.objects.get(area__name="east花园小区")
    assert compound.vulnerable == 1
    assert str(compound.risk) == "3.00"  # base 1 + 1 × 2
    assert str(Assignment.objects.get(area__name="west花园小区").risk) == "1.00"


def test_it_evens_load_within_a_territory(areas):
    world = areas
    extra = make_user("east_liaison2", "liaison", world.offices["east"])
    Place(name="east二号小区", kind="compound", grid=world.grids["east"]).save()
    run_assignment()
    holders = list(
        Assignment.objects.filter(area__grid=world.grids["east"]).values_list("staff", flat=True)
    )
    assert extra.pk in holders  # the new colleague takes a share
    assert len(set(holders)) >= 2


def test_manual_overrides_stick_across_reruns(areas):
    world = areas
    run_assignment()
    row = Assignment.objects.get(area__name="east花园小区")
    chosen = world.user("east_worker")
    set_manually(row, "staff", chosen, user=world.user("admin"), note="熟悉情况")
    run_assignment()
    run_assignment()
    row.refresh_from_db()
    assert row.staff == chosen and row.staff_mode == "manual"
    assert row.explanation["staff"]["mode"] == "manual"
    assert AssignmentRun.objects.first().locked == 1


def test_a_manual_choice_must_be_of_the_areas_own_units(areas):
    world = areas
    run_assignment()
    row = Assignment.objects.get(area__name="east花园小区")
    with pytest.raises(ValidationError):
        set_manually(row, "staff", world.user("west_liaison"), user=world.user("admin"))
    with pytest.raises(ValidationError):
        set_manually(row, "officer", world.user("west_officer"), user=world.user("admin"))


def test_only_the_administrator_runs_it(areas, client_for):
    world = areas
    assert client_for(world.user("east_liaison")).post("/baobao/run/").status_code == 403
    assert client_for(world.user("leader")).post("/baobao/run/").status_code == 403
    assert client_for(world.user("east_liaison")).post("/api/v1/baobao/run").status_code == 403
    response = client_for(world.user("admin")).post("/baobao/run/")
    assert response.status_code == 302 and Assignment.objects.count() == 4


def test_the_administrator_exports_it(areas, client_for):
    world = areas
    run_assignment()
    response = client_for(world.user("admin")).get("/baobao/?export=xlsx")
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(rows) == 5
    assert {r[0] for r in rows[1:]} == {
        "east测试企业有限公司",
        "west测试企业有限公司",
        "east花园小区",
        "west花园小区",
    }


def test_it_does_not_leak_assignments(areas, client_for):
    world = areas
    run_assignment()
    west = Assignment.objects.get(area__name="west花园小区")
    east = Assignment.objects.get(area__name="east花园小区")
    client = client_for(world.user("east_liaison"))
    listing = client.get("/baobao/").content.decode()
    assert "east花园小区" in listing and "west花园小区" not in listing
    assert client.get(f"/baobao/{west.pk}/").status_code == 404
    assert client.get(f"/baobao/{east.pk}/").status_code == 200
    assert client.get(f"/baobao/{west.pk}/override/").status_code == 404
    api = client.get("/api/v1/baobao/assignments").json()
    assert {a["area"] for a in api} == {"east花园小区", "east测试企业有限公司"}
    assert client.get(f"/baobao/units/{world.offices['west'].pk}/").status_code == 404
    assert client.get(f"/baobao/units/{world.offices['west'].pk}/list.pdf").status_code == 404
    officer = client_for(world.user("west_officer")).get("/api/v1/baobao/assignments").json()
    assert {a["area"] for a in officer} == {"west花园小区", "west测试企业有限公司"}


def test_it_prints_the_unit_list(areas, client_for):
    world = areas
    run_assignment()
    client = client_for(world.user("east_liaison"))
    response = client.get(f"/baobao/units/{world.offices['east'].pk}/list.pdf")
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "east花园小区" in text and "east_officer" in text and "west花园小区" not in text


def test_a_liaison_overrides_in_its_own_area(areas, client_for):
    world = areas
    run_assignment()
    row = Assignment.objects.get(area__name="east花园小区")
    client = client_for(world.user("east_liaison"))
    response = client.post(
        f"/baobao/{row.pk}/override/",
        {
            "staff": world.user("east_worker").pk,
            "officer": world.user("east_officer").pk,
            "override_note": "网格员熟悉小区",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    row.refresh_from_db()
    assert row.staff == world.user("east_worker") and row.staff_mode == "manual"
    assert row.officer_mode == "manual"
    detail = client.get(f"/baobao/{row.pk}/").content.decode()
    assert "网格员熟悉小区" in detail


def test_it_scores_cases_and_losses_from_the_register(areas):
    from datetime import date
    from decimal import Decimal

    from fanzha.cases.tests.factories import CaseFactory

    world = areas
    CaseFactory(victim=world.residents["east"][0], loss=Decimal("50000.00"))
    run_assignment(today=date(2021, 5, 27))
    firm = Assignment.objects.get(area=world.places["east"])
    assert (firm.cases, firm.loss) == (1, Decimal("50000.00"))
    assert str(firm.risk) == "16.00"  # base 1 + 1 case × 10 + 5 ten-thousand × 1
    compound = Assignment.objects.get(area__name="east花园小区")
    assert compound.cases == 1  # the victim lives in the compound's grid
    assert Assignment.objects.order_by("-risk").first() == firm


def test_the_list_does_not_query_per_row(areas, client_for, django_assert_max_num_queries):
    world = areas
    for i in range(20):
        Place(name=f"east小区{i}", kind="compound", grid=world.grids["east"]).save()
    run_assignment()
    client = client_for(world.user("admin"))
    client.get("/baobao/")
    with django_assert_max_num_queries(14):
        assert client.get("/baobao/").status_code == 200
