"""A 422's items say in Chinese what is wrong and where, keep pydantic's code for programs, and
never echo the submitted value (fanzha.core.api_errors)."""

from __future__ import annotations

from django.test import Client

from fanzha.accounts.models import ApiKey
from fanzha.core.api_errors import clean_errors


def test_pydantic_words_become_chinese_with_their_limits():
    items = clean_errors(
        [
            {"type": "missing", "loc": ("body", "payload", "level"), "msg": "Field required"},
            {
                "type": "string_too_long",
                "loc": ("body", "payload", "note"),
                "msg": "String should have at most 200 characters",
                "ctx": {"max_length": 200},
                "input": "x" * 300,
            },
        ]
    )
    assert items == [
        {"type": "missing", "loc": ["body", "payload", "level"], "msg": "此项必填。"},
        {"type": "string_too_long", "loc": ["body", "payload", "note"], "msg": "最多 200 个字符。"},
    ]


def test_our_validators_keep_their_words_without_pydantics_prefix():
    [item] = clean_errors(
        [
            {
                "type": "value_error",
                "loc": ("query", "value"),
                "msg": "Value error, 号码格式不正确",
                "ctx": {"error": ValueError("号码格式不正确")},
            }
        ]
    )
    assert item["msg"] == "号码格式不正确"


def test_an_unknown_kind_keeps_pydantics_message():
    [item] = clean_errors([{"type": "new_kind", "loc": ("body",), "msg": "Something new"}])
    assert item["msg"] == "Something new"


def test_the_api_answers_in_chinese_and_does_not_echo_the_value(db):
    _, key = ApiKey.issue("portal", "risk:read")
    bad = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get("/api/v1/risk", {"kind": "phone"})
    assert bad.status_code == 422
    [item] = bad.json()["detail"]
    assert item == {"type": "missing", "loc": ["query", "value"], "msg": "此项必填。"}
    refused = Client(HTTP_AUTHORIZATION=f"Bearer {key}").get(
        "/api/v1/risk", {"kind": "faxmachine", "value": "1"}
    )
    assert refused.status_code == 422
    [item] = refused.json()["detail"]
    assert set(item) == {"type", "loc", "msg"} and item["msg"].startswith("请从以下取值中选择")
    assert " or " not in item["msg"]
    assert "faxmachine" not in refused.content.decode()


def test_a_record_outside_ones_area_is_a_structured_chinese_404(world, client_for):
    west = world.residents["west"][0]
    response = client_for(world.user("east_liaison")).get(f"/api/v1/people/residents/{west.pk}")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "没有此记录，或不在您的辖区内。"}
