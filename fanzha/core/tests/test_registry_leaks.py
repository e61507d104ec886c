"""Every registry list, detail, export and search: a user of the other side sees nothing of it.

Each case names a URL for the east side's row; the west liaison, worker and officer must get a
404 on the detail and must not find it in the list or the export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fanzha.registrations.protection import add_family_member, register


def _objects(world):
    east = world.residents["east"][0]
    registration = register(east, phone=world.phones["east"][0])
    add_family_member(registration, name="王小明", relation="child", phone="13700137000")
    return {
        "resident": (east, "people:resident_list", "people:resident_detail", east.name),
        "household": (
            world.households["east"],
            "people:household_list",
            "people:household_detail",
            world.households["east"].code,
        ),
        "place": (
            world.places["east"],
            "places:place_list",
            "places:place_detail",
            world.places["east"].name,
        ),
        "grid": (world.grids["east"], "org:grid_list", "org:grid_detail", world.grids["east"].name),
        "registration": (
            registration,
            "registrations:registration_list",
            "registrations:registration_detail",
            east.name,
        ),
    }


OUTSIDERS = ["west_liaison", "west_worker", "west_officer"]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["resident", "household", "place", "grid", "registration"])
@pytest.mark.parametrize("outsider", OUTSIDERS)
def test_an_outsider_sees_no_east_row(world, client_for, kind, outsider):
    obj, list_name, detail_name, text = _objects(world)[kind]
    client = client_for(world.user(outsider))
    assert client.get(reverse(detail_name, args=[obj.pk])).status_code == 404
    listing = client.get(reverse(list_name))
    assert listing.status_code == 200
    assert text not in listing.content.decode()
    export = client.get(reverse(list_name) + "?export=xlsx")
    assert export.status_code == 200
    cells = {
        str(c.value)
        for row in load_workbook(io.BytesIO(b"".join(export.streaming_content))).active.iter_rows()
        for c in row
    }
    assert text not in cells


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["resident", "household", "place", "grid", "registration"])
def test_the_owner_sees_the_row(world, client_for, kind):
    obj, list_name, detail_name, text = _objects(world)[kind]
    client = client_for(world.user("east_liaison"))
    assert client.get(reverse(detail_name, args=[obj.pk])).status_code == 200
    assert text in client.get(reverse(list_name)).content.decode()


@pytest.mark.django_db
def test_search_by_phone_does_not_cross_sides(world, client_for):
    west_phone = world.phones["west"][0]
    url = reverse("people:resident_list") + f"?q={west_phone}"
    assert (
        world.residents["west"][0].name
        not in client_for(world.user("east_liaison")).get(url).content.decode()
    )
    assert (
        world.residents["west"][0].name
        in client_for(world.user("west_liaison")).get(url).content.decode()
    )


@pytest.mark.django_db
def test_anonymous_users_are_sent_to_login(world, client):
    for name in [
        "people:resident_list",
        "places:place_list",
        "registrations:registration_list",
        "registrations:coverage",
        "org:unit_list",
        "audit:access",
    ]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_the_audit_pages_are_for_the_administrator_only(world, client_for):
    assert client_for(world.user("admin")).get(reverse("audit:access")).status_code == 200
    for name in ["east_liaison", "leader", "east_officer"]:
        assert client_for(world.user(name)).get(reverse("audit:access")).status_code == 403


@pytest.mark.django_db
def test_the_leader_reads_everything_but_cannot_edit_or_export(world, client_for):
    client = client_for(world.user("leader"))
    east = world.residents["east"][0]
    assert client.get(reverse("people:resident_detail", args=[east.pk])).status_code == 200
    assert client.get(reverse("people:resident_edit", args=[east.pk])).status_code == 403
    assert client.get(reverse("people:resident_list") + "?export=xlsx").status_code == 403
