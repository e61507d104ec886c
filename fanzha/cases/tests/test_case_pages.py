"""Recording a case from the form, the list, the detail page and the year-on-year table."""

from decimal import Decimal

import pytest
from django.urls import reverse

from fanzha.cases.choices import CaseStatus
from fanzha.cases.models import Case
from fanzha.cases.tests.factories import CaseFactory, aware
from fanzha.core.testing.world import valid_id
from fanzha.notices.models import Notice

pytestmark = pytest.mark.django_db


def _form(world, **extra):
    data = {
        "reported_at": "2021-05-20T10:30",
        "occurred_at": "2021-05-19T21:00",
        "victim_id_number": "",
        "victim_name": "",
        "grid": "",
        "employer": "",
        "victim_unit": "",
        "narrative": "对方让我刷单做任务返佣，先垫付后被骗",
        "fraud_type": "SDFL",
        "channel": "wechat",
        "loss": "12345.67",
        "recovered": "0",
        "status": CaseStatus.OPEN,
        "reference": "",
    }
    data.update(extra)
    return data


def test_it_links_a_resident_found_by_id_number(world, client_for):
    from fanzha.people.models import Resident

    resident = world.residents["east"][0]
    number = Resident.objects.get(pk=resident.pk).reveal("id_number")
    client = client_for(world.user("east_officer"))
    response = client.post(reverse("cases:case_add"), _form(world, victim_id_number=number.lower()))
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get()
    assert case.victim == resident
    assert case.grid == resident.grid
    assert case.employer == world.places["east"]
    assert case.loss == Decimal("12345.67")
    assert case.created_by == world.user("east_officer")
    assert response["Location"] == reverse("cases:case_detail", args=[case.pk])
    assert Notice.objects.filter(case=case, kind="letter").count() == 1


def test_it_records_a_non_resident_with_a_validated_id(world, client_for):
    client = client_for(world.user("east_officer"))
    number = valid_id(__import__("datetime").date(1970, 1, 2), 33, region="110101")
    response = client.post(
        reverse("cases:case_add"),
        _form(world, victim_id_number=number, victim_name="王小明", grid=world.grids["east"].pk),
    )
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.victim is None
    assert case.victim_name == "王小明"
    assert case.victim_id_mask == number[:4] + "*" * 10 + number[-4:]
    assert case.reveal("id_number") == number


def test_it_explains_bad_input(world, client_for):
    client = client_for(world.user("east_officer"))
    response = client.post(
        reverse("cases:case_add"),
        _form(
            world,
            victim_id_number="360426199101010072",
            recovered="20000",
            loss="100",
            occurred_at="2021-05-21T10:00",
            internal_staff="on",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"victim_id_number", "recovered", "occurred_at", "victim_unit"}
    assert not Case.objects.exists()


def test_the_list_and_detail_do_not_leak_the_other_side(world, client_for):
    east = CaseFactory(victim=world.residents["east"][1])
    west = CaseFactory(victim=world.residents["west"][1])
    for name in ("east_liaison", "east_worker", "east_officer"):
        client = client_for(world.user(name))
        listing = client.get(reverse("cases:case_list"))
        ids = [c.pk for c in listing.context["object_list"]]
        assert ids == [east.pk], name
        assert client.get(reverse("cases:case_detail", args=[west.pk])).status_code == 404
        assert client.get(reverse("cases:case_edit", args=[west.pk])).status_code == 404
    export = client_for(world.user("east_liaison")).get(reverse("cases:case_list") + "?export=xlsx")
    assert export.status_code == 200
    from io import BytesIO

    from openpyxl import load_workbook

    rows = list(load_workbook(BytesIO(b"".join(export.streaming_content))).active.values)
    assert [r[0] for r in rows[1:]] == [east.pk]


def test_a_sector_liaison_sees_cases_of_its_sector(world, client_for):
    east = CaseFactory(victim=world.residents["east"][0])  # employer in the tax sector
    CaseFactory(victim=world.residents["west"][0])  # employer in the market sector
    listing = client_for(world.user("tax_liaison")).get(reverse("cases:case_list"))
    assert [c.pk for c in listing.context["object_list"]] == [east.pk]


def test_the_leader_reads_but_cannot_add(world, client_for):
    CaseFactory(victim=world.residents["east"][1])
    client = client_for(world.user("leader"))
    assert client.get(reverse("cases:case_list")).context["paginator"].count == 1
    assert client.get(reverse("cases:case_add")).status_code == 403


def test_the_year_on_year_numbers_open_the_cases_behind_them(world, client_for):
    for day in (aware(2021, 1, 5), aware(2021, 4, 1)):
        CaseFactory(victim=world.residents["east"][1], reported_at=day)
    CaseFactory(victim=world.residents["east"][1], reported_at=aware(2020, 2, 1))
    CaseFactory(victim=world.residents["west"][1], reported_at=aware(2021, 2, 1))
    client = client_for(world.user("admin"))
    page = client.get(reverse("cases:year_on_year"), {"year": 2021, "until": "2021-05-27"})
    rows = {r["row"].unit_id: r for r in page.context["rows"]}
    office = world.offices["east"].pk
    assert (rows[office]["row"].this_year, rows[office]["row"].last_year) == (2, 1)
    listing = client.get(rows[office]["this_url"])
    assert listing.context["paginator"].count == 2
    assert client.get(rows[office]["last_url"]).context["paginator"].count == 1
    # A liaison's table only counts what the liaison may see.
    own = client_for(world.user("east_liaison")).get(
        reverse("cases:year_on_year"), {"year": 2021, "until": "2021-05-27"}
    )
    counts = {r["row"].unit_id: r["row"].this_year for r in own.context["rows"]}
    assert counts[world.offices["west"].pk] == 0


def test_the_api_is_scoped_and_masked(world, client_for):
    east = CaseFactory(victim=world.residents["east"][1])
    west = CaseFactory(victim=world.residents["west"][1])
    client = client_for(world.user("east_officer"))
    data = client.get("/api/v1/cases").json()
    assert [c["id"] for c in data] == [east.pk]
    assert data[0]["victim"] != world.residents["east"][1].name
    assert data[0]["units"][0]["unit_id"] == world.offices["east"].pk
    assert client.get(f"/api/v1/cases/{west.pk}").status_code == 404
    counts = client.get("/api/v1/cases/counts", {"year": 2021}).json()
    assert counts["counts"] == {str(world.offices["east"].pk): 1}
    assert client.get("/api/v1/cases/counts", {"year": "x"}).json()["error"] == "validation_error"
