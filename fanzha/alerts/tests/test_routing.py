"""Routing a target number to the right person, grid, officer and station."""

from __future__ import annotations

import pytest

from fanzha.alerts.choices import MatchedVia, Tier
from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import item
from fanzha.registrations.protection import add_family_member, register

pytestmark = pytest.mark.django_db


def _task_for(phone: str) -> Task:
    result = ingest([item(phone)])[0]
    assert result.status == "created", result.errors
    return Task.objects.get(alert_id=result.alert_id)


def test_it_routes_a_registrant_to_the_credited_officer_and_station(world):
    resident = world.residents["east"][1]
    officer = world.user("west_officer")  # registered through a west officer's QR code
    registration = register(resident, phone="13700137000", officer=officer)
    task = _task_for("13700137000")
    assert task.matched_via == MatchedVia.REGISTRATION
    assert task.registration == registration
    assert task.resident == resident
    assert task.grid == world.grids["east"]
    assert task.station == world.stations["west"]
    assert task.officer == officer
    assert task.assignee == world.user("east_worker")


def test_it_routes_a_protected_family_member_through_the_registration(world):
    registrant = world.residents["west"][0]
    registration = register(registrant, phone="13700137001")
    add_family_member(registration, name="母亲", relation="parent", phone="13600136000")
    task = _task_for("13600136000")
    assert task.matched_via == MatchedVia.FAMILY
    assert task.registration == registration
    assert task.grid == world.grids["west"]
    assert task.assignee == world.user("west_worker")


def test_it_routes_a_family_member_who_is_a_resident_to_their_own_grid(world):
    registration = register(world.residents["west"][0], phone="13700137002")
    add_family_member(
        registration,
        name="儿子",
        relation="child",
        phone="13600136001",
        resident=world.residents["east"][2],
    )
    task = _task_for("13600136001")
    assert task.resident == world.residents["east"][2]
    assert task.grid == world.grids["east"]


def test_an_unmatched_number_lands_in_the_district_queue(world):
    task = _task_for("15000000000")
    assert task.matched_via == MatchedVia.NONE
    assert task.grid is None and task.assignee is None
    assert task.tier == Tier.DISTRICT
    assert Task.objects.restrict(world.user("admin")).filter(pk=task.pk).exists()
    assert not Task.objects.restrict(world.user("east_worker")).filter(pk=task.pk).exists()


def test_a_grid_without_workers_goes_to_the_station(world):
    world.grids["east"].workers.clear()
    task = _task_for(world.phones["east"][0])
    assert task.assignee is None
    assert task.tier == Tier.STATION
    assert task.station == world.stations["east"]
    assert Task.objects.restrict(world.user("east_officer")).filter(pk=task.pk).exists()


def test_it_routes_a_whole_batch_with_a_fixed_number_of_queries(
    world, django_assert_max_num_queries
):
    phones = world.phones["east"] + world.phones["west"] + ["15000000001"]
    with django_assert_max_num_queries(14):
        results = ingest([item(p) for p in phones])
    assert [r.status for r in results] == ["created"] * 7
    grids = dict(Task.objects.values_list("alert__target_phone_mask", "grid__code"))
    assert grids["138****8000"] == "east-grid"
    assert grids["139****9001"] == "west-grid"
    assert grids["150****0001"] is None


def test_a_tasks_area_follows_the_unit_it_was_copied_from_when_that_unit_goes(world):
    """community, office and station carry no database constraint (intake speed): the unit
    cannot go while the grid names it, and when it does go through Django, the task's copy
    is emptied rather than left pointing at nothing."""
    from django.db.models import ProtectedError

    from fanzha.org.choices import UnitKind
    from fanzha.org.models import Unit

    resident = world.residents["east"][1]
    register(resident, phone="13700137001")
    task = _task_for("13700137001")
    old = world.communities["east"]
    assert task.community == old
    assert task.office == world.offices["east"]
    with pytest.raises(ProtectedError):
        old.delete()
    # A unit nothing else names any more (the grid moved on, say): deleting it empties the copy.
    gone = Unit.objects.create(
        code="east-old", name="旧社区", kind=UnitKind.COMMUNITY, parent=world.offices["east"]
    )
    Task.objects.filter(pk=task.pk).update(community=gone)
    gone.delete()
    task.refresh_from_db()
    assert task.community_id is None
    assert task.office == world.offices["east"]
