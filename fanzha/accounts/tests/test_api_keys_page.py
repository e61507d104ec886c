"""The administrator issues an upstream system's ingest key on a page (shown once, only its
hash stored), sees when it was last used and revokes it; the revoked key is refused at once;
nobody else reaches the page."""

from __future__ import annotations

import hashlib
import re

import pytest

from fanzha.accounts.models import ApiKey
from fanzha.audit.models import ChangeRecord

pytestmark = pytest.mark.django_db


def _alert(ref: str) -> dict:
    from fanzha.alerts.tests.helpers import item

    return item("13700137001", source="provincial", source_ref=ref)


def test_a_key_is_issued_once_used_and_revoked(world, client_for, client):
    admin = client_for(world.user("admin"))
    form = {"name": "省反诈中心预警推送", "source": "provincial"}
    issued = admin.post("/accounts/api-keys/", form)
    assert issued.status_code == 302 and issued["Location"] == "/accounts/api-keys/"
    page = admin.get("/accounts/api-keys/")
    assert page.status_code == 200 and page["Cache-Control"] == "no-store"
    plaintext = re.search(r"<code>(fz_[^<]+)</code>", page.content.decode()).group(1)
    key = ApiKey.objects.get()
    assert key.key_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert (key.source, key.scope_list, key.created_by) == (
        "provincial",
        ["alerts:ingest"],
        world.user("admin"),
    )
    listing = admin.get("/accounts/api-keys/").content.decode()
    assert plaintext not in listing  # shown once
    row = listing.split('id="api-key-list"')[1].split(f"<code>{key.prefix}</code>")[1]
    row = row.split("</tr>")[0]
    assert "省级推送" in row and "provincial" not in row  # the source's name, not its code
    record = ChangeRecord.objects.get(model="accounts.apikey", action="create")
    assert plaintext not in str(record.after) and key.key_hash not in str(record.after)

    auth = {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}
    accepted = client.post("/api/v1/alerts", _alert("p-1"), content_type="application/json", **auth)
    assert accepted.status_code in (200, 201), accepted.content
    key.refresh_from_db()
    assert key.last_used_at is not None

    assert admin.post(f"/accounts/api-keys/{key.pk}/revoke/").status_code == 302
    key.refresh_from_db()
    assert key.revoked_at is not None
    refused = client.post("/api/v1/alerts", _alert("p-2"), content_type="application/json", **auth)
    assert refused.status_code == 401
    assert ChangeRecord.objects.filter(model="accounts.apikey", action="update").count() == 1
    assert admin.post(f"/accounts/api-keys/{key.pk}/revoke/").status_code == 302  # no-op
    assert ChangeRecord.objects.filter(model="accounts.apikey", action="update").count() == 1


def test_reloading_the_page_after_issuing_issues_no_second_key(world, client_for):
    """The browser reloads the page it was redirected to (a GET), never the POST."""
    admin = client_for(world.user("admin"))
    page = admin.post(
        "/accounts/api-keys/", {"name": "银行资金预警", "source": "bank"}, follow=True
    )
    assert page.redirect_chain == [("/accounts/api-keys/", 302)]
    plaintext = re.search(r"<code>(fz_[^<]+)</code>", page.content.decode()).group(1)
    again = admin.get("/accounts/api-keys/")
    assert plaintext not in again.content.decode()
    assert ApiKey.objects.count() == 1
    assert plaintext not in str(dict(admin.session))  # not kept in the session either


def test_a_key_needs_a_name_and_a_known_source(world, client_for):
    admin = client_for(world.user("admin"))
    response = admin.post("/accounts/api-keys/", {"name": "", "source": "martian"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "此项必填" in page and "选择一个有效的选项" in page
    assert not ApiKey.objects.exists()


@pytest.mark.parametrize("role", ["leader", "east_liaison", "east_worker", "east_officer"])
def test_only_the_administrator_keeps_keys(world, client_for, role):
    key, _plain = ApiKey.issue("bank", "alerts:ingest", source="bank")
    client = client_for(world.user(role))
    assert client.get("/accounts/api-keys/").status_code == 403
    assert client.post("/accounts/api-keys/", {"name": "x", "source": "bank"}).status_code == 403
    assert client.post(f"/accounts/api-keys/{key.pk}/revoke/").status_code == 403
    key.refresh_from_db()
    assert key.revoked_at is None and ApiKey.objects.count() == 1
