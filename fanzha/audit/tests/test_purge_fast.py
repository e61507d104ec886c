"""The retention purge deletes audit rows with one DELETE per batch: the change log listens to
the logged models only, so Django's deletion collector never loads the rows it deletes (a
receiver for every model would make it fetch each row to send the signal)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.db.models.deletion import Collector
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from fanzha.audit import trail
from fanzha.audit.models import AccessRecord, ChangeRecord
from fanzha.core import retention
from fanzha.people.models import Resident

pytestmark = pytest.mark.django_db

ROWS, BATCH = 47, 10


def test_the_audit_logs_have_no_delete_listeners_and_can_be_fast_deleted():
    for model in (AccessRecord, ChangeRecord):
        assert not pre_delete.has_listeners(model) and not post_delete.has_listeners(model)
        assert Collector(using="default").can_fast_delete(model.objects.all())
    # The logged models still are listened to (and only they).
    assert Resident in trail.logged_models()
    assert AccessRecord not in trail.logged_models()
    assert post_delete.has_listeners(Resident) and pre_save.has_listeners(Resident)
    assert post_save.has_listeners(Resident)


def _old_rows(log, **fields) -> None:
    log.objects.bulk_create(log(**fields) for _ in range(ROWS))
    log.objects.update(time=timezone.now() - timedelta(days=400))


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (AccessRecord, {"kind": "export", "reason": "old-reason"}),
        (ChangeRecord, {"action": "update", "model": "x.y", "object_repr": "old-reason"}),
    ],
)
def test_a_purge_issues_two_queries_per_batch_and_loads_no_row(
    settings, monkeypatch, model, fields
):
    settings.FANZHA_AUDIT_RETENTION_DAYS = 30
    monkeypatch.setattr(retention, "BATCH", BATCH)
    _old_rows(model, **fields)
    table = model._meta.db_table
    with CaptureQueriesContext(connection) as captured:
        assert retention.purge() >= ROWS
    assert not model.objects.exists()
    queries = [q["sql"] for q in captured.captured_queries if table in q["sql"]]
    selects = [q for q in queries if q.lstrip().upper().startswith("SELECT")]
    deletes = [q for q in queries if q.lstrip().upper().startswith("DELETE")]
    batches = ROWS // BATCH + 1  # the last one: whatever is left, fewer than BATCH
    # Per batch one SELECT (where the batch ends) and one DELETE of the range: no ids list.
    assert (len(selects), len(deletes)) == (batches, batches)
    assert len(queries) == 2 * batches
    assert not any(" IN (" in sql for sql in deletes), deletes
    # The SELECTs read the date and the id of one row (the keyset): no row is loaded.
    for sql in selects:
        columns = sql.split(" FROM ")[0].removeprefix("SELECT").split(",")
        assert [c.split(" AS ")[0].strip() for c in columns] == [
            f'"{table}"."time"',
            f'"{table}"."id"',
        ], sql


def test_the_change_log_still_records_changes_and_deletions(world):
    resident = world.residents["east"][0]
    pk = str(resident.pk)
    resident.name = "新名字"
    resident.save()
    resident.delete()
    actions = list(
        ChangeRecord.objects.filter(model="people.resident", object_id=pk)
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions[-2:] == ["update", "delete"]


def test_rows_of_the_same_moment_across_batches_all_go_and_recent_ones_stay(settings, monkeypatch):
    settings.FANZHA_AUDIT_RETENTION_DAYS = 30
    monkeypatch.setattr(retention, "BATCH", BATCH)
    _old_rows(AccessRecord, kind="export", reason="old")  # all at one and the same moment
    recent = AccessRecord.objects.create(kind="export", reason="recent")
    assert retention.purge() >= ROWS
    assert list(AccessRecord.objects.values_list("pk", flat=True)) == [recent.pk]


def test_a_model_with_delete_listeners_is_still_purged_row_by_row(settings, monkeypatch):
    """The collector's own way (rows loaded, signals sent) for models that need it."""
    settings.FANZHA_AUDIT_RETENTION_DAYS = 30
    monkeypatch.setattr(retention, "BATCH", BATCH)
    _old_rows(ChangeRecord, action="update", model="x.y", object_repr="old")
    seen: list[int] = []

    def listener(sender, instance, **kwargs):
        seen.append(instance.pk)

    post_delete.connect(listener, sender=ChangeRecord, dispatch_uid="test_listener")
    try:
        assert not Collector(using="default").can_fast_delete(ChangeRecord.objects.all())
        assert retention.purge() >= ROWS
    finally:
        post_delete.disconnect(sender=ChangeRecord, dispatch_uid="test_listener")
    assert len(seen) == ROWS and not ChangeRecord.objects.exists()


def test_only_expired_rows_go_whatever_the_order_of_their_ids(settings, monkeypatch):
    """The keyset walks (time, id): rows written out of time order (an import of old records,
    a clock set back) are purged when expired and kept when not, across batch boundaries."""
    settings.FANZHA_AUDIT_RETENTION_DAYS = 30
    monkeypatch.setattr(retention, "BATCH", BATCH)
    now = timezone.now()
    ages = [400 - (i * 7) % 380 for i in range(ROWS)] + [31, 30.5, 29.9, 29, 1, 0]
    rows = AccessRecord.objects.bulk_create(
        AccessRecord(kind="export", reason=f"r{i}") for i in range(len(ages))
    )
    for row, age in zip(rows, reversed(ages), strict=True):  # the newest rows get the lowest ids
        AccessRecord.objects.filter(pk=row.pk).update(time=now - timedelta(days=age))
    kept = {row.pk for row, age in zip(rows, reversed(ages), strict=True) if age < 30}
    assert retention.purge(now=now) == len(ages) - len(kept)
    assert set(AccessRecord.objects.values_list("pk", flat=True)) == kept
