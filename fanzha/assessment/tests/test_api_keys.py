"""API keys: stateless scoring needs the ``assessment:score`` scope; stored scores are for
staff sessions only."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from fanzha.accounts.models import ApiKey
from fanzha.assessment.models import Period

pytestmark = pytest.mark.django_db

DOC = {
    "period": "2021",
    "units": [
        {
            "code": "a",
            "name": "A",
            "category": "sector",
            "cases_last": 0,
            "cases_this": 2,
            "card_publicity_in_six_into": False,
            "card_prominent_problem": False,
            "manual": {"system": 10, "publicity": 30, "card_other": 5},
        }
    ],
}


def post(key: str) -> Any:
    return Client().post(
        "/api/v1/assessment/score",
        json.dumps(DOC),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )


def test_a_key_with_the_scope_scores_a_document(world: Any) -> None:
    _, key = ApiKey.issue("checker", "assessment:score", "test")
    response = post(key)
    assert response.status_code == 200
    [unit] = response.json()["units"]
    # Cases where there were none last year: 0 for the year-on-year item.
    assert unit["cases_yoy"] == 0.0 and unit["total"] == 48.0


def test_a_key_without_the_scope_is_refused(world: Any) -> None:
    _, key = ApiKey.issue("other", "alerts:ingest", "test")
    assert post(key).status_code == 403


def test_a_key_cannot_read_stored_scores(period: Period, world: Any) -> None:
    _, key = ApiKey.issue("checker", "assessment:score", "test")
    response = Client().get(
        f"/api/v1/assessment/periods/{period.pk}/scores", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 403
    assert Client().get("/api/v1/assessment/periods").status_code == 401
