"""A small two-unit world for tests: the base every permission test stands on.

``build_world()`` creates a district with two 办事处 (east, west), each with one community, one
grid, one police station, residents, a household and a place; sector units; and users of every
role in each side. Tests name the users by side: ``world.users["east_liaison"]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User
from fanzha.org.choices import SectorKind, UnitKind
from fanzha.org.models import Grid, Unit
from fanzha.people.models import Household, Resident
from fanzha.places.choices import PlaceKind
from fanzha.places.models import Place

PASSWORD = "test-password-123"  # noqa: S105 - test accounts only


def valid_id(birth: date, seq: int, region: str = "370202") -> str:
    """A synthetic, checksum-valid ID number (GB 11643): never a real person's."""
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    return body + check


@dataclass
class World:
    district: Unit
    offices: dict[str, Unit] = field(default_factory=dict)
    communities: dict[str, Unit] = field(default_factory=dict)
    stations: dict[str, Unit] = field(default_factory=dict)
    grids: dict[str, Grid] = field(default_factory=dict)
    sectors: dict[str, Unit] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    households: dict[str, Household] = field(default_factory=dict)
    residents: dict[str, list[Resident]] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    phones: dict[str, list[str]] = field(default_factory=dict)

    def user(self, name: str) -> User:
        return self.users[name]


def make_user(username: str, role: str, unit: Unit | None, **extra: Any) -> User:
    user = User(username=username, role=role, unit=unit, display_name=username, **extra)
    user.set_password(PASSWORD)
    user.save()
    return user


def build_world() -> World:
    district = Unit.objects.create(code="district", name="测试开发区", kind=UnitKind.DISTRICT)
    bureau = Unit.objects.create(
        code="bureau",
        name="公安分局",
        kind=UnitKind.BUREAU,
        sector=SectorKind.POLICE,
        parent=district,
        is_leading_office=True,
    )
    world = World(district=district)
    world.sectors["police"] = bureau
    for sector, name in [
        (SectorKind.TAX, "税务分局"),
        (SectorKind.FINANCE, "财政分局"),
        (SectorKind.ENFORCEMENT, "执法局"),
        (SectorKind.MARKET, "市场监管局"),
        (SectorKind.EDUCATION, "教育局"),
    ]:
        world.sectors[str(sector)] = Unit.objects.create(
            code=f"sector-{sector}",
            name=name,
            kind=UnitKind.SECTOR,
            sector=sector,
            parent=district,
        )
    sides = {
        "east": ("东城办事处", "东城派出所", "东苑社区"),
        "west": ("西城办事处", "西城派出所", "西苑村"),
    }
    births = [date(1990, 3, 7), date(1955, 3, 7), date(2008, 5, 21)]
    ids = {
        "east": [valid_id(b, 11 + i) for i, b in enumerate(births)],
        "west": [valid_id(b, 21 + i, region="370203") for i, b in enumerate(births)],
    }
    phone_base = {"east": 13800138000, "west": 13900139000}
    for side, (office_name, station_name, community_name) in sides.items():
        office = Unit.objects.create(
            code=f"{side}-office", name=office_name, kind=UnitKind.OFFICE, parent=district
        )
        station = Unit.objects.create(
            code=f"{side}-station", name=station_name, kind=UnitKind.STATION, parent=bureau
        )
        community = Unit.objects.create(
            code=f"{side}-community",
            name=community_name,
            kind=UnitKind.COMMUNITY if side == "east" else UnitKind.VILLAGE,
            parent=office,
            police_station=station,
        )
        grid = Grid.objects.create(
            code=f"{side}-grid", name=f"{community_name}第一网格", community=community
        )
        world.offices[side], world.stations[side] = office, station
        world.communities[side], world.grids[side] = community, grid
        place = Place(
            name=f"{side}测试企业有限公司",
            kind=PlaceKind.ENTERPRISE,
            grid=grid,
            sector_unit=world.sectors["tax"] if side == "east" else world.sectors["market"],
            address=f"{community_name}1号",
        )
        place.save()
        world.places[side] = place
        household = Household.objects.create(
            code=f"{side}-h1", address=f"{community_name}1号", grid=grid
        )
        world.households[side] = household
        world.residents[side] = []
        world.phones[side] = []
        for i, id_number in enumerate(ids[side]):
            resident = Resident(
                name=f"{'张李'[i % 2]}{side}{i}",
                household=household,
                grid=grid,
                employer=place if i == 0 else None,
            )
            resident.set_id_number(id_number)
            phone = str(phone_base[side] + i)
            resident.set_phone(phone)
            resident.save()
            world.residents[side].append(resident)
            world.phones[side].append(phone)
        world.users[f"{side}_liaison"] = make_user(f"{side}_liaison", Role.LIAISON, office)
        worker = make_user(f"{side}_worker", Role.GRID_WORKER, office)
        grid.workers.add(worker)
        world.users[f"{side}_worker"] = worker
        world.users[f"{side}_officer"] = make_user(f"{side}_officer", Role.OFFICER, station)
    world.users["admin"] = make_user("admin", Role.ADMIN, bureau)
    world.users["leader"] = make_user("leader", Role.LEADER, None)
    world.users["tax_liaison"] = make_user("tax_liaison", Role.LIAISON, world.sectors["tax"])
    assert settings.FANZHA_MODE in ("test", "dev", "demo")
    return world
