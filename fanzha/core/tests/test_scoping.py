"""restrict(user, action) is the one gate: each role sees what DOMAIN/issue 2 says, nothing more."""

from __future__ import annotations

import pytest

from fanzha.people.models import Resident
from fanzha.places.models import Place


def names(qs):
    return {str(r) for r in qs}


@pytest.mark.django_db
class TestResidentScoping:
    def test_it_gives_the_administrator_everything(self, world):
        assert Resident.objects.restrict(world.user("admin")).count() == 6

    def test_it_limits_an_office_liaison_to_their_territory(self, world):
        seen = Resident.objects.restrict(world.user("east_liaison"))
        assert set(seen) == set(world.residents["east"])

    def test_it_limits_a_grid_worker_to_their_grids(self, world):
        seen = Resident.objects.restrict(world.user("west_worker"))
        assert set(seen) == set(world.residents["west"])

    def test_it_limits_an_officer_to_their_station_area(self, world):
        seen = Resident.objects.restrict(world.user("east_officer"))
        assert set(seen) == set(world.residents["east"])

    def test_it_gives_a_sector_liaison_the_staff_of_their_places(self, world):
        seen = Resident.objects.restrict(world.user("tax_liaison"))
        assert list(seen) == [world.residents["east"][0]]

    def test_it_lets_the_leader_read_but_not_change(self, world):
        leader = world.user("leader")
        assert Resident.objects.restrict(leader, "view").count() == 6
        assert Resident.objects.restrict(leader, "change").count() == 0

    def test_it_shows_nothing_to_an_anonymous_user(self, world):
        from django.contrib.auth.models import AnonymousUser

        assert Resident.objects.restrict(AnonymousUser()).count() == 0

    def test_it_shows_nothing_to_an_inactive_user(self, world):
        user = world.user("east_liaison")
        user.is_active = False
        assert Resident.objects.restrict(user).count() == 0


@pytest.mark.django_db
def test_places_follow_territory_and_sector(world):
    east = world.user("east_liaison")
    market = world.places["west"]
    assert list(Place.objects.restrict(east)) == [world.places["east"]]
    assert market not in Place.objects.restrict(world.user("tax_liaison"))
