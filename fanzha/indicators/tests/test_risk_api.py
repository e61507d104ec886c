"""GET /api/v1/risk and the staff risk page."""

from __future__ import annotations

import pytest
from django.test import Client

from fanzha.accounts.models import ApiKey
from fanzha.indicators.sightings import record_sighting
from fanzha.indicators.transitions import move

pytestmark = pytest.mark.django_db


def _banned_wechat():
    indicator = record_sighting("wechat", "boss_li88", "alert", "alert:1")
    for target in ("verified", "submitted"):
        indicator = move(indicator, target)
    record_sighting("wechat", "BOSS_LI88", "case", "case:9")
    return move(indicator, "banned", ban_term="permanent")


def test_it_answers_the_risk_of_a_normalised_value_with_an_api_key(world):
    _banned_wechat()
    _, key = ApiKey.issue("portal", "risk:read")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    response = client.get("/api/v1/risk", {"kind": "wechat", "value": " Boss_Li88 "})
    assert response.status_code == 200
    body = response.json()
    assert body["value"] == "boss_li88"
    assert body["level"] == "banned"
    assert body["sightings"] == 2
    assert body["last_seen"] is not None


def test_it_answers_unknown_and_reported(world):
    record_sighting("qq", "88886666", "resident_report", "report:1")
    _, key = ApiKey.issue("portal", "risk:read")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    assert (
        client.get("/api/v1/risk", {"kind": "qq", "value": "8888 6666"}).json()["level"]
        == "reported"
    )
    unknown = client.get("/api/v1/risk", {"kind": "qq", "value": "12121212"}).json()
    assert (unknown["level"], unknown["sightings"], unknown["last_seen"]) == ("unknown", 0, None)


def test_a_page_on_a_banned_domain_is_banned(world):
    indicator = record_sighting("url", "https://fake-bank.cn", "staff")
    for target in ("verified", "submitted"):
        indicator = move(indicator, target)
    move(indicator, "banned", ban_term="permanent")
    _, key = ApiKey.issue("portal", "risk:read")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    body = client.get("/api/v1/risk", {"kind": "url", "value": "fake-bank.cn/login"}).json()
    assert body["level"] == "banned"


def test_it_gives_structured_errors(world):
    _, key = ApiKey.issue("portal", "risk:read")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
    bad = client.get("/api/v1/risk", {"kind": "phone", "value": "12"})
    assert bad.status_code == 422
    assert bad.json()["error"] == "validation_error"
    assert bad.json()["detail"][0]["loc"] == ["query", "value"]
    assert client.get("/api/v1/risk", {"kind": "fax", "value": "1"}).status_code == 422
    _, other = ApiKey.issue("alerts", "alerts:ingest")
    forbidden = Client(HTTP_AUTHORIZATION=f"Bearer {other}").get(
        "/api/v1/risk", {"kind": "qq", "value": "12345678"}
    )
    assert forbidden.status_code == 403
    assert Client().get("/api/v1/risk", {"kind": "qq", "value": "12345678"}).status_code == 401


def test_the_staff_page_answers_too(world, client_for):
    _banned_wechat()
    client = client_for(world.user("west_worker"))
    page = client.get("/indicators/risk/", {"kind": "wechat", "value": "boss_li88"})
    assert page.status_code == 200
    assert 'data-level="banned"' in page.content.decode()
    bad = client.get("/indicators/risk/", {"kind": "phone", "value": "12"}).content.decode()
    assert 'id="risk-answer"' not in bad
    assert 'class="error"' in bad


def test_many_values_are_answered_in_one_query(world, django_assert_num_queries):
    from fanzha.indicators.lookup import risk, risk_many

    _banned_wechat()
    record_sighting("qq", "55556666", "alert", "alert:5")
    pairs = [("wechat", "BOSS_LI88"), ("qq", "5555 6666"), ("phone", "13700009999")]
    with django_assert_num_queries(1):
        answers = risk_many(pairs)
    assert [a.level for a in answers] == ["banned", "reported", "unknown"]
    assert answers == [risk(kind, value) for kind, value in pairs]
