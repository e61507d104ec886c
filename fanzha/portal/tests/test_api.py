"""The portal API for the residents' app: anonymous, the same rules and services as the pages,
structured 422 and 429 answers, the same rate-limit budgets, and nothing personal echoed."""

from __future__ import annotations

import io
import json
from datetime import date
from typing import Any

import pytest
from django.core import signing
from django.test import Client

from fanzha.core.testing.world import valid_id
from fanzha.portal import quizzes
from fanzha.portal.consent import VERSION
from fanzha.portal.models import PhoneCode, Screenshot, Submission
from fanzha.portal.tests.helpers import NEW_ID, last_code
from fanzha.registrations.models import Registration

pytestmark = pytest.mark.django_db

API = "/api/v1/portal"
PHONE = "13700137000"


def post(path: str, body: Any, *, ip: str = "10.1.0.1", client: Client | None = None):
    client = client or Client(REMOTE_ADDR=ip)
    return client.post(f"{API}{path}", json.dumps(body), content_type="application/json")


def messages(response) -> dict[str, str]:
    """``{"field": "message"}`` from a 422 answer (field: the last part of ``loc``)."""
    assert response.status_code == 422, response.content
    body = response.json()
    assert body["error"] == "validation_error"
    return {str(e["loc"][-1]): e["msg"] for e in body["detail"]}


def register_body(world, code: str, **extra: Any) -> dict[str, Any]:
    body = {
        "phone": PHONE,
        "code": code,
        "name": "王小明",
        "id_number": NEW_ID,
        "community_id": world.communities["east"].pk,
        "consent_version": VERSION,
        "family": [
            {"name": "王妈妈", "relation": "parent", "phone": "13700137001"},
            {"name": "王小妹", "relation": "sibling", "phone": "13700137002"},
        ],
    }
    body.update(extra)
    return body


def send_code(phone: str = PHONE, ip: str = "10.1.0.1") -> str:
    response = post("/codes", {"phone": phone}, ip=ip)
    assert response.status_code == 202, response.content
    return last_code()


# -- codes and registration -----------------------------------------------------------------------


def test_it_sends_a_code_without_echoing_the_number(world):
    response = post("/codes", {"phone": "137-0013-7000"})
    assert response.status_code == 202
    assert response.json() == {"sent": True, "expires_in": 600}
    assert PHONE not in response.content.decode() and "7000" not in response.content.decode()
    assert PhoneCode.objects.count() == 1


def test_it_refuses_a_bad_phone_number_with_a_structured_error_that_does_not_echo_it(world):
    response = post("/codes", {"phone": "12345678"})
    assert "手机" in messages(response)["phone"]
    assert "12345678" not in response.content.decode()
    assert not PhoneCode.objects.exists()
    assert "phone" in messages(post("/codes", {}))


def test_it_tells_the_app_the_current_consent_notice(world):
    body = Client().get(f"{API}/consent").json()
    assert body["version"] == VERSION
    assert len(body["paragraphs"]) == 3 and all(body["paragraphs"])
    assert body["max_family_members"] == 8


def test_it_registers_a_resident_with_two_family_members(world):
    code = send_code()
    response = post("/registrations", register_body(world, code))
    assert response.status_code == 201, response.content
    assert response.json() == {"registered": True, "protected": 3}
    text = response.content.decode()
    assert NEW_ID not in text and PHONE not in text and "王小明" not in text
    registration = Registration.objects.get()
    assert registration.family_count == 2
    assert registration.community == world.communities["east"]
    assert registration.source == "portal"
    submission = Submission.objects.get(kind="registration")
    assert submission.consent_version == VERSION
    assert submission.ref == f"registration:{registration.pk}"


def test_it_refuses_a_wrong_code_and_writes_nothing(world):
    send_code()
    assert "code" in messages(post("/registrations", register_body(world, "000000")))
    assert not Registration.objects.exists()


def test_it_refuses_a_stale_consent_version(world):
    code = send_code()
    response = post("/registrations", register_body(world, code, consent_version="2019-01"))
    assert "告知" in messages(response)["consent_version"]
    assert not Registration.objects.exists()
    assert "consent_version" in messages(
        post(
            "/registrations",
            {k: v for k, v in register_body(world, code).items() if k != "consent_version"},
        )
    )


@pytest.mark.parametrize(
    "change,field",
    [
        ({"id_number": "110101199001011234"}, "id_number"),
        ({"community_id": 999999}, "community_id"),
        ({"community_id": "east"}, "community_id"),
        ({"name": "   "}, "name"),
        ({"code": "abc"}, "code"),
        ({"family": [{"name": "王妈妈", "relation": "aunt", "phone": "13700137001"}]}, "relation"),
        ({"family": [{"name": "王妈妈", "relation": "parent", "phone": "12345"}]}, "phone"),
        (
            {
                "family": [
                    {"name": "甲", "relation": "parent", "phone": "13700137001"},
                    {"name": "乙", "relation": "parent", "phone": "13700137001"},
                ]
            },
            "family",
        ),
    ],
)
def test_it_validates_every_registration_field(world, change, field):
    code = send_code()
    response = post("/registrations", {**register_body(world, code), **change})
    found = messages(response)
    assert field in found, found
    text = response.content.decode()
    assert "110101199001011234" not in text and "12345" not in text and NEW_ID not in text
    assert not Registration.objects.exists()


def test_it_refuses_a_ninth_family_member(world, settings):
    code = send_code()
    family = [
        {"name": f"家人{i}", "relation": "other", "phone": f"1370013710{i}"} for i in range(9)
    ]
    response = post("/registrations", register_body(world, code, family=family))
    assert "family" in messages(response)
    assert not Registration.objects.exists()


def test_it_credits_the_officer_of_a_qr_token_and_ignores_a_forged_one(world):
    officer = world.user("west_officer")
    token = signing.dumps(officer.pk, salt="fanzha.portal.officer-qr")
    code = send_code()
    assert (
        post("/registrations", register_body(world, code, officer_token=token)).status_code == 201
    )
    assert Registration.objects.get().officer == officer
    assert Submission.objects.get(kind="registration").officer == officer

    other_id = valid_id(date(1986, 7, 2), 78)
    code = send_code("13700137009", ip="10.1.0.2")
    body = register_body(
        world,
        code,
        phone="13700137009",
        id_number=other_id,
        name="李四",
        family=[],
        officer_token=token + "x",
    )
    assert post("/registrations", body, ip="10.1.0.2").status_code == 201
    assert Registration.objects.get(phone_mask="137****7009").officer is None


def test_it_needs_no_login_and_no_csrf_token(world):
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR="10.1.0.9")
    assert post("/codes", {"phone": PHONE}, client=client).status_code == 202


# -- rate limits ----------------------------------------------------------------------------------


def _quiz_answer() -> tuple[str, dict[str, Any]]:
    return "/quizzes/0/answers", {"choice": 0}


ROUTES = [
    ("/lookups", {"kind": "phone", "value": "13312345678"}),
    ("/reports", None),
    ("/checks", {"text": "你好"}),
    ("/pledges", {"name": "某人", "id_number": NEW_ID, "agree": True}),
    _quiz_answer(),
    ("/quizzes/results", {"answers": {"0": 0}}),
    ("/registrations", {"phone": "bad"}),
]


def _call(path: str, body: Any, ip: str):
    if body is None:  # the report is a multipart form
        return Client(REMOTE_ADDR=ip).post(
            f"{API}{path}", {"kind": "phone", "value": "13312345678", "what_happened": "x"}
        )
    return post(path, body, ip=ip)


@pytest.mark.parametrize("path,body", ROUTES)
def test_it_limits_every_route_per_ip_with_retry_after(world, settings, path, body):
    settings.FANZHA_PORTAL_RATE_IP = "2/3600"
    assert _call(path, body, "10.2.0.1").status_code != 429
    assert _call(path, body, "10.2.0.1").status_code != 429
    refused = _call(path, body, "10.2.0.1")
    assert refused.status_code == 429
    payload = refused.json()
    assert payload["error"] == "rate_limited" and payload["detail"]
    assert 1 <= payload["retry_after"] <= 3600
    assert refused["Retry-After"] == str(payload["retry_after"])
    assert _call(path, body, "10.2.0.2").status_code != 429


def test_it_counts_bad_input_against_the_ip_budget(world, settings):
    settings.FANZHA_PORTAL_RATE_IP = "1/3600"
    assert post("/checks", {"text": ""}, ip="10.2.1.1").status_code == 422
    assert post("/checks", {"text": "你好"}, ip="10.2.1.1").status_code == 429


def test_the_page_and_the_app_share_one_budget_per_ip(world, settings):
    settings.FANZHA_PORTAL_RATE_IP = "1/3600"
    assert (
        Client(REMOTE_ADDR="10.2.2.1").post("/portal/check/", {"text": "你好"}).status_code == 200
    )
    assert post("/checks", {"text": "你好"}, ip="10.2.2.1").status_code == 429


def test_it_limits_code_sending_per_phone_across_addresses(world, settings):
    from fanzha.notifications.models import Notification

    settings.FANZHA_PORTAL_RATE_CODE_PHONE = "2/900"
    for ip in ("10.3.0.1", "10.3.0.2"):
        assert post("/codes", {"phone": PHONE}, ip=ip).status_code == 202
    third = post("/codes", {"phone": PHONE}, ip="10.3.0.3")
    assert third.status_code == 429
    assert 1 <= int(third["Retry-After"]) <= 900
    assert PHONE not in third.content.decode()
    assert Notification.objects.count() == 2


def test_it_limits_code_sending_per_ip(world, settings):
    settings.FANZHA_PORTAL_RATE_CODE_IP = "1/3600"
    assert post("/codes", {"phone": PHONE}, ip="10.3.1.1").status_code == 202
    assert post("/codes", {"phone": "13700137001"}, ip="10.3.1.1").status_code == 429


def test_it_limits_registration_attempts_per_phone_across_addresses(world, settings):
    settings.FANZHA_PORTAL_RATE_PHONE = "1/3600"
    send_code()
    assert post("/registrations", register_body(world, "000000"), ip="10.4.0.1").status_code == 422
    refused = post("/registrations", register_body(world, "000000"), ip="10.4.0.2")
    assert refused.status_code == 429 and refused.json()["error"] == "rate_limited"


# -- communities ----------------------------------------------------------------------------------


@pytest.fixture
def placed(world):
    """The world's two communities and offices with coordinates (east near, west 20 km off)."""
    for side, (lat, lon) in {"east": (37.36, 118.03), "west": (37.36, 117.80)}.items():
        for unit in (world.communities[side], world.offices[side]):
            unit.latitude, unit.longitude = lat, lon
            unit.save(update_fields=["latitude", "longitude"])
    return world


def test_it_lists_the_communities_nearest_a_location(placed):
    response = post("/communities/nearest", {"latitude": 37.361, "longitude": 118.031})
    assert response.status_code == 200
    rows = response.json()
    assert [r["id"] for r in rows] == [
        placed.communities["east"].pk,
        placed.communities["west"].pk,
    ]
    assert rows[0]["distance_m"] < 200 < 19_000 < rows[1]["distance_m"] < 22_000
    assert rows[0]["office_id"] == placed.offices["east"].pk


@pytest.mark.parametrize(
    "body",
    [{"latitude": 91, "longitude": 118}, {"latitude": "x", "longitude": 118}, {"latitude": 37}],
)
def test_it_refuses_an_impossible_location(world, body):
    assert messages(post("/communities/nearest", body))


def test_it_finds_communities_by_name_and_by_sub_district(placed):
    client = Client()
    found = client.get(f"{API}/communities", {"q": "西苑"}).json()
    assert [r["id"] for r in found] == [placed.communities["west"].pk]
    by_office = client.get(f"{API}/communities", {"office_id": placed.offices["east"].pk}).json()
    assert [r["id"] for r in by_office] == [placed.communities["east"].pk]
    assert len(client.get(f"{API}/communities").json()) == 2
    offices = client.get(f"{API}/offices").json()
    assert {o["id"] for o in offices} == {placed.offices["east"].pk, placed.offices["west"].pk}


# -- lookup, report, check, pledge, quizzes -------------------------------------------------------


def test_it_answers_a_risk_lookup_without_echoing_the_value(world):
    from fanzha.indicators.sightings import record_sighting

    record_sighting("phone", "13312345678", "staff")
    response = post("/lookups", {"kind": "phone", "value": "13312345678"})
    assert response.status_code == 200
    body = response.json()
    assert body["level"] == "reported" and body["known"] and body["sightings"] == 1
    assert "13312345678" not in response.content.decode()
    assert "kind" in messages(post("/lookups", {"kind": "pager", "value": "1"}))
    assert "value" in messages(post("/lookups", {"kind": "phone", "value": ""}))


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def test_it_takes_a_report_with_a_screenshot_as_a_sighting(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from fanzha.indicators.models import Sighting

    response = Client(REMOTE_ADDR="10.5.0.1").post(
        f"{API}/reports",
        {
            "kind": "phone",
            "value": "13312345678",
            "what_happened": "自称快递客服要求共享屏幕",
            "community_id": world.communities["west"].pk,
            "screenshot": SimpleUploadedFile("s.png", _png(), content_type="image/png"),
        },
    )
    assert response.status_code == 201, response.content
    assert response.json() == {"received": True}
    submission = Submission.objects.get(kind="report")
    assert submission.community == world.communities["west"]
    assert Sighting.objects.get().source == "resident_report"
    shot = Screenshot.objects.get(submission=submission)
    assert shot.file.name.endswith(".png")


def test_it_checks_a_screenshot_like_the_page_and_writes_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = Client(REMOTE_ADDR="10.5.0.2").post(
        f"{API}/reports",
        {
            "kind": "phone",
            "value": "13312345678",
            "what_happened": "x",
            "screenshot": SimpleUploadedFile(
                "s.png", b"<?php evil(); ?>", content_type="image/png"
            ),
        },
    )
    assert "JPEG" in messages(response)["screenshot"]
    assert not Submission.objects.exists() and not Screenshot.objects.exists()
    missing = Client(REMOTE_ADDR="10.5.0.2").post(f"{API}/reports", {"kind": "phone"})
    assert {"value", "what_happened"} <= set(messages(missing))


def test_it_checks_a_message_without_echoing_or_keeping_it(world):
    text = "您好，我是公安局民警，您涉嫌洗钱，请把资金转到安全账户并保密"
    response = post("/checks", {"text": text})
    assert response.status_code == 200
    body = response.json()
    assert body["is_fraud"] is True and body["label_name"] and body["signs"]
    assert text not in response.content.decode()
    assert not Submission.objects.get(kind="check").note
    assert "text" in messages(post("/checks", {"text": ""}))
    assert "text" in messages(post("/checks", {"text": "长" * 2001}))


def test_it_signs_the_pledge(world):
    from fanzha.lib.crypto import decrypt
    from fanzha.outreach.models import Pledge

    resident = world.residents["east"][1]
    body = {"name": resident.name, "id_number": decrypt(resident.id_cipher), "agree": True}
    response = post("/pledges", body)
    assert response.status_code == 201 and response.json() == {"signed": True}
    assert Pledge.objects.get().household == world.households["east"]
    assert messages(post("/pledges", body))  # already signed
    assert "agree" in messages(post("/pledges", {**body, "agree": False}))
    wrong = post("/pledges", {**body, "name": "别人"})
    assert messages(wrong) and resident.name not in wrong.content.decode()
    assert Pledge.objects.count() == 1


def test_it_runs_the_quiz_and_scores_it(world):
    scenarios = Client().get(f"{API}/quizzes").json()
    assert len(scenarios) == len(quizzes.SCENARIOS) >= 5
    assert "correct" not in json.dumps(scenarios)
    answers = {}
    for item, scenario in zip(scenarios, quizzes.SCENARIOS, strict=True):
        right = next(i for i, c in enumerate(scenario.choices) if c.correct)
        feedback = post(f"/quizzes/{item['index']}/answers", {"choice": right}).json()
        assert feedback == {"correct": True, "why": str(scenario.choices[right].why)}
        answers[str(item["index"])] = right if item["index"] % 2 == 0 else (right + 1) % 3
    wrong = post("/quizzes/0/answers", {"choice": (answers["0"] + 1) % 3}).json()
    assert wrong["correct"] is False and wrong["why"]
    result = post("/quizzes/results", {"answers": answers}).json()
    expected = (len(quizzes.SCENARIOS) + 1) // 2
    assert result == {"score": expected, "total": len(quizzes.SCENARIOS)}
    assert Submission.objects.get(kind="quiz").outcome == f"{expected}/{len(quizzes.SCENARIOS)}"


def test_it_refuses_quiz_answers_that_do_not_exist(world):
    missing = post("/quizzes/99/answers", {"choice": 0})
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"
    assert "choice" in messages(post("/quizzes/0/answers", {"choice": 7}))
    assert "answers" in messages(post("/quizzes/results", {"answers": {"0": 9}}))
    assert "answers" in messages(post("/quizzes/results", {"answers": {}}))
    assert not Submission.objects.filter(kind="quiz").exists()
