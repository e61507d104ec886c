"""Demo district, outreach: household pledges (most households), a year of 六进 publicity
activities up to the demo's today, and banners hung at most venues for the demo's year."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from fanzha.core.demo import DemoContext
from fanzha.org.choices import UnitKind
from fanzha.org.models import Unit
from fanzha.outreach import banners, casefigures
from fanzha.outreach.choices import PublicityForm, UploadKind
from fanzha.outreach.models import Activity, BannerHanging, Pledge
from fanzha.outreach.uploads import check_upload, store
from fanzha.places.choices import PlaceKind
from fanzha.places.models import Place

PLEDGE_SHARE = 0.86
ELECTRONIC_SHARE = 0.3
ACTIVITIES_PER_UNIT_MONTH = 2
CARD_SHARE = 0.45
BANNER_SHARE = 0.65
PHOTOS = 12
BATCH = 5000

CATEGORY_BY_KIND: dict[str, str] = {
    PlaceKind.ENTERPRISE: "enterprise",
    PlaceKind.SITE: "enterprise",
    PlaceKind.WORKSHOP: "enterprise",
    PlaceKind.COMPOUND: "compound",
    PlaceKind.SCHOOL: "campus",
    PlaceKind.KINDERGARTEN: "campus",
    PlaceKind.TRAINING: "campus",
    PlaceKind.VILLAGE: "village",
    PlaceKind.COMMUNITY: "community",
}
TITLES = {
    "community": ["反诈宣传进社区", "社区反诈知识讲座", "反诈小课堂进社区"],
    "village": ["反诈宣传进村居", "赶大集反诈宣传", "露天电影反诈宣传"],
    "unit": ["反诈宣传进机关", "单位职工反诈培训"],
    "enterprise": ["反诈宣传进企业", "财务人员防冒充老板诈骗培训", "断卡行动进企业"],
    "compound": ["反诈宣传进小区", "小区反诈宣传栏更新"],
    "campus": ["反诈宣传进校园", "小手拉大手反诈课堂", "防校园贷诈骗讲座"],
}


def _photo(rng_value: int, name: str) -> SimpleUploadedFile:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (480, 320), (200, 30 + rng_value % 100, 40))
    ImageDraw.Draw(image).rectangle((40, 120, 440, 200), fill=(255, 255, 255))
    out = io.BytesIO()
    image.save(out, format="JPEG")
    return SimpleUploadedFile(name, out.getvalue())


def build(ctx: DemoContext) -> None:
    from fanzha.people.models import Household, Resident

    rng = ctx.sub_rng("outreach")
    today = ctx.today

    # -- pledges --------------------------------------------------------------------------------
    heads: dict[int, str] = {}
    for household_id, name in (
        Resident.objects.filter(household__isnull=False)
        .order_by("pk")
        .values_list("household_id", "name")
    ):
        heads.setdefault(household_id, name)
    pledges: list[Pledge] = []
    for household_id, grid_id in Household.objects.order_by("pk").values_list("pk", "grid_id"):
        if rng.random() >= PLEDGE_SHARE:
            continue
        electronic = rng.random() < ELECTRONIC_SHARE
        pledges.append(
            Pledge(
                household_id=household_id,
                grid_id=grid_id,
                method="electronic" if electronic else "paper",
                signer_name=heads.get(household_id, "户主"),
                signed_on=today - timedelta(days=rng.randint(0, 200)),
                channel=rng.choice(["portal", "staff"]) if electronic else "staff",
            )
        )
    Pledge.objects.bulk_create(pledges, batch_size=BATCH)
    for pledge in Pledge.objects.filter(method="paper").order_by("pk")[:PHOTOS]:
        store(
            check_upload(_photo(pledge.pk, "scan.jpg"), UploadKind.PLEDGE_SCAN),
            UploadKind.PLEDGE_SCAN,
            pledge=pledge,
        )
    ctx.log(f"outreach: {len(pledges)} household pledges")

    # -- activities -----------------------------------------------------------------------------
    places_by_office: dict[int, list[tuple[int, int, str, int | None]]] = {}
    places_by_sector: dict[int, list[tuple[int, int, str, int | None]]] = {}
    for pk, grid_id, kind, office_id, community_id, sector_id in Place.objects.values_list(
        "pk", "grid_id", "kind", "territory_unit_id", "grid__community_id", "sector_unit_id"
    ):
        places_by_office.setdefault(office_id, []).append((pk, grid_id, kind, community_id))
        if sector_id:
            places_by_sector.setdefault(sector_id, []).append((pk, grid_id, kind, community_id))
    units = list(
        Unit.objects.filter(
            kind__in=[UnitKind.OFFICE, UnitKind.COMMUNITY, UnitKind.VILLAGE, UnitKind.SECTOR]
        ).order_by("pk")
    )
    forms = [str(f) for f in PublicityForm.values]
    start = today - timedelta(days=364)
    per_unit = ctx.n(ACTIVITIES_PER_UNIT_MONTH * 12)
    activities: list[Activity] = []
    for unit in units:
        if unit.kind == UnitKind.SECTOR:
            pool = places_by_sector.get(unit.pk, [])
        elif unit.kind == UnitKind.OFFICE:
            pool = places_by_office.get(unit.pk, [])
        else:
            pool = [p for p in places_by_office.get(unit.parent_id or 0, []) if p[3] == unit.pk]
        if not pool:
            continue
        for _ in range(per_unit):
            place_id, grid_id, kind, _community = rng.choice(pool)
            category = CATEGORY_BY_KIND.get(kind) or (
                "unit"
                if unit.kind == UnitKind.SECTOR
                else "village"
                if unit.kind == UnitKind.VILLAGE
                else "community"
            )
            chosen = sorted(set(rng.sample(forms, rng.randint(1, 3))))
            activities.append(
                Activity(
                    title=rng.choice(TITLES[category]),
                    category=category,
                    forms="|" + "|".join(chosen) + "|",
                    held_on=start + timedelta(days=rng.randint(0, 364)),
                    unit=unit,
                    place_id=place_id,
                    grid_id=grid_id,
                    headcount=rng.randint(15, 320),
                    materials=rng.randint(0, 600),
                    covers_card=rng.random() < CARD_SHARE,
                    materials_note=rng.choice(["反诈折页", "承诺书", "宣传围裙、购物袋", ""]),
                )
            )
    Activity.objects.bulk_create(activities, batch_size=BATCH)
    for activity in Activity.objects.order_by("-held_on", "pk")[:PHOTOS]:
        store(
            check_upload(_photo(activity.pk, "photo.jpg"), UploadKind.ACTIVITY_PHOTO),
            UploadKind.ACTIVITY_PHOTO,
            activity=activity,
        )
    ctx.log(f"outreach: {len(activities)} publicity activities")

    # -- banners --------------------------------------------------------------------------------
    year = today.year
    venues = list(Place.objects.filter(banners.venue_q()).order_by("pk"))
    figures = casefigures.by_place([v.pk for v in venues], date(year, 1, 1), today)
    hangings: list[BannerHanging] = []
    for venue in venues:
        if rng.random() >= BANNER_SHARE:
            continue
        shown = banners.for_venue(venue, year, figures.get(venue.pk, casefigures.Figures()))
        hangings.append(
            BannerHanging(
                place=venue,
                year=year,
                count=max(3, len(shown.banners or shown.slogans)),
                hung_on=date(year, 1, 1)
                + timedelta(days=rng.randint(0, (today - date(year, 1, 1)).days)),
                texts=shown.banners or shown.slogans,
                case_count=shown.figures.cases,
                loss=shown.figures.loss,
            )
        )
    BannerHanging.objects.bulk_create(hangings, batch_size=BATCH)
    for hanging in BannerHanging.objects.order_by("pk")[:PHOTOS]:
        store(
            check_upload(_photo(hanging.pk, "banner.jpg"), UploadKind.BANNER_PROOF),
            UploadKind.BANNER_PROOF,
            hanging=hanging,
        )
    ctx.log(f"outreach: banners hung at {len(hangings)} of {len(venues)} venues")
