"""Set-checked references (fanzha.core.references): a reference checked once per statement
refuses what a foreign key refuses, on both databases, and every reference that has no
constraint of its own is covered."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone

from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Alert, Task
from fanzha.alerts.tests.helpers import item
from fanzha.core import references
from fanzha.org.models import Grid

MISSING = 987_654_321


def _unchecked_references() -> list[references.Reference]:
    found = []
    for model in apps.get_models():
        fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.ForeignKey) and not getattr(f, "db_constraint", True)
        ]
        found += references.of(model, fields)
    return found


@pytest.mark.django_db
def test_every_reference_without_a_constraint_is_set_checked():
    refs = _unchecked_references()
    assert {(r.table, r.column) for r in refs} >= {("alerts_task", "grid_id")}
    wanted = {name for r in refs for name in r.triggers(connection.vendor)}
    missing = wanted - references.installed(connection)
    assert not missing, (
        f"set-checked reference triggers missing: {sorted(missing)}. Install them with "
        "SetCheckedReferences in a migration; on SQLite, after any migration that rebuilds the "
        "table (which drops its triggers)"
    )


def _task(world) -> Task:
    ingest([item(world.phones["east"][0])])
    task = Task.objects.get()
    assert task.grid_id and task.resident_id and task.assignee_id and task.station_id
    return task


@pytest.mark.django_db
def test_a_task_naming_a_missing_row_is_refused_and_nothing_of_its_statement_is_stored(world):
    task = _task(world)
    alert = Alert.objects.create(source="national", source_ref="x", level="high")
    now = timezone.now()
    good = Task(alert=alert, level="high", due_at=now, grid=task.grid)
    for column in ("grid_id", "resident_id", "assignee_id", "station_id", "alert_id"):
        bad = Task(
            alert=Alert.objects.create(source="national", source_ref=column, level="high"),
            level="high",
            due_at=now,
        )
        setattr(bad, column, MISSING)
        with pytest.raises(IntegrityError, match=column), transaction.atomic():
            Task.objects.bulk_create([good, bad])
        assert not Task.objects.filter(alert=alert).exists()


@pytest.mark.django_db
def test_changing_a_reference_to_a_missing_row_is_refused_and_to_a_real_one_is_kept(world):
    task = _task(world)
    with pytest.raises(IntegrityError, match="assignee_id"), transaction.atomic():
        Task.objects.filter(pk=task.pk).update(assignee_id=MISSING)
    officer = world.user("west_officer")
    Task.objects.filter(pk=task.pk).update(assignee=officer, grid=None)
    task.refresh_from_db()
    assert (task.assignee_id, task.grid_id) == (officer.pk, None)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite leaves the deleting side to Django"
)
@pytest.mark.django_db
def test_a_row_a_task_still_names_cannot_be_deleted_or_renumbered_behind_djangos_back(world):
    task = _task(world)
    with (
        pytest.raises(IntegrityError, match="grid_id"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM org_grid WHERE id = %s", [task.grid_id])
    with (
        pytest.raises(IntegrityError, match="alert_id"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE alerts_alert SET id = %s WHERE id = %s", [MISSING, task.alert_id])
    assert Grid.objects.filter(pk=task.grid_id).exists()


def _spare_grid(world) -> Grid:
    return Grid.objects.create(code="spare", name="备用网格", community=world.communities["east"])


@pytest.mark.django_db
def test_deleting_through_django_empties_or_removes_the_tasks_first(world):
    task = _task(world)
    spare = _spare_grid(world)
    Task.objects.filter(pk=task.pk).update(grid=spare)
    spare.delete()
    task.refresh_from_db()
    assert task.grid_id is None
    task.alert.delete()
    assert not Task.objects.exists()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between sessions")
@pytest.mark.django_db(transaction=True)
def test_a_delete_waits_for_the_inserting_transaction_and_then_sees_its_task(world):
    import psycopg
    from psycopg import errors

    task = _task(world)
    grid_id = _spare_grid(world).pk
    Task.objects.all().delete()
    settings = connection.settings_dict
    dsn = f"host={settings['HOST']} port={settings['PORT']} dbname={settings['NAME']} " + (
        f"user={settings['USER']}"
    )
    with psycopg.connect(dsn) as inserter, psycopg.connect(dsn) as deleter:
        inserter.execute(
            "INSERT INTO alerts_task (alert_id, level, status, tier, matched_via, grid_id, "
            "due_at, revisit_count, outcome, amount_lost, amount_saved, version, created_at, "
            "updated_at) VALUES (%s, 'high', 'pending', 1, 'none', %s, now(), 0, '', 0, 0, 1, "
            "now(), now())",
            [task.alert_id, grid_id],
        )
        deleter.execute("SET lock_timeout = '300ms'")
        with pytest.raises(errors.LockNotAvailable):
            deleter.execute("DELETE FROM org_grid WHERE id = %s", [grid_id])
        deleter.rollback()
        inserter.commit()
        with pytest.raises(errors.ForeignKeyViolation, match="grid_id"):
            deleter.execute("DELETE FROM org_grid WHERE id = %s", [grid_id])
        deleter.rollback()
        # And the other way round: a task cannot name a row whose deletion is not committed.
        inserter.execute("DELETE FROM alerts_task")
        inserter.commit()
        deleter.execute("DELETE FROM org_grid WHERE id = %s", [grid_id])
        inserter.execute("SET lock_timeout = '300ms'")
        with pytest.raises(errors.LockNotAvailable):
            inserter.execute(
                "INSERT INTO alerts_task (alert_id, level, status, tier, matched_via, grid_id, "
                "due_at, revisit_count, outcome, amount_lost, amount_saved, version, "
                "created_at, updated_at) VALUES (%s, 'high', 'pending', 1, 'none', %s, now(), "
                "0, '', 0, 0, 1, now(), now())",
                [task.alert_id, grid_id],
            )
        inserter.rollback()
        deleter.rollback()
