"""A district edits its own scheme; only the administrator creates, edits and closes."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from fanzha.assessment import periods
from fanzha.assessment.models import Period, Scheme, SchemeItem, UnitAssessment

pytestmark = pytest.mark.django_db


def test_the_administrator_adds_a_manual_item_that_is_then_scored(
    period: Period, world: Any, client_for: Any
) -> None:
    admin = client_for(world.user("admin"))
    response = admin.post(
        f"/assessment/schemes/{period.scheme.pk}/items/add/",
        {
            "code": "training",
            "label": "反诈培训",
            "part": "system_building",
            "rule": "manual",
            "max_points": "4",
            "order": "9",
        },
    )
    assert response.status_code == 302
    item = SchemeItem.objects.get(scheme=period.scheme, code="training")
    assert item.max_points == Decimal(4)
    periods.rescore(period)
    row = UnitAssessment.objects.get(period=period, unit__code="east-office")
    assert "training" in row.pending
    assert period.scheme.max_total == Decimal(104)


def test_a_computed_rule_cannot_be_added_twice(period: Period, world: Any, client_for: Any) -> None:
    response = client_for(world.user("admin")).post(
        f"/assessment/schemes/{period.scheme.pk}/items/add/",
        {
            "code": "yoy2",
            "label": "同比2",
            "part": "cases_yoy",
            "rule": "cases_yoy",
            "max_points": "50",
            "order": "9",
        },
    )
    assert response.status_code == 200  # the form again, with the error
    assert not SchemeItem.objects.filter(code="yoy2").exists()


def test_the_stable_score_cannot_exceed_the_year_on_year_maximum(
    period: Period, world: Any, client_for: Any
) -> None:
    scheme = period.scheme
    response = client_for(world.user("admin")).post(
        f"/assessment/schemes/{scheme.pk}/edit/",
        {
            "name": scheme.name,
            "is_active": "on",
            "yoy_stable_points": "55",
            "yoy_points_per_percent": "1",
            "yoy_zero_at_percent": "20",
            "yoy_stable_band_percent": "0",
        },
    )
    assert response.status_code == 200
    scheme.refresh_from_db()
    assert scheme.yoy_stable_points == Decimal(45)


def test_a_liaison_may_not_edit_the_scheme_or_create_periods(
    period: Period, world: Any, client_for: Any
) -> None:
    client = client_for(world.user("east_liaison"))
    assert client.get(f"/assessment/schemes/{period.scheme.pk}/").status_code == 200
    assert client.get(f"/assessment/schemes/{period.scheme.pk}/edit/").status_code == 403
    assert client.get("/assessment/periods/add/").status_code == 403
    item = period.scheme.items.first()
    assert client.post(f"/assessment/items/{item.pk}/edit/", {}).status_code == 403


def test_the_administrator_creates_and_closes_a_period(world: Any, client_for: Any) -> None:
    admin = client_for(world.user("admin"))
    scheme = Scheme.default()
    response = admin.post(
        "/assessment/periods/add/", {"year": "2021", "quarter": "2", "scheme": scheme.pk}
    )
    assert response.status_code == 302
    period = Period.objects.get(year=2021, quarter=2)
    admin.post(f"/assessment/periods/{period.pk}/collect/")
    assert UnitAssessment.objects.filter(period=period).count() == 8
    admin.post(f"/assessment/periods/{period.pk}/close/")
    period.refresh_from_db()
    assert period.status == "closed"
    row = UnitAssessment.objects.filter(period=period).first()
    admin.post(
        f"/assessment/scores/{row.pk}/manual/system/",
        {
            "m-system-item_code": "system",
            "m-system-points": "5",
            "m-system-evidence": "e",
            "m-system-reason": "r",
        },
    )
    assert not row.manual_scores.exists()  # a closed period takes no more scores


def test_a_second_period_for_the_same_quarter_is_refused(world: Any, client_for: Any) -> None:
    admin = client_for(world.user("admin"))
    scheme = Scheme.default()
    Period.objects.create(scheme=scheme, year=2021, quarter=2)
    response = admin.post(
        "/assessment/periods/add/", {"year": "2021", "quarter": "2", "scheme": scheme.pk}
    )
    assert response.status_code == 200
    assert Period.objects.filter(year=2021, quarter=2).count() == 1
