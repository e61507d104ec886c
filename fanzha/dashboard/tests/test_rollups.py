"""Rollups stay correct as data changes: saves and deletes mark metrics stale, the periodic
job rebuilds them, and bulk inserts are caught by the periodic full rebuild."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.core import periodic
from fanzha.dashboard import figures, rollups
from fanzha.dashboard.models import RollupState, StaleMetric, StaleWeek, WeeklyFigure
from fanzha.dashboard.tests.helpers import register_with_family
from fanzha.registrations.models import Registration
from fanzha.registrations.protection import add_family_member, remove_family_member

pytestmark = pytest.mark.django_db


def _registrations() -> tuple[int, int]:
    data = figures.headline_dict(None)
    return data["registrations"], data["protected"]


def test_it_follows_inserts_updates_and_deletes(world):
    rollups.rebuild_all()
    assert _registrations() == (0, 0)

    registration = register_with_family(
        world.residents["east"][0], world.phones["east"][0], ["13600000001"]
    )
    week = figures.week_start(timezone.localdate(registration.registered_at))
    assert StaleWeek.objects.filter(metric="registrations", week=week).exists()
    assert rollups.refresh() >= 1
    assert _registrations() == (1, 2)

    member = add_family_member(registration, name="孩子", relation="child", phone="13600000009")
    rollups.refresh()
    assert _registrations() == (1, 3)

    remove_family_member(member)
    rollups.refresh()
    assert _registrations() == (1, 2)

    registration.family.all().delete()
    Registration.objects.filter(pk=registration.pk).update(family_count=0)
    Registration.objects.get(pk=registration.pk).delete()
    rollups.refresh()
    assert _registrations() == (0, 0)
    assert not StaleMetric.objects.exists()
    assert not StaleWeek.objects.exists()


def test_it_moves_a_row_to_its_new_week_when_the_date_changes(world):
    registration = register_with_family(world.residents["east"][0], world.phones["east"][0], [])
    rollups.rebuild_all()
    week = figures.week_start(timezone.localdate(registration.registered_at))
    assert WeeklyFigure.objects.get(metric="registrations").week == week

    registration.registered_at -= timedelta(weeks=3)
    registration.save()
    rollups.refresh()

    assert WeeklyFigure.objects.get(metric="registrations").week == week - timedelta(weeks=3)


def test_it_rebuilds_everything_once_the_full_refresh_interval_has_passed(world, settings):
    rollups.rebuild_all()
    # A bulk insert (as imports and the demo do) sends no signals: nothing is marked stale.
    Registration.objects.bulk_create(
        [
            Registration(
                registrant=world.residents["west"][0],
                phone_cipher="x",
                phone_index="bulk-index",
                phone_mask="139****9000",
                grid=world.grids["west"],
                community=world.communities["west"],
            )
        ]
    )
    assert not StaleMetric.objects.exists()
    assert rollups.refresh() == 0
    assert _registrations() == (0, 0)

    settings.FANZHA_DASHBOARD_FULL_REFRESH_SECONDS = 60
    RollupState.objects.update(built_at=timezone.now() - timedelta(seconds=61))

    assert rollups.refresh() == len(RollupState.objects.all())
    assert _registrations() == (1, 1)


def test_it_claims_a_stale_metric_only_once(world):
    rollups.rebuild_all()
    rollups.mark_stale("households")
    rollups.mark_stale("households")  # idempotent
    assert StaleMetric.objects.count() == 1
    assert rollups.refresh() == 1
    assert rollups.refresh() == 0


def test_it_registers_the_refresh_as_a_periodic_job(world):
    assert "dashboard.refresh" in {job.name for job in periodic.jobs()}
    results = periodic.run_all_once()
    assert results["dashboard.refresh"] >= 1  # never built: everything is due


def test_it_matches_the_sources_after_a_refresh(world):
    register_with_family(world.residents["east"][1], world.phones["east"][1], ["13600000005"])
    rollups.rebuild_all()
    assert figures.headline_dict(None) == figures.live_headline(None)
    east = world.user("east_liaison")
    assert figures.headline_dict(east) == figures.live_headline(east)


def test_it_refreshes_only_the_weeks_that_changed(world):
    """The incremental refresh re-aggregates the changed weeks alone: a row bulk-inserted into
    another week (no signal) stays unseen until the full rebuild, while the changed week and
    every derived row (areas, periods) follow the change."""
    from fanzha.dashboard.models import PeriodFigure, ScopeFigure

    first = register_with_family(world.residents["east"][0], world.phones["east"][0], [])
    rollups.rebuild_all()
    old_week = figures.week_start(timezone.localdate(first.registered_at))
    Registration.objects.bulk_create(
        [
            Registration(
                registrant=world.residents["west"][0],
                phone_cipher="x",
                phone_index="bulk-index",
                phone_mask="139****9000",
                grid=world.grids["west"],
                community=world.communities["west"],
                registered_at=first.registered_at - timedelta(weeks=10),
            )
        ]
    )
    first.registered_at -= timedelta(weeks=3)
    first.save()
    assert set(StaleWeek.objects.values_list("week", flat=True)) == {
        old_week,
        old_week - timedelta(weeks=3),
    }
    assert rollups.refresh() == 1
    rows = WeeklyFigure.objects.filter(metric="registrations")
    assert list(rows.values_list("week", "count")) == [(old_week - timedelta(weeks=3), 1)]
    area = ScopeFigure.objects.filter(metric="registrations", kind="district")
    assert list(area.values_list("week", "count")) == [(old_week - timedelta(weeks=3), 1)]
    assert PeriodFigure.objects.get(metric="registrations", period="all").count == 1
    assert _registrations() == (1, 1)  # the bulk row waits for the full rebuild

    rollups.rebuild_all()
    assert _registrations() == (2, 2)


def test_a_warning_follows_its_task_to_the_grid(world):
    """Warnings are placed by their task's grid: a task saved after its warning marks the
    warning's week, so the grid's count follows."""
    from fanzha.alerts.models import Alert, Task

    received = timezone.now() - timedelta(days=2)
    alert = Alert.objects.create(
        source="national",
        source_ref="w1",
        level="high",
        target_phone_cipher="x",
        target_phone_index="w1-index",
        target_phone_mask="138****0000",
        received_at=received,
    )
    rollups.refresh()
    east = world.user("east_liaison")
    assert figures.headline_dict(east)["alerts"] == 0
    Task.objects.create(alert=alert, level="high", grid=world.grids["east"], due_at=received)
    assert StaleWeek.objects.filter(metric="alerts").exists()
    rollups.refresh()
    assert figures.headline_dict(east)["alerts"] == 1
    assert figures.headline_dict(world.user("west_liaison"))["alerts"] == 0
