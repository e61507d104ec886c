"""Demo district, part 2: about 55,000 households and 170,000 residents at scale 1."""

from __future__ import annotations

from fanzha.core.bulk import insert_rows
from fanzha.core.demo import DemoContext
from fanzha.core.names import COMPOUNDS, ROADS, birth_date, id_number, mobile, person_name
from fanzha.lib.identifiers import age_on
from fanzha.lib.sealed import seal_normalised_id, seal_normalised_phone
from fanzha.org.models import Grid
from fanzha.people.models import Household, Resident
from fanzha.places.choices import PlaceKind
from fanzha.places.models import Place

HOUSEHOLDS = 55_000
# Household sizes 1..6, weighted to about 3.1 people per household.
SIZES = [1, 2, 3, 4, 5, 6]
SIZE_WEIGHTS = [10, 24, 30, 22, 10, 4]
REGIONS = ["371602", "371621", "371622", "371623", "371625", "371626", "370203", "372301"]
BATCH = 5000


def build(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("people")
    grids = list(Grid.objects.select_related("community").order_by("pk"))
    employers: dict[int, list[int]] = {}
    for pk, grid_id, kind in Place.objects.values_list("pk", "grid_id", "kind"):
        if kind not in (PlaceKind.COMPOUND, PlaceKind.SERVICE_CENTRE):
            employers.setdefault(grid_id, []).append(pk)
    all_employers = [pk for pks in employers.values() for pk in pks]
    n_households = ctx.n(HOUSEHOLDS)
    households = []
    for h in range(n_households):
        grid = grids[h % len(grids)]
        households.append(
            Household(
                code=f"H{h + 1:07d}",
                grid_id=grid.pk,
                address=f"{grid.community.name}{rng.choice(COMPOUNDS)}{rng.randint(1, 30)}号楼"
                f"{rng.randint(1, 6)}单元{rng.randint(101, 1802)}"
                if rng.random() < 0.7
                else f"{grid.community.name}{rng.choice(ROADS)}街{h % 400 + 1}号",
            )
        )
    insert_rows(
        Household,
        ["code", "grid_id", "address"],
        ((h.code, h.grid_id, h.address) for h in households),
    )
    household_rows = list(Household.objects.values_list("pk", "grid_id").order_by("pk"))

    seen_ids: set[str] = set()
    seen_phones: set[str] = set()

    def residents():
        for household_id, grid_id in household_rows:
            size = rng.choices(SIZES, weights=SIZE_WEIGHTS)[0]
            for member in range(size):
                # Head and spouse are adults; others span all ages.
                age_range = (25, 80) if member < 2 else (0, 90)
                birth = birth_date(rng, ctx.today, *age_range)
                gender = rng.choice("MF")
                number = ""
                while not number or number in seen_ids:
                    seq = rng.randrange(500) * 2 + (1 if gender == "M" else 0)
                    number = id_number(rng.choice(REGIONS), birth, seq)
                seen_ids.add(number)
                age = age_on(birth, ctx.today)
                phone = ""
                if age >= 12 and rng.random() < 0.93:
                    while not phone or phone in seen_phones:
                        phone = mobile(rng)
                    seen_phones.add(phone)
                tags = []
                employer_id = None
                if age >= 60:
                    tags.append("elderly")
                elif 6 <= age <= 22 and rng.random() < 0.9:
                    tags.append("student")
                elif 22 < age < 60 and rng.random() < 0.45:
                    pool = employers.get(grid_id) or all_employers
                    employer_id = (
                        rng.choice(pool) if rng.random() < 0.6 else rng.choice(all_employers)
                    )
                    roll = rng.random()
                    if roll < 0.06:
                        tags.append("finance")
                    elif roll < 0.09:
                        tags.append("owner")
                sealed_id = seal_normalised_id(number)
                sealed_phone = seal_normalised_phone(phone) if phone else None
                yield (
                    person_name(rng, gender),
                    sealed_id.cipher,
                    sealed_id.index,
                    sealed_id.mask,
                    sealed_phone.cipher if sealed_phone else "",
                    sealed_phone.index if sealed_phone else "",
                    sealed_phone.mask if sealed_phone else "",
                    birth,
                    gender,
                    household_id,
                    grid_id,
                    employer_id,
                    "|" + "|".join(tags) + "|" if tags else "",
                )

    total = insert_rows(
        Resident,
        [
            "name",
            "id_cipher",
            "id_index",
            "id_mask",
            "phone_cipher",
            "phone_index",
            "phone_mask",
            "birth_date",
            "gender",
            "household_id",
            "grid_id",
            "employer_id",
            "tags",
        ],
        residents(),
    )
    ctx.log(f"  households {len(household_rows)}, residents {total}")
