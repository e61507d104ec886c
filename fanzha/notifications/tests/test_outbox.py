"""The outbox: enqueue inside a transaction, send through a gateway, retry with backoff, and
never hand one message to two workers or to the person twice."""

from __future__ import annotations

import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction
from django.utils import timezone

from fanzha.notifications import outbox
from fanzha.notifications.choices import Status
from fanzha.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def file_backend(settings, tmp_path):
    settings.FANZHA_SMS_BACKEND = "file"
    settings.FANZHA_SMS_FILE_DIR = str(tmp_path / "sms")
    return tmp_path / "sms"


def test_it_queues_a_templated_sms_with_the_number_sealed():
    note = outbox.enqueue("sms", "13800138000", "verification_code", context={"code": "4821"})
    assert note.to_mask == "138****8000"
    assert "13800138000" not in note.to_cipher
    assert "4821" in note.text
    assert note.status == Status.PENDING


def test_a_dedup_key_makes_enqueue_idempotent():
    a = outbox.enqueue("sms", "13800138000", text="hi", dedup_key="k1")
    b = outbox.enqueue("sms", "13800138000", text="hi again", dedup_key="k1")
    assert a.pk == b.pk
    assert Notification.objects.count() == 1


def test_a_rolled_back_transaction_leaves_no_message():
    with pytest.raises(RuntimeError), transaction.atomic():
        outbox.enqueue("sms", "13800138000", text="x")
        raise RuntimeError
    assert Notification.objects.count() == 0


def test_a_bad_number_is_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        outbox.enqueue("sms", "12345", text="x")


def test_the_file_gateway_delivers_each_message_once(file_backend):
    note = outbox.enqueue("sms", "13800138000", text="警惕诈骗")
    assert outbox.send_due() == 1
    assert outbox.send_due() == 0
    note.refresh_from_db()
    assert note.status == Status.SENT and note.attempts == 1
    files = list(file_backend.glob("*.json"))
    assert len(files) == 1
    assert json.loads(files[0].read_text()) == {
        "key": str(note.key),
        "to": "13800138000",
        "text": "警惕诈骗",
    }


def test_a_message_whose_worker_died_mid_send_is_resent_under_the_same_key(file_backend):
    note = outbox.enqueue("sms", "13800138000", text="x")
    _token, rows = outbox.claim()
    assert [r.pk for r in rows] == [note.pk]
    # The first worker delivered, then died before marking the row sent.
    from fanzha.notifications.gateways import FileGateway, OutgoingSms

    FileGateway(file_backend).send(OutgoingSms(str(note.key), "13800138000", "x"))
    assert outbox.send_due() == 0  # the lease still holds
    Notification.objects.filter(pk=note.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert outbox.send_due() == 1
    note.refresh_from_db()
    assert note.status == Status.SENT
    assert len(list(file_backend.glob("*.json"))) == 1


def test_two_workers_never_claim_the_same_row():
    for i in range(5):
        outbox.enqueue("sms", f"1380013800{i}", text="x")
    _, first = outbox.claim()
    _, second = outbox.claim()
    assert len(first) == 5
    assert second == []


class _Gateway(BaseHTTPRequestHandler):
    replies: list[int] = []
    seen: list[tuple[str, dict]] = []

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append((self.headers["Idempotency-Key"], body))
        status = type(self).replies.pop(0) if type(self).replies else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": f"gw-{len(type(self).seen)}"}).encode())

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def gateway(settings):
    _Gateway.replies, _Gateway.seen = [], []
    server = HTTPServer(("127.0.0.1", 0), _Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.FANZHA_SMS_BACKEND = "http"
    settings.FANZHA_SMS_HTTP_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.FANZHA_SMS_HTTP_TOKEN = "t"
    yield _Gateway
    server.shutdown()


def test_the_http_gateway_retries_with_backoff_then_delivers(gateway, settings):
    settings.FANZHA_OUTBOX_BACKOFF_SECONDS = 30
    gateway.replies = [503, 503]
    note = outbox.enqueue("sms", "13800138000", text="x")
    assert outbox.send_due() == 0
    note.refresh_from_db()
    assert (note.status, note.attempts, note.last_error) == (Status.PENDING, 1, "HTTP 503")
    first_wait = note.next_attempt_at - timezone.now()
    assert timedelta(seconds=25) < first_wait <= timedelta(seconds=30)
    assert outbox.send_due() == 0  # not due yet
    Notification.objects.update(next_attempt_at=timezone.now())
    assert outbox.send_due() == 0
    note.refresh_from_db()
    second_wait = note.next_attempt_at - timezone.now()
    assert timedelta(seconds=55) < second_wait <= timedelta(seconds=60)
    Notification.objects.update(next_attempt_at=timezone.now())
    assert outbox.send_due() == 1
    note.refresh_from_db()
    assert (note.status, note.attempts, note.provider_ref) == (Status.SENT, 3, "gw-3")
    assert {key for key, _ in gateway.seen} == {str(note.key)}
    assert gateway.seen[0][1] == {"key": str(note.key), "to": "13800138000", "text": "x"}


def test_a_permanent_gateway_refusal_fails_the_message(gateway):
    gateway.replies = [400]
    note = outbox.enqueue("sms", "13800138000", text="x")
    outbox.send_due()
    note.refresh_from_db()
    assert note.status == Status.FAILED
    assert outbox.retry_failed([note.pk]) == 1


def test_inbox_notes_are_delivered_by_the_worker(world, client_for):
    user = world.user("east_worker")
    outbox.enqueue(
        "inbox",
        template="task_assigned",
        context={"task": 7},
        to_user=user,
        link="/alerts/tasks/7/",
    )
    assert outbox.send_due() == 1
    html = client_for(user).get("/notifications/inbox/").content.decode()
    assert "/alerts/tasks/7/" in html
    other = client_for(world.user("west_worker")).get("/notifications/inbox/").content.decode()
    assert "/alerts/tasks/7/" not in other
