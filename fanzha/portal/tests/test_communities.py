"""Choosing a community: the five nearest the resident's location or a sub-district's seat, a
search by name, and the full list by sub-district when nothing else is given (or no script
runs). The location is used for the answer only."""

from __future__ import annotations

import pytest
from django.test import Client

from fanzha.org.choices import UnitKind
from fanzha.org.models import Unit
from fanzha.portal import communities
from fanzha.portal.models import Submission
from fanzha.portal.tests.helpers import NEW_ID, last_code, registration_post
from fanzha.registrations.models import Registration

pytestmark = pytest.mark.django_db

HOME = (37.3600, 118.0300)


@pytest.fixture
def ring(world):
    """Eight communities of the east office due north of HOME, 1 to 8 km away (the far ones
    first, so insertion order is not the answer), and the world's two without coordinates."""
    office = world.offices["east"]
    office.latitude, office.longitude = HOME
    office.save(update_fields=["latitude", "longitude"])
    units = {}
    for km in range(8, 0, -1):
        units[km] = Unit.objects.create(
            code=f"ring-{km}",
            name=f"环{km}社区",
            kind=UnitKind.COMMUNITY,
            parent=office,
            police_station=world.stations["east"],
            latitude=HOME[0] + km / 111.2,
            longitude=HOME[1],
        )
    return units


def test_it_lists_the_five_nearest_communities_by_distance(ring):
    found = communities.nearest(communities.Point(*HOME))
    assert [c.community for c in found] == [ring[km] for km in (1, 2, 3, 4, 5)]
    assert [round(c.distance_m / 1000) for c in found] == [1, 2, 3, 4, 5]
    assert found[0].distance_label == "1.0 公里" or found[0].distance_label == "1.0 km"


def test_the_picker_answers_a_location_with_the_five_nearest(ring):
    response = Client().post("/portal/communities/", {"lat": "37.36", "lon": "118.03"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-mode="nearest"' in html
    assert html.count('type="radio"') == 5
    for km in (1, 2, 3, 4, 5):
        assert f'id="community-{ring[km].pk}"' in html
    assert f'id="community-{ring[6].pk}"' not in html
    assert html.index(ring[1].name) < html.index(ring[5].name)
    assert "37.36" not in html  # the location is not echoed


def test_the_picker_lists_a_sub_districts_communities_nearest_its_seat(ring, world):
    response = Client().post("/portal/communities/", {"office": world.offices["east"].pk})
    html = response.content.decode()
    assert 'data-mode="office"' in html and html.count('type="radio"') == 5
    assert ring[1].name in html and ring[6].name not in html


def test_the_picker_searches_by_name(ring, world):
    html = Client().post("/portal/communities/", {"community_q": "西苑"}).content.decode()
    assert 'data-mode="search"' in html
    assert f'id="community-{world.communities["west"].pk}"' in html
    assert html.count('type="radio"') == 1
    none = Client().post("/portal/communities/", {"community_q": "不存在的名字"})
    assert 'id="community-none"' in none.content.decode()


@pytest.mark.parametrize(
    "data",
    [{"lat": "91", "lon": "118"}, {"lat": "nan", "lon": "118"}, {"lat": "x", "lon": ""}],
)
def test_the_picker_falls_back_to_the_full_list_for_a_bad_location(ring, world, data):
    html = Client().post("/portal/communities/", data).content.decode()
    assert 'data-mode="all"' in html and "p-error" in html
    assert (
        html.count('type="radio"') == Unit.objects.filter(kind__in=["community", "village"]).count()
    )


def test_without_anything_the_picker_groups_every_community_by_sub_district(ring, world):
    html = Client().post("/portal/communities/", {"community": str(ring[7].pk)}).content.decode()
    assert html.count("<details") == 2  # east and west
    assert html.count('type="radio"') == 10
    assert f'value="{ring[7].pk}" id="community-{ring[7].pk}" checked' in html
    assert '<details class="p-office" open>' in html


def test_the_picker_is_a_post_with_a_csrf_token():
    assert Client().get("/portal/communities/").status_code == 405
    assert Client(enforce_csrf_checks=True).post("/portal/communities/", {}).status_code == 403


def test_the_register_page_works_without_script_and_keeps_the_choice(ring, world):
    client = Client()
    client.post("/portal/register/phone/", {"phone": "13700137000"})
    page = client.get("/portal/register/").content.decode()
    assert "data-js-only hidden" in page  # the finder shows only when the script runs
    assert 'data-mode="all"' in page and "portal/portal.js" in page
    assert "<script>" not in page  # no inline script (CSP)
    # Only this page may ask for the location.
    assert "geolocation=(self)" in client.get("/portal/register/")["Permissions-Policy"]
    assert "geolocation=()" in client.get("/portal/report/")["Permissions-Policy"]
    data = registration_post(world, last_code(), name="")
    data["community"] = ring[3].pk
    again = client.post("/portal/register/", data).content.decode()
    assert f'id="community-{ring[3].pk}" checked' in again
    from fanzha.org.models import Grid

    Grid.objects.create(code="ring-3-1", name="环3社区第一网格", community=ring[3])
    data = registration_post(world, last_code())
    data["community"] = ring[3].pk
    assert client.post("/portal/register/", data).status_code == 302
    assert Registration.objects.get().community == ring[3]


def test_the_register_page_refuses_an_outdated_consent_notice(world):
    client = Client()
    client.post("/portal/register/phone/", {"phone": "13700137000"})
    data = registration_post(world, last_code())
    data["consent_version"] = "2019-01"
    response = client.post("/portal/register/", data)
    assert response.status_code == 200
    assert "告知书已更新" in response.content.decode()
    assert not Registration.objects.exists()
    assert not Submission.objects.filter(kind="registration").exists()


def test_errors_on_the_pages_do_not_quote_the_numbers_typed(world):
    bad_id = NEW_ID[:-1] + ("0" if NEW_ID[-1] != "0" else "1")
    pledge = Client().post("/portal/pledge/", {"name": "某人", "id_number": bad_id, "agree": "on"})
    assert "身份证" in pledge.content.decode() and bad_id not in pledge.content.decode()
    phone = Client().post("/portal/register/phone/", {"phone": "12345678901"})
    assert "12345678901" not in phone.content.decode()
    assert "11 位" in phone.content.decode()
