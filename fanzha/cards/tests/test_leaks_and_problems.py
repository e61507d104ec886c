"""Scoping of 断卡 pages and API, and prominent two-card problems for the assessment."""

from __future__ import annotations

from datetime import date

import pytest

from fanzha.cards import rules
from fanzha.cards.models import TwoCardProblem
from fanzha.cards.problems import has_prominent_problem
from fanzha.cards.tests.factories import CardPersonFactory, CardRecordFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def west_person(world):
    person = CardPersonFactory(resident=world.residents["west"][0])
    for i in range(3):
        CardRecordFactory(person=person, number=f"62220000000009{i}")
    rules.flag(person)
    return person


def test_the_east_never_sees_a_west_person(world, client_for, west_person):
    restriction = west_person.restrictions.get()
    for name in ("east_officer", "east_liaison", "east_worker"):
        client = client_for(world.user(name))
        assert client.get(f"/cards/{west_person.pk}/").status_code == 404
        assert client.get(f"/cards/punishments/{restriction.pk}/").status_code == 404
        assert west_person.resident.name not in client.get("/cards/").content.decode()
        assert west_person.resident.name not in client.get("/cards/punishments/").content.decode()
        assert client.get(f"/api/v1/cards/persons/{west_person.pk}").status_code == 404
        assert client.get("/api/v1/cards/persons").json() == []
        assert client.get("/api/v1/cards/restrictions").json() == []
        assert client.post(
            f"/cards/punishments/{restriction.pk}/appeal/", {"statement": "x"}
        ).status_code in (403, 404)
    for name in ("west_officer", "west_liaison", "west_worker", "admin", "leader"):
        client = client_for(world.user(name))
        assert client.get(f"/cards/{west_person.pk}/").status_code == 200
        body = client.get(f"/api/v1/cards/persons/{west_person.pk}").json()
        assert body["acts"] == 3 and len(body["restrictions"]) == 1


def test_the_export_stays_in_scope(world, client_for, west_person):
    from io import BytesIO

    from openpyxl import load_workbook

    east = client_for(world.user("east_officer"))
    export = east.get("/cards/", {"export": "xlsx"})
    rows = list(
        load_workbook(BytesIO(b"".join(export.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 1
    west = client_for(world.user("west_officer"))
    export = west.get("/cards/", {"export": "xlsx"})
    rows = list(
        load_workbook(BytesIO(b"".join(export.streaming_content))).active.iter_rows(
            values_only=True
        )
    )
    assert len(rows) == 2 and rows[1][0] == west_person.resident.name


def test_an_appeal_through_the_api(world, client_for, west_person):
    restriction = west_person.restrictions.get()
    client = client_for(world.user("west_liaison"))
    response = client.post(
        f"/api/v1/cards/restrictions/{restriction.pk}/appeals",
        {"statement": "卡片遗失被冒用"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    again = client.post(
        f"/api/v1/cards/restrictions/{restriction.pk}/appeals",
        {"statement": "再次申诉"},
        content_type="application/json",
    )
    assert again.status_code == 422 and again.json()["error"] == "validation_error"


def test_it_reports_prominent_problems_per_jurisdiction_and_period(world, client_for):
    admin = client_for(world.user("admin"))
    response = admin.post(
        "/cards/problems/add/",
        {
            "unit": world.communities["east"].pk,
            "occurred_on": "2021-04-02",
            "title": "东苑社区收购银行卡窝点",
            "description": "造成不良影响",
        },
    )
    assert response.status_code == 302
    east_office, west_office = world.offices["east"], world.offices["west"]
    assert has_prominent_problem(east_office, date(2021, 1, 1), date(2021, 12, 31))
    assert has_prominent_problem(world.communities["east"].pk, date(2021, 4, 2), date(2021, 4, 2))
    assert not has_prominent_problem(east_office, date(2020, 1, 1), date(2020, 12, 31))
    assert not has_prominent_problem(west_office, date(2021, 1, 1), date(2021, 12, 31))
    problem = TwoCardProblem.objects.get()
    assert problem.recorded_by == world.user("admin")
    east = client_for(world.user("east_liaison"))
    west = client_for(world.user("west_liaison"))
    assert "东苑社区收购银行卡窝点" in east.get("/cards/problems/").content.decode()
    assert "东苑社区收购银行卡窝点" not in west.get("/cards/problems/").content.decode()
    assert west.get("/cards/problems/add/").status_code == 403


def test_liaisons_record_but_do_not_decide(world, client_for):
    liaison = client_for(world.user("east_liaison"))
    resident = world.residents["east"][1]
    assert liaison.post("/cards/add/", {"resident": resident.pk}).status_code == 302
    person = resident.card_person
    for i in range(3):
        CardRecordFactory(person=person, number=f"62220000000010{i}")
    assert liaison.post(f"/cards/{person.pk}/flag/", {"years": 2}).status_code == 403
    # A west resident is not offered to an east liaison.
    response = liaison.post("/cards/add/", {"resident": world.residents["west"][1].pk})
    assert response.status_code == 200
    assert not hasattr(world.residents["west"][1], "card_person")
