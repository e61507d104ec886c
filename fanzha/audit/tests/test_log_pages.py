"""The audit pages and API: keyset pages that never count, filters on indexed ranges, admin
only, and their own retention period."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fanzha.audit.models import AccessRecord, ChangeRecord
from fanzha.audit.paging import Cursor, keyset_page
from fanzha.core import retention


def make_log(world, count=23):
    """``count`` access records a minute apart, newest last; two share one timestamp. They
    start at local noon two days ago, so that all of them fall on one local date whatever the
    time of day the suite runs (from "now", a run near midnight spread them over two)."""
    start = timezone.make_aware(
        datetime.combine(timezone.localdate() - timedelta(days=2), time(12))
    )
    rows = [
        AccessRecord(
            user=world.user("admin") if i % 2 else world.user("east_officer"),
            kind="reveal" if i % 3 else "export",
            model="people.resident",
            object_id=str(i % 5),
            subject=f"张三{i}",
            reason=f"r{i}",
        )
        for i in range(count)
    ]
    AccessRecord.objects.bulk_create(rows)
    for i, row in enumerate(AccessRecord.objects.order_by("pk")):
        AccessRecord.objects.filter(pk=row.pk).update(time=start + timedelta(minutes=min(i, 20)))
    return list(AccessRecord.objects.order_by("-time", "-pk"))


def walk(qs, size, direction="older"):
    seen, token, pages = [], None, 0
    while True:
        page = keyset_page(qs, size, **{direction: token})
        seen += page.rows
        pages += 1
        token = getattr(page, direction)
        if token is None or pages > 50:
            return seen, pages


@pytest.mark.django_db
def test_walking_older_pages_visits_every_row_once_in_order(world):
    expected = make_log(world)
    seen, pages = walk(AccessRecord.objects.all(), 5)
    assert seen == expected
    assert pages == 5


@pytest.mark.django_db
def test_newer_pages_lead_back_to_the_first_page(world):
    expected = make_log(world)
    qs = AccessRecord.objects.all()
    third = keyset_page(qs, 5, older=keyset_page(qs, 5, older=keyset_page(qs, 5).older).older)
    assert third.rows == expected[10:15]
    second = keyset_page(qs, 5, newer=third.newer)
    assert second.rows == expected[5:10]
    first = keyset_page(qs, 5, newer=second.newer)
    assert first.rows == expected[:5] and first.newer is None


@pytest.mark.parametrize("token", ["", "x", "1.", ".1", "-5.3", "1.0", "9" * 30 + ".1", "1e5.2"])
def test_malformed_cursors_mean_the_first_page(token):
    assert Cursor.parse(token) is None


@pytest.mark.django_db
def test_the_page_runs_no_count_and_no_offset(world, client_for):
    make_log(world)
    client = client_for(world.user("admin"))
    older = keyset_page(AccessRecord.objects.all(), 5).older
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/audit/access/?per_page=5&older={older}&kind=reveal")
    assert response.status_code == 200
    sql = " ".join(q["sql"].upper() for q in queries.captured_queries)
    assert "COUNT(" not in sql and "OFFSET" not in sql
    body = response.content.decode()
    assert "newer=" in body and "older=" in body


@pytest.mark.django_db
def test_the_page_filters_by_user_object_kind_and_dates(world, client_for):
    rows = make_log(world)
    client = client_for(world.user("admin"))
    day = timezone.localtime(rows[0].time).date()

    def reasons(query):
        response = client.get(f"/audit/access/?per_page=100&{query}")
        assert response.status_code == 200
        return {r.reason for r in response.context["object_list"]}

    assert reasons("user=east_officer") == {r.reason for r in rows if r.user.username != "admin"}
    assert reasons("model=people.resident&object_id=3") == {
        r.reason for r in rows if r.object_id == "3"
    }
    assert reasons("kind=export") == {r.reason for r in rows if r.kind == "export"}
    assert reasons("subject=张三1") == {r.reason for r in rows if r.subject.startswith("张三1")}
    assert reasons(f"since={day}&until={day}") == {
        r.reason for r in rows if timezone.localtime(r.time).date() == day
    }
    assert reasons(f"until={day - timedelta(days=1)}") == set()
    assert reasons("user=nobody") == set()


@pytest.mark.django_db
def test_the_change_log_pages_too(world, client_for):
    resident = world.residents["east"][0]
    for i in range(7):
        resident.name = f"改名{i}"
        resident.save()
    client = client_for(world.user("admin"))
    url = f"/audit/changes/?per_page=3&model=people.resident&object_id={resident.pk}"
    first = client.get(url)
    assert first.status_code == 200
    names = [r.after.get("name") for r in first.context["object_list"]]
    assert names == ["改名6", "改名5", "改名4"]
    second = client.get(f"{url}&older={first.context['page'].older}")
    assert [r.after.get("name") for r in second.context["object_list"]] == [
        "改名3",
        "改名2",
        "改名1",
    ]


@pytest.mark.django_db
def test_the_api_pages_with_cursors_for_the_administrator_only(world, client_for):
    expected = make_log(world)
    admin = client_for(world.user("admin"))
    seen, url = [], "/api/v1/audit/access?limit=10"
    while True:
        body = admin.get(url).json()
        seen += [row["id"] for row in body["results"]]
        if body["next"] is None:
            break
        url = f"/api/v1/audit/access?limit=10&after={body['next']}"
    assert seen == [r.pk for r in expected]
    first = admin.get("/api/v1/audit/access?limit=2&kind=export").json()["results"]
    assert [r["reason"] for r in first] == [r.reason for r in expected if r.kind == "export"][:2]
    assert first[0]["user"] in ("admin", "east_officer")
    bad = admin.get("/api/v1/audit/access?kind=nope")
    assert bad.status_code == 422 and bad.json()["error"] == "http_error"
    assert admin.get("/api/v1/audit/changes").status_code == 200
    for name in ("leader", "east_liaison"):
        assert client_for(world.user(name)).get("/api/v1/audit/access").status_code == 403


@pytest.mark.django_db
def test_the_audit_log_has_its_own_retention_period_and_purge(world, settings):
    settings.FANZHA_AUDIT_RETENTION_DAYS = 30
    settings.FANZHA_IMPORT_RETENTION_DAYS = 10_000
    old_time = timezone.now() - timedelta(days=31)
    AccessRecord.objects.bulk_create(AccessRecord(kind="export", reason="old") for _ in range(7))
    AccessRecord.objects.update(time=old_time)
    AccessRecord.objects.create(kind="export", reason="new")
    resident = world.residents["east"][0]
    resident.name = "新名"
    resident.save()
    ChangeRecord.objects.filter(object_repr__contains="新名").update(time=old_time)
    changes = ChangeRecord.objects.count()
    retention.purge()
    assert list(AccessRecord.objects.values_list("reason", flat=True)) == ["new"]
    assert ChangeRecord.objects.count() == changes - 1
    assert not ChangeRecord.objects.filter(time__lt=timezone.now() - timedelta(days=30)).exists()


@pytest.mark.django_db
def test_bad_filter_values_are_reported_on_the_page_and_ignored(world, client_for):
    make_log(world, count=3)
    client = client_for(world.user("admin"))
    response = client.get("/audit/access/?since=not-a-date&kind=nope&older=garbage")
    assert response.status_code == 200
    assert len(response.context["object_list"]) == 3
    body = response.content.decode()
    assert "输入一个有效的日期" in body and "选择一个有效的选项" in body
