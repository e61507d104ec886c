"""One's own account page keeps the duty phone on the account (sealed, shown masked), forgets
it when emptied, refuses read-only roles, and the old duty-phone address lands there."""

from __future__ import annotations

import pytest

from fanzha.accounts.models import User
from fanzha.lib import crypto
from fanzha.lib.sealed import phone_index

pytestmark = pytest.mark.django_db

URL = "/accounts/me/"


def test_a_duty_phone_is_kept_sealed_and_can_be_removed(world, client_for):
    worker = world.user("east_worker")
    client = client_for(worker)
    assert client.get(URL).status_code == 200
    bad = client.post(URL, {"phone": "12345"})
    assert bad.status_code == 400
    # The error says what is wrong without repeating the number (only the form field keeps it).
    errors = bad.content.decode().split('class="errorlist"')[1].split("</ul>")[0]
    assert "大陆手机号" in errors and "12345" not in errors
    assert not User.objects.exclude(duty_phone_cipher="").exists()
    assert client.post(URL, {"phone": "137 0013 7002"}).status_code == 302
    page = client.get(URL).content.decode()
    assert "137****7002" in page and "13700137002" not in page
    worker.refresh_from_db()
    assert "13700137002" not in worker.duty_phone_cipher
    assert crypto.decrypt(worker.duty_phone_cipher) == "13700137002"
    assert worker.duty_phone_index == phone_index("13700137002")
    assert worker.duty_phone_mask == "137****7002"
    assert client.post(URL, {"phone": ""}).status_code == 302
    worker.refresh_from_db()
    assert (worker.duty_phone_cipher, worker.duty_phone_index, worker.duty_phone_mask) == (
        "",
        "",
        "",
    )
    assert "137****7002" not in client.get(URL).content.decode()


def test_the_leader_sees_the_page_but_keeps_no_duty_phone(world, client_for):
    client = client_for(world.user("leader"))
    page = client.get(URL)
    assert page.status_code == 200 and 'id="duty-phone-form"' not in page.content.decode()
    assert client.post(URL, {"phone": "13700137003"}).status_code == 403
    assert not User.objects.exclude(duty_phone_cipher="").exists()


def test_the_old_duty_phone_address_redirects_to_the_account(world, client_for):
    response = client_for(world.user("east_worker")).get("/alerts/duty-phone/")
    assert response.status_code == 302 and response["Location"] == URL


def test_the_page_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_duty_phone_changes_are_in_the_change_log_with_masks_only(world, client_for):
    from fanzha.audit.models import ChangeRecord

    worker = world.user("east_worker")
    client = client_for(worker)
    assert client.post(URL, {"phone": "13700137002"}).status_code == 302
    assert client.post(URL, {"phone": "13700137002"}).status_code == 302  # unchanged: no record
    assert client.post(URL, {"phone": "13711117002"}).status_code == 302  # same mask
    assert client.post(URL, {"phone": ""}).status_code == 302
    records = ChangeRecord.objects.filter(model="accounts.user", object_id=str(worker.pk))
    changes = [(r.before, r.after, r.user_id) for r in records.order_by("pk")]
    assert changes == [
        ({"duty_phone": "—"}, {"duty_phone": "137****7002"}, worker.pk),
        ({"duty_phone": "137****7002"}, {"duty_phone": "137****7002（另一号码）"}, worker.pk),
        ({"duty_phone": "137****7002"}, {"duty_phone": "—"}, worker.pk),
    ]
    logged = str(changes)
    assert "13700137002" not in logged and "13711117002" not in logged
