"""Registering for warnings in the portal: phone code, identity, community, consent, family
members, officer credit; bad input leaves nothing written and nothing personal is echoed."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import Client

from fanzha.portal.models import PhoneCode, Submission
from fanzha.portal.tests.helpers import NEW_ID, last_code, registration_post
from fanzha.registrations.models import Registration

pytestmark = pytest.mark.django_db

PHONE = "13700137000"


def _start(client: Client, phone: str = PHONE) -> str:
    response = client.post("/portal/register/phone/", {"phone": phone})
    assert response.status_code == 302
    return last_code()


def test_it_registers_a_resident_with_two_family_members(world):
    client = Client()
    code = _start(client)

    response = client.post("/portal/register/", registration_post(world, code))

    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.registrant.name == "王小明"
    assert registration.family_count == 2
    assert registration.protected_count == 3
    assert registration.source == "portal"
    assert registration.community == world.communities["east"]
    assert registration.grid == world.grids["east"]
    assert registration.phone_mask == "137****7000"
    assert sorted(registration.family.values_list("phone_mask", flat=True)) == [
        "137****7001",
        "137****7002",
    ]
    submission = Submission.objects.get(kind="registration")
    assert submission.ref == f"registration:{registration.pk}"
    assert submission.community == world.communities["east"]
    done = client.get(response["Location"]).content.decode()
    assert "3" in done
    assert PHONE not in done and NEW_ID not in done


def test_it_matches_an_existing_resident_by_id_number(world):
    from fanzha.lib.crypto import decrypt

    resident = world.residents["west"][0]
    client = Client()
    code = _start(client)
    data = registration_post(
        world,
        code,
        name=resident.name,
        id_number=decrypt(resident.id_cipher),
        side="west",
        members=[],
    )
    assert client.post("/portal/register/", data).status_code == 302
    assert Registration.objects.get().registrant == resident


def test_it_refuses_a_name_that_does_not_match_the_id_number(world):
    from fanzha.lib.crypto import decrypt

    resident = world.residents["west"][0]
    client = Client()
    code = _start(client)
    data = registration_post(world, code, name="冒名者", id_number=decrypt(resident.id_cipher))
    response = client.post("/portal/register/", data)
    assert response.status_code == 200
    assert "不符" in response.content.decode() or response.context["form"].non_field_errors()
    assert not Registration.objects.exists()
    assert not Submission.objects.exists()


def test_it_refuses_a_wrong_code_and_kills_it_after_too_many_tries(world, settings):
    settings.FANZHA_PORTAL_CODE_MAX_TRIES = 2
    client = Client()
    code = _start(client)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(2):
        response = client.post("/portal/register/", registration_post(world, wrong))
        assert response.status_code == 200
        assert response.context["form"].errors["code"]
    # The right code no longer works: the tries are used up.
    response = client.post("/portal/register/", registration_post(world, code))
    assert response.status_code == 200
    assert not Registration.objects.exists()


def test_it_spends_a_code_once(world):
    client = Client()
    code = _start(client)
    assert client.post("/portal/register/", registration_post(world, code)).status_code == 302
    assert PhoneCode.objects.get().used_at is not None


def test_it_requires_consent_and_leaves_nothing_written(world):
    client = Client()
    code = _start(client)
    response = client.post("/portal/register/", registration_post(world, code, consent=False))
    assert response.status_code == 200
    assert response.context["form"].errors["consent"]
    assert not Registration.objects.exists()
    assert PhoneCode.objects.get().used_at is None  # the code was not spent on a bad form


def test_it_refuses_a_ninth_family_member(world):
    client = Client()
    code = _start(client)
    members = [(f"家人{i}", "sibling", f"1370013710{i}") for i in range(9)]
    data = registration_post(world, code, members=members)
    data["family-TOTAL_FORMS"] = "9"
    response = client.post("/portal/register/", data)
    assert response.status_code == 200
    assert response.context["family"].non_form_errors()
    assert not Registration.objects.exists()


def test_it_rolls_back_when_a_family_member_is_refused(world):
    client = Client()
    code = _start(client)
    # The registrant's own number as a family member is refused by the registry.
    data = registration_post(world, code, members=[("自己", "other", PHONE)])
    response = client.post("/portal/register/", data)
    assert response.status_code == 200
    assert not Registration.objects.exists()
    from fanzha.people.models import Resident

    assert not Resident.objects.filter(name="王小明").exists()


def test_it_does_not_echo_identifiers_back_on_an_error(world):
    client = Client()
    code = _start(client)
    data = registration_post(world, code, consent=False)
    html = client.post("/portal/register/", data).content.decode()
    assert NEW_ID not in html
    assert "13700137001" not in html and PHONE not in html


def test_it_rejects_a_bad_phone_number_without_sending_anything(world):
    from fanzha.notifications.models import Notification

    response = Client().post("/portal/register/phone/", {"phone": "12345"})
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert not Notification.objects.exists()
    assert not PhoneCode.objects.exists()


def test_it_credits_the_officer_whose_qr_code_the_resident_came_through(world):
    officer = world.user("west_officer")
    client = Client()
    token = signing.dumps(officer.pk, salt="fanzha.portal.officer-qr")
    assert client.get(f"/portal/o/{token}/").status_code == 302
    code = _start(client)
    assert "west_officer" in client.get("/portal/register/").content.decode()
    assert client.post("/portal/register/", registration_post(world, code)).status_code == 302
    registration = Registration.objects.get()
    assert registration.officer == officer
    assert registration.station == world.stations["west"]
    assert registration.source == "qr"


def test_it_ignores_a_forged_qr_token(world):
    client = Client()
    assert client.get("/portal/o/123:forged/").status_code == 302
    code = _start(client)
    client.post("/portal/register/", registration_post(world, code))
    assert Registration.objects.get().officer is None


def test_it_asks_for_the_phone_first(world):
    response = Client().get("/portal/register/")
    assert response.status_code == 302
    assert response["Location"] == "/portal/register/phone/"
