"""The registry API: scoped like the UI, masked, and closed to ingest-only API keys."""

from __future__ import annotations

import pytest

from fanzha.accounts.models import ApiKey
from fanzha.registrations.protection import register


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "kind"),
    [
        ("/api/v1/people/residents", "resident"),
        ("/api/v1/people/households", "household"),
        ("/api/v1/places", "place"),
        ("/api/v1/org/grids", "grid"),
        ("/api/v1/registrations", "registration"),
    ],
)
def test_lists_and_details_are_scoped(world, client_for, url, kind):
    east_reg = register(world.residents["east"][0], phone=world.phones["east"][0])
    west_reg = register(world.residents["west"][0], phone=world.phones["west"][0])
    objects = {
        "resident": (world.residents["east"][0], world.residents["west"][0]),
        "household": (world.households["east"], world.households["west"]),
        "place": (world.places["east"], world.places["west"]),
        "grid": (world.grids["east"], world.grids["west"]),
        "registration": (east_reg, west_reg),
    }[kind]
    east_obj, west_obj = objects
    client = client_for(world.user("east_liaison"))
    seen = ids(client.get(url))
    assert east_obj.pk in seen and west_obj.pk not in seen
    assert client.get(f"{url}/{west_obj.pk}").status_code == 404
    assert client.get(f"{url}/{east_obj.pk}").status_code == 200


@pytest.mark.django_db
def test_phone_search_returns_masks_only(world, client_for):
    phone = world.phones["east"][0]
    response = client_for(world.user("east_officer")).get(f"/api/v1/people/residents?q={phone}")
    body = response.content.decode()
    assert phone not in body
    assert response.json()["results"][0]["phone_mask"] == phone[:3] + "****" + phone[-4:]


@pytest.mark.django_db
def test_anonymous_and_ingest_keys_are_refused(world, client):
    assert client.get("/api/v1/people/residents").status_code == 401
    _, key = ApiKey.issue("bank", "alerts:ingest", source="bank")
    response = client.get("/api/v1/people/residents", HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 403
    assert response.json()["error"] == "http_error"


@pytest.mark.django_db
def test_a_revoked_key_is_refused(world, client):
    from django.utils import timezone

    row, key = ApiKey.issue("bank", "alerts:ingest", source="bank")
    row.revoked_at = timezone.now()
    row.save()
    assert (
        client.get("/api/v1/people/residents", HTTP_AUTHORIZATION=f"Bearer {key}").status_code
        == 401
    )


@pytest.mark.django_db
def test_keys_are_stored_hashed(world):
    row, key = ApiKey.issue("bank", "alerts:ingest")
    assert key not in row.key_hash and row.prefix in key


@pytest.mark.django_db
def test_registration_totals_count_registered_and_protected(world, client_for):
    from fanzha.registrations.protection import add_family_member

    reg = register(world.residents["east"][0], phone=world.phones["east"][0])
    add_family_member(reg, name="甲", relation="child", phone="13700137001")
    assert client_for(world.user("east_liaison")).get("/api/v1/registrations/totals").json() == {
        "registrations": 1,
        "protected": 2,
    }
    assert client_for(world.user("west_liaison")).get("/api/v1/registrations/totals").json() == {
        "registrations": 0,
        "protected": 0,
    }
