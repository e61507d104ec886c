"""``POST /api/v1/detect`` and the verdict partial template."""

from __future__ import annotations

import json

from django.template.loader import render_to_string
from django.utils import translation

from fanzha.detect import check
from fanzha.detect.api import MAX_INPUT_CHARS


def _post(client, payload):
    return client.post("/api/v1/detect", data=json.dumps(payload), content_type="application/json")


def test_it_returns_a_verdict_for_a_message(world, client_for):
    client = client_for(world.user("east_officer"))
    response = _post(client, {"text": "请把资金转入安全账户配合调查"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["is_fraud"] is True and body["label"] == "MCGJF"
    assert body["cues"][0]["rule_id"] == "safe_account"
    assert body["explanation"] and body["advice"]


def test_it_refuses_empty_blank_and_oversized_text(world, client_for):
    client = client_for(world.user("east_officer"))
    assert _post(client, {"text": ""}).status_code == 422
    assert _post(client, {"text": "   "}).status_code == 422
    assert _post(client, {}).status_code == 422
    assert _post(client, {"text": "好" * (MAX_INPUT_CHARS + 1)}).status_code == 422


def test_the_partial_highlights_cues_in_chinese():
    verdict = check("我是王总，明天到我办公室来一趟")
    with translation.override("zh-hans"):
        html = render_to_string("detect/_verdict.html", {"verdict": verdict})
    assert "疑似诈骗" in html and "冒充领导、熟人" in html
    assert "<mark" in html and "建议" in html
