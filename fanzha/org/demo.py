"""Demo district, part 1: units, grids, places and staff accounts (DOMAIN.md §1).

At scale 1: 5 办事处 with 40 社区/村居, about 300 grids, about 2,500 places, the sector units,
the police sub-bureau with a station per office, and about 120 staff accounts (every role)."""

from __future__ import annotations

import math

from django.conf import settings
from django.contrib.auth.hashers import make_password

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User
from fanzha.core.demo import DemoContext
from fanzha.core.names import COMPOUNDS, address, mobile, person_name
from fanzha.lib.identifiers import normalize_uscc
from fanzha.lib.sealed import seal_normalised_phone
from fanzha.org.choices import SectorKind, UnitKind
from fanzha.org.models import Grid, Unit
from fanzha.places.choices import PlaceKind
from fanzha.places.models import Place
from fanzha.places.responsibility import sector_by_place_kind

OFFICES = ["杜店街道办事处", "沙河街道办事处", "里则街道办事处", "杨柳雪镇办事处", "青田街道办事处"]
OFFICE_SHORT = ["杜店", "沙河", "里则", "杨柳雪", "青田"]
SECTORS = [
    (SectorKind.TAX, "税务分局"),
    (SectorKind.FINANCE, "财政分局"),
    (SectorKind.ENFORCEMENT, "综合执法局"),
    (SectorKind.MARKET, "市场监管局"),
    (SectorKind.EDUCATION, "教育局"),
]
# Places per grid at scale 1 (about 2,500 in all), by kind.
PLACE_MIX = [
    (PlaceKind.ENTERPRISE, 2.2),
    (PlaceKind.SHOP, 1.4),
    (PlaceKind.EATERY, 0.9),
    (PlaceKind.COMPOUND, 0.6),
    (PlaceKind.BARBER, 0.4),
    (PlaceKind.PHARMACY, 0.3),
    (PlaceKind.CLINIC, 0.3),
    (PlaceKind.FOOD_SHOP, 0.4),
    (PlaceKind.WORKSHOP, 0.4),
    (PlaceKind.SITE, 0.25),
    (PlaceKind.SCHOOL, 0.12),
    (PlaceKind.KINDERGARTEN, 0.12),
    (PlaceKind.TRAINING, 0.1),
    (PlaceKind.RESTAURANT, 0.2),
    (PlaceKind.HOTEL, 0.08),
    (PlaceKind.BANK, 0.08),
]
KIND_SUFFIX = {
    PlaceKind.ENTERPRISE: "有限公司",
    PlaceKind.SHOP: "便利店",
    PlaceKind.EATERY: "小吃店",
    PlaceKind.COMPOUND: "",
    PlaceKind.BARBER: "理发店",
    PlaceKind.PHARMACY: "大药房",
    PlaceKind.CLINIC: "诊所",
    PlaceKind.FOOD_SHOP: "食品店",
    PlaceKind.WORKSHOP: "加工坊",
    PlaceKind.SITE: "项目工地",
    PlaceKind.SCHOOL: "小学",
    PlaceKind.KINDERGARTEN: "幼儿园",
    PlaceKind.TRAINING: "培训学校",
    PlaceKind.RESTAURANT: "大酒店",
    PlaceKind.HOTEL: "宾馆",
    PlaceKind.BANK: "银行支行",
}
WORDS = [
    "鑫源",
    "恒达",
    "宏发",
    "金诚",
    "华泰",
    "利民",
    "永安",
    "新华",
    "众合",
    "博远",
    "裕丰",
    "兴旺",
    "同创",
    "海纳",
    "德信",
    "长青",
    "瑞祥",
    "福泰",
    "汇通",
    "嘉禾",
]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# The district's centre (WGS-84) and how far its offices and communities spread from it.
CENTRE = (37.335, 118.025)
OFFICE_RING_KM = 6.0
COMMUNITY_SPREAD_KM = 2.5
KM_PER_DEGREE = 111.32


def _offset(rng, origin: tuple[float, float], km: float, angle: float | None = None):
    """A point about ``km`` from ``origin`` (a random bearing unless ``angle`` in radians)."""
    bearing = rng.uniform(0, 2 * math.pi) if angle is None else angle
    distance = km if angle is not None else km * math.sqrt(rng.random())
    lat = origin[0] + distance * math.cos(bearing) / KM_PER_DEGREE
    lon = origin[1] + distance * math.sin(bearing) / (
        KM_PER_DEGREE * math.cos(math.radians(origin[0]))
    )
    return round(lat, 6), round(lon, 6)


def _uscc(rng) -> str:
    from stdnum.cn import uscc

    body = "91" + "371600" + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    return normalize_uscc(body + uscc.calc_check_digit(body))


def build(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("org")
    # Coordinates draw from a generator of their own: the rest of the demo stays as it was.
    geo = ctx.sub_rng("org-coordinates")
    password = make_password(settings.FANZHA_DEMO_PASSWORD)
    district = Unit.objects.create(
        code="district", name="滨州经济技术开发区", kind=UnitKind.DISTRICT
    )
    bureau = Unit.objects.create(
        code="police-bureau",
        name="滨州市公安局经济技术开发区分局",
        kind=UnitKind.BUREAU,
        sector=SectorKind.POLICE,
        parent=district,
        is_leading_office=True,
        contact_name="反诈中心",
        contact_phone="0543-0000000",
    )
    sectors = {
        str(kind): Unit.objects.create(
            code=f"sector-{kind}", name=name, kind=UnitKind.SECTOR, sector=kind, parent=district
        )
        for kind, name in SECTORS
    }
    users: list[User] = []

    def user(username: str, role: str, unit: Unit | None, name: str) -> User:
        u = User(
            username=username,
            role=role,
            unit=unit,
            display_name=name,
            password=password,
            is_demo=True,
            capacity=rng.randint(4, 8),
        )
        users.append(u)
        return u

    user("admin", Role.ADMIN, bureau, "区反诈办管理员")
    user("leader", Role.LEADER, None, "开发区领导")
    for kind, unit in sectors.items():
        user(f"liaison-{kind}", Role.LIAISON, unit, f"{unit.name}联络员")
    user("liaison-police", Role.LIAISON, bureau, "公安分局联络员")

    # 8 communities per office (fewer below scale 1), grids grow with the scale.
    n_communities = 8 if ctx.scale >= 1 else max(1, round(8 * ctx.scale))
    grids_per_community = max(1, round(7.5 * ctx.scale))
    grid_rows: list[Grid] = []
    worker_grids: list[tuple[User, list[Grid]]] = []
    for i, (office_name, short) in enumerate(zip(OFFICES, OFFICE_SHORT, strict=True), start=1):
        seat = _offset(geo, CENTRE, OFFICE_RING_KM, angle=2 * math.pi * i / len(OFFICES))
        office = Unit.objects.create(
            code=f"office-{i}",
            name=office_name,
            kind=UnitKind.OFFICE,
            parent=district,
            contact_name=f"{short}综治办",
            latitude=seat[0],
            longitude=seat[1],
        )
        station = Unit.objects.create(
            code=f"station-{i}", name=f"{short}派出所", kind=UnitKind.STATION, parent=bureau
        )
        user(f"liaison-office-{i}", Role.LIAISON, office, f"{short}办事处联络员")
        for k in range(1, 4):
            user(f"officer-{i}-{k}", Role.OFFICER, station, f"{short}派出所民警{k}")
        office_grids: list[Grid] = []
        for c in range(1, n_communities + 1):
            village = c > n_communities * 5 // 8
            point = _offset(geo, seat, COMMUNITY_SPREAD_KM)
            community = Unit.objects.create(
                code=f"office-{i}-c{c}",
                name=f"{short}{rng.choice(WORDS)}{'村' if village else '社区'}",
                kind=UnitKind.VILLAGE if village else UnitKind.COMMUNITY,
                parent=office,
                police_station=station,
                latitude=point[0],
                longitude=point[1],
            )
            if c <= 2:
                user(f"liaison-office-{i}-c{c}", Role.LIAISON, community, f"{community.name}联络员")
            for g in range(1, grids_per_community + 1):
                grid = Grid(
                    code=f"g-{i}-{c}-{g}",
                    name=f"{community.name}第{g}网格",
                    community=community,
                    office=office,
                    station=station,
                )
                office_grids.append(grid)
        grid_rows.extend(office_grids)
        # About 18 grid workers per office at scale 1, each working 3–4 grids.
        for w in range(0, len(office_grids), 4):
            worker = user(
                f"worker-{i}-{w // 4 + 1}", Role.GRID_WORKER, office, f"{short}网格员{w // 4 + 1}"
            )
            worker_grids.append((worker, office_grids[w : w + 4]))
    Grid.objects.bulk_create(grid_rows, batch_size=1000)
    User.objects.bulk_create(users, batch_size=500)
    saved = {u.username: u for u in User.objects.filter(is_demo=True)}
    grid_ids = {g.code: g.pk for g in Grid.objects.all()}
    through = Grid.workers.through
    through.objects.bulk_create(
        [
            through(grid_id=grid_ids[g.code], user_id=saved[w.username].pk)
            for w, grids in worker_grids
            for g in grids
        ],
        batch_size=2000,
    )

    # Places.
    kind_to_sector = sector_by_place_kind()
    grids = list(Grid.objects.select_related("community").order_by("pk"))
    places: list[Place] = []
    seen_uscc: set[str] = set()
    for grid in grids:
        for kind, per_grid in PLACE_MIX:
            count = int(per_grid) + (1 if rng.random() < per_grid - int(per_grid) else 0)
            for _ in range(count):
                word = rng.choice(WORDS)
                if kind == PlaceKind.COMPOUND:
                    name = f"{grid.community.name[:-2]}{rng.choice(COMPOUNDS)}"
                else:
                    name = (
                        f"滨州{word}{KIND_SUFFIX[kind]}"
                        if kind == PlaceKind.ENTERPRISE
                        else f"{word}{KIND_SUFFIX[kind]}"
                    )
                sealed = seal_normalised_phone(mobile(rng))
                code = None
                if kind == PlaceKind.ENTERPRISE:
                    code = _uscc(rng)
                    while code in seen_uscc:
                        code = _uscc(rng)
                    seen_uscc.add(code)
                sector = kind_to_sector.get(str(kind))
                places.append(
                    Place(
                        name=name,
                        kind=kind,
                        uscc=code,
                        address=address(rng, grid.community.name),
                        grid=grid,
                        territory_unit_id=grid.office_id,
                        sector_unit=sectors.get(sector) if sector else None,
                        contact_name=person_name(rng, rng.choice("MF")),
                        contact_phone_cipher=sealed.cipher,
                        contact_phone_index=sealed.index,
                        contact_phone_mask=sealed.mask,
                        employees=rng.randint(20, 400)
                        if kind == PlaceKind.ENTERPRISE
                        else rng.randint(2, 30),
                    )
                )
    services = Place(
        name="开发区政务服务中心",
        kind=PlaceKind.SERVICE_CENTRE,
        address="开发区黄河五路1号",
        grid=grids[0],
        territory_unit_id=grids[0].office_id,
        contact_name="服务中心办公室",
    )
    places.append(services)
    Place.objects.bulk_create(places, batch_size=2000)
    ctx.log(
        f"  units {Unit.objects.count()}, grids {len(grids)}, places {len(places)}, "
        f"staff {len(users)}"
    )
