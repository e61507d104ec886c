"""Taking in alerts over the API: one, a batch, idempotency, validation, size limits, keys."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from fanzha.alerts.choices import MatchedVia, Tier
from fanzha.alerts.models import Alert, Task
from fanzha.alerts.tests.helpers import ingest_key, item, post_json
from fanzha.notifications.models import Notification

pytestmark = pytest.mark.django_db

URL = "/api/v1/alerts"


def test_it_creates_an_alert_a_task_and_a_warning(world):
    key = ingest_key()
    response = post_json(Client(), URL, item(world.phones["east"][0]), key)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "created"
    alert = Alert.objects.get(pk=body["id"])
    assert alert.target_phone_mask == "138****8000"
    assert alert.fraud_type == "MCGJF"
    assert alert.reveal("phone") == world.phones["east"][0]
    assert json.loads(alert.reveal("payload"))["source_ref"] == alert.source_ref
    task = Task.objects.get(pk=body["task_id"])
    assert task.alert_id == alert.pk
    assert task.resident == world.residents["east"][0]
    assert task.matched_via == MatchedVia.RESIDENT
    assert task.grid == world.grids["east"]
    assert task.assignee == world.user("east_worker")
    assert task.tier == Tier.GRID
    assert round((task.due_at - alert.created_at).total_seconds()) == 10 * 60
    warning = Notification.objects.get(dedup_key=f"alert-warning:{alert.pk}")
    assert warning.to_index == alert.target_phone_index
    assert warning.status == "pending"
    assert "96110" in warning.text
    assert warning.key.version == 7  # time-ordered, from SQL (PostgreSQL) or the model default


def test_it_returns_the_existing_alert_when_sent_again(world):
    key = ingest_key()
    payload = item(world.phones["east"][0])
    first = post_json(Client(), URL, payload, key)
    second = post_json(Client(), URL, payload, key)
    assert first.status_code == 201
    assert second.status_code == 200
    assert second.json() == {**first.json(), "status": "duplicate"}
    assert Alert.objects.count() == 1
    assert Task.objects.count() == 1
    assert Notification.objects.count() == 1


def test_it_rejects_an_unknown_level_with_422_and_the_reason(world):
    response = post_json(Client(), URL, item(world.phones["east"][0], level="urgent"), ingest_key())
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation_error"
    assert body["detail"][0]["field"] == "level"
    assert "urgent" in body["detail"][0]["reason"]
    assert Alert.objects.count() == 0


def test_it_rejects_an_unknown_fraud_type_with_422(world):
    response = post_json(
        Client(), URL, item(world.phones["east"][0], fraud_type="ABC"), ingest_key()
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["field"] == "fraud_type"
    assert Task.objects.count() == 0


def test_it_accepts_chinese_level_names_and_plus86(world):
    response = post_json(Client(), URL, item("+86 139-0013-9000", level="低"), ingest_key())
    assert response.status_code == 201
    task = Task.objects.get()
    assert task.level == "low"
    assert task.grid == world.grids["west"]


def test_a_batch_stores_the_good_items_and_reports_each_bad_one(world):
    items = [
        item(world.phones["east"][0]),
        item("12345", level="high"),
        item(world.phones["west"][1], level="medium"),
        {"source_ref": "x", "level": "high"},
        item(world.phones["east"][0], source_ref="dup-in-batch"),
        item(world.phones["east"][1], source_ref="dup-in-batch"),
    ]
    response = post_json(Client(), f"{URL}/batch", {"items": items}, ingest_key())
    assert response.status_code == 200
    body = response.json()
    assert (body["created"], body["duplicates"], body["rejected"]) == (3, 1, 2)
    results = body["results"]
    assert [r["status"] for r in results] == [
        "created",
        "rejected",
        "created",
        "rejected",
        "created",
        "duplicate",
    ]
    assert results[1]["errors"][0] == {
        "index": 1,
        "field": "target_phone",
        "reason": results[1]["errors"][0]["reason"],
    }
    assert {e["field"] for e in results[3]["errors"]} == {"source", "target_phone"}
    assert results[5]["id"] == results[4]["id"]
    assert Alert.objects.count() == 3
    assert Task.objects.count() == 3
    assert Notification.objects.filter(purpose="alert_warning").count() == 3


def test_a_batch_over_the_item_limit_gets_413(world, settings):
    settings.FANZHA_ALERT_BATCH_MAX_ITEMS = 3
    items = [item(world.phones["east"][0]) for _ in range(4)]
    response = post_json(Client(), f"{URL}/batch", {"items": items}, ingest_key())
    assert response.status_code == 413
    assert response.json()["error"] == "http_error"
    assert Alert.objects.count() == 0


def test_a_body_over_the_size_limit_gets_413(world, settings):
    settings.FANZHA_ALERT_MAX_BODY_BYTES = 2048
    items = [item(world.phones["east"][0]) for _ in range(40)]
    response = post_json(Client(), f"{URL}/batch", {"items": items}, ingest_key())
    assert response.status_code == 413
    assert Alert.objects.count() == 0


def test_it_requires_a_key_or_a_session(world):
    response = post_json(Client(), URL, item(world.phones["east"][0]))
    assert response.status_code == 401
    assert Alert.objects.count() == 0


def test_a_revoked_key_is_refused(world):
    from django.utils import timezone

    from fanzha.accounts.models import ApiKey

    key = ingest_key()
    ApiKey.objects.update(revoked_at=timezone.now())
    response = post_json(Client(), URL, item(world.phones["east"][0]), key)
    assert response.status_code == 401


def test_a_key_without_the_ingest_scope_is_refused(world):
    from fanzha.accounts.models import ApiKey

    _, key = ApiKey.issue("risk only", "risk:read")
    response = post_json(Client(), URL, item(world.phones["east"][0]), key)
    assert response.status_code == 403
    assert Alert.objects.count() == 0


def test_a_key_bound_to_a_source_cannot_pose_as_another(world):
    key = ingest_key(source="bank")
    refused = post_json(Client(), URL, item(world.phones["east"][0], source="national"), key)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["field"] == "source"
    payload = item(world.phones["east"][0])
    del payload["source"]
    accepted = post_json(Client(), URL, payload, key)
    assert accepted.status_code == 201
    assert Alert.objects.get().source == "bank"


def test_an_ingest_key_cannot_read_alerts(world):
    key = ingest_key()
    post_json(Client(), URL, item(world.phones["east"][0]), key)
    response = Client().get(URL, HTTP_AUTHORIZATION=f"Bearer {key}")
    assert response.status_code == 403


def test_invalid_json_is_a_422(world):
    response = Client().post(
        URL,
        data="{nope",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {ingest_key()}",
    )
    assert response.status_code == 422


def test_a_leader_cannot_enter_alerts(world, client_for):
    client = client_for(world.user("leader"))
    response = post_json(client, URL, item(world.phones["east"][0]))
    assert response.status_code in (403, 401)
    assert Alert.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_batches_resent_at_once_in_crossed_order_store_each_alert_once(world):
    # Two upstream requests carry the same new alerts, one forwards and one backwards: on
    # PostgreSQL they can deadlock, and the batch rolled back is stored again, not a 500.
    import threading

    from django.db import connection, connections

    if connection.vendor != "postgresql":
        pytest.skip("two writers at once: PostgreSQL")
    key = ingest_key()
    phone = world.phones["east"][0]
    statuses: list[int] = []
    for round_ in range(4):
        items = [item(phone, source_ref=f"r{round_}-{i}") for i in range(200)]
        barrier = threading.Barrier(2)

        def send(batch: list[dict], barrier: threading.Barrier) -> None:
            barrier.wait()
            try:
                response = post_json(Client(), f"{URL}/batch", {"items": batch}, key)
                statuses.append(response.status_code)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(target=send, args=(items, barrier)),
            threading.Thread(target=send, args=(items[::-1], barrier)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert statuses == [200] * 8
    assert Alert.objects.count() == Task.objects.count() == 800
    assert Notification.objects.count() == 800
