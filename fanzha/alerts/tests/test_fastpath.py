"""The bulk intake path: set-based routing in PostgreSQL agrees with ``Router``, chunks stored
through COPY keep every item's text exactly, and a file is read in a second process."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from fanzha.alerts import fastpath
from fanzha.alerts.choices import MatchedVia, Tier
from fanzha.alerts.importing import _Reader, import_file
from fanzha.alerts.intake import CREATED, DUPLICATE, REJECTED, _Sealer, ingest
from fanzha.alerts.models import Alert, Task
from fanzha.alerts.routing import UNMATCHED, Router
from fanzha.alerts.tests.helpers import item
from fanzha.lib import crypto
from fanzha.lib.sealed import PHONE
from fanzha.notifications.models import Notification
from fanzha.registrations.protection import add_family_member, register

ROUTE_FIELDS = (
    "matched_via",
    "resident_id",
    "registration_id",
    "grid_id",
    "community_id",
    "office_id",
    "station_id",
    "officer_id",
    "assignee_id",
    "tier",
)


@pytest.mark.django_db
def test_the_sealer_writes_what_crypto_reads():
    sealer = _Sealer()
    token = sealer.encrypt("13800138000")
    assert crypto.decrypt(token) == "13800138000"
    assert crypto.key_id_of(token) == crypto.keyring().primary_id
    assert sealer.encrypt("13800138000") != token  # a fresh nonce each time
    assert sealer.phone_index("13800138000") == crypto.blind_index("13800138000", purpose=PHONE)


@pytest.mark.django_db
def test_bulk_routing_agrees_with_the_router_for_every_kind_of_match(world):
    east, west = world.residents["east"], world.residents["west"]
    officer = world.user("west_officer")
    register(east[1], phone="13700137000", officer=officer)  # registrant, credited officer
    circle = register(west[0], phone="13700137001")
    add_family_member(circle, name="母亲", relation="parent", phone="13600136000")
    add_family_member(circle, name="儿子", relation="child", phone="13600136001", resident=east[2])
    # A family member's number that is also a registrant's: the registration wins.
    add_family_member(circle, name="兄", relation="sibling", phone="13700137000")
    # The west grid's only worker leaves: its alerts go to the credited officer or the station.
    worker = world.user("west_worker")
    worker.is_active = False
    worker.save()
    register(west[2], phone="13700137002", officer=officer)
    phones = [
        "13700137000",
        "13600136000",
        "13600136001",
        "13700137002",
        *world.phones["east"],
        *world.phones["west"],
        "15000000000",
    ]
    # More items than fastpath.SMALL: the COPY path; then one item alone: the VALUES path.
    items = [item(phones[i % len(phones)]) for i in range(fastpath.SMALL + 20)]
    results = ingest(items) + ingest([item("13600136001")])
    assert {r.status for r in results} == {CREATED}
    router = Router()
    tasks = Task.objects.select_related("alert")
    routes = router.match(t.alert.target_phone_index for t in tasks)
    compared = set()
    for task in tasks:
        expected = routes.get(task.alert.target_phone_index, UNMATCHED)
        assert tuple(getattr(task, f) for f in ROUTE_FIELDS) == tuple(
            getattr(expected, f) for f in ROUTE_FIELDS
        ), task.alert.target_phone_mask
        compared.add((task.matched_via, task.tier))
    assert compared == {
        (MatchedVia.REGISTRATION, Tier.GRID),
        (MatchedVia.REGISTRATION, Tier.STATION),
        (MatchedVia.FAMILY, Tier.GRID),
        (MatchedVia.FAMILY, Tier.STATION),
        (MatchedVia.RESIDENT, Tier.GRID),
        (MatchedVia.RESIDENT, Tier.STATION),
        (MatchedVia.NONE, Tier.DISTRICT),
    }


@pytest.mark.django_db
def test_a_large_batch_keeps_text_exactly_and_reports_every_item(world, settings):
    now = timezone.now()
    phone = world.phones["east"][0]
    before = ingest([item(phone, source_ref="already")])[0]
    awkward = item(
        phone, source_ref="tab\there\\back\nline\rend", contact="http://x.example/a\tb\\"
    )
    items = [item(world.phones["west"][i % 3], level="low") for i in range(fastpath.SMALL)]
    items[5] = awkward
    items[6] = dict(awkward)  # the same (source, source_ref) again in the same batch
    items[7] = item(phone, source_ref="already")
    items[8] = item(phone, level="urgent")
    results = ingest(items, now=now)
    assert [r.status for r in results[4:10]] == [
        CREATED,
        CREATED,
        DUPLICATE,
        DUPLICATE,
        REJECTED,
        CREATED,
    ]
    assert [r.index for r in results] == list(range(len(items)))
    assert results[8].errors[0].field == "level"
    assert results[6].alert_id == results[5].alert_id
    assert results[7].alert_id == before.alert_id
    alert = Alert.objects.get(pk=results[5].alert_id)
    assert alert.source_ref == awkward["source_ref"]
    assert alert.contact == awkward["contact"] and alert.contact_kind == "url"
    assert json.loads(alert.reveal("payload")) == awkward
    assert alert.reveal("phone") == phone
    assert alert.created_at == now and alert.received_at == now
    task = alert.task
    assert task.due_at == now + timedelta(minutes=settings.FANZHA_ALERT_DUE_MINUTES["high"])
    warning = Notification.objects.get(dedup_key=f"alert-warning:{alert.pk}")
    assert crypto.decrypt(warning.to_cipher) == phone
    assert warning.ref == f"alerts.alert:{alert.pk}" and warning.status == "pending"
    created = 1 + sum(r.status == CREATED for r in results)
    assert Alert.objects.count() == Task.objects.count() == created
    assert Notification.objects.filter(purpose="alert_warning").count() == created
    # Again: nothing new, every valid item a duplicate of the stored alert.
    again = ingest(items)
    assert [r.status for r in again].count(DUPLICATE) == len(items) - 1
    assert [r.alert_id for r in again if r.status == DUPLICATE][:3] == [
        r.alert_id for r in results[:3]
    ]
    assert Task.objects.count() == created


def _write(path, count: int, bad_every: int = 0) -> None:
    with path.open("w") as handle:
        for i in range(count):
            if bad_every and i % bad_every == bad_every - 1:
                handle.write("{broken\n")
                continue
            handle.write(
                json.dumps(
                    {
                        "source": "bank",
                        "source_ref": f"f{i}",
                        "level": "medium",
                        "target_phone": f"150{i:08d}",
                    }
                )
                + "\n"
            )


@pytest.mark.django_db(transaction=True)
def test_a_file_read_in_a_second_process_is_stored_whole(tmp_path):
    path = tmp_path / "alerts.jsonl"
    _write(path, 250, bad_every=50)
    batches = list(_Reader(path, "jsonl", 60, None))
    assert [(b.offset, b.size) for b in batches] == [
        (1, 60),
        (61, 60),
        (121, 60),
        (181, 60),
        (241, 10),
    ]
    assert all(b.stage and not b.unique for b in batches)
    assert [r.index for b in batches for r in b.rejected] == [50, 100, 150, 200, 250]
    report = import_file(path, chunk=60)
    assert report.as_dict() == {"lines": 250, "created": 245, "duplicates": 0, "rejected": 5}
    assert [e.index for e in report.errors] == [50, 100, 150, 200, 250]
    assert Alert.objects.count() == Task.objects.count() == Notification.objects.count() == 245
    report = import_file(path, chunk=100)
    assert report.as_dict() == {"lines": 250, "created": 0, "duplicates": 245, "rejected": 5}


@pytest.mark.django_db(transaction=True)
def test_an_error_while_reading_the_file_stops_the_import(tmp_path):
    path = tmp_path / "alerts.jsonl"
    _write(path, 600)  # larger than the reader's buffer: some chunks are read before the error
    with path.open("ab") as handle:
        handle.write(b"\xff\xfe not utf-8\n")
    with pytest.raises((RuntimeError, UnicodeDecodeError), match="utf-8"):
        import_file(path, chunk=100)
    # Whole chunks are stored, each with its tasks and warnings; the rest is not.
    stored = Alert.objects.count()
    assert stored < 600 and stored % 100 == 0
    assert Task.objects.count() == Notification.objects.count() == stored


@pytest.mark.django_db(transaction=True)
def test_chunks_stored_at_once_with_the_same_alerts_in_crossed_order_store_each_once(tmp_path):
    # Two writers take chunks 1 and 2 together: the same 50 keys, one forwards and one
    # backwards (a textbook deadlock, which PostgreSQL breaks by rolling one chunk back).
    refs = [f"x{i}" for i in range(50)]
    path = tmp_path / "crossed.jsonl"
    with path.open("w") as handle:
        for order in (refs, refs[::-1], refs, refs[::-1]):
            for ref in order:
                row = {"source": "bank", "source_ref": ref, "level": "low"}
                handle.write(json.dumps({**row, "target_phone": "15000000000"}) + "\n")
    report = import_file(path, chunk=50, writers=2)
    assert report.as_dict() == {"lines": 200, "created": 50, "duplicates": 150, "rejected": 0}
    assert Alert.objects.count() == Task.objects.count() == Notification.objects.count() == 50


def _prepared_intake() -> list[tuple[int]]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT generic_plans + custom_plans FROM pg_prepared_statements"
            " WHERE statement LIKE '%%INSERT INTO alerts_alert%%'"
        )
        return cursor.fetchall()


@pytest.mark.django_db
def test_single_alerts_share_one_statement_prepared_per_connection(world):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    phone = world.phones["east"][0]
    results = [r for _ in range(3) for r in ingest([item(phone)])]
    assert [r.status for r in results] == [CREATED] * 3
    assert _prepared_intake() == [(3,)]
    assert Task.objects.filter(alert_id__in=[r.alert_id for r in results]).count() == 3


@pytest.mark.django_db
def test_a_single_alert_is_stored_alike_with_prepared_statements_off(world):
    if connection.vendor != "postgresql":
        pytest.skip("prepared statements are PostgreSQL's")
    connection.ensure_connection()
    raw = connection.connection
    threshold, raw.prepare_threshold = raw.prepare_threshold, None  # FANZHA_DB_PREPARE=0
    try:
        (result,) = ingest([item(world.phones["east"][0])])
    finally:
        raw.prepare_threshold = threshold
    assert result.status == CREATED
    assert _prepared_intake() == []
    assert Task.objects.filter(alert_id=result.alert_id).count() == 1
    assert Notification.objects.filter(ref=f"alerts.alert:{result.alert_id}").count() == 1


def test_the_store_statement_carries_postgresql_placeholders_one_per_name():
    sql, names = fastpath._numbered("SELECT %(a)s, %(b)s, %(a)s || '%(x)' FROM t WHERE c = %(b)s")
    assert sql == "SELECT $1, $2, $1 || '%(x)' FROM t WHERE c = $2"
    assert names == ("a", "b")
    assert "%(" not in fastpath._STORE_SQL
    assert set(fastpath._STORE_PARAMS) >= {"now", "levels", "dues", "types", "texts"}
