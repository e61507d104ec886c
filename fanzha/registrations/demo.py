"""Demo district, part 3: 48,896 registrations protecting 69,096 people and about 20,000 App
installs at scale 1 (the article's figures, DOMAIN.md §1)."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User
from fanzha.core.demo import DemoContext
from fanzha.core.names import mobile, person_name
from fanzha.lib.sealed import seal_normalised_phone
from fanzha.org.models import Grid
from fanzha.people.models import Resident
from fanzha.registrations.choices import RegistrationSource, Relation
from fanzha.registrations.models import AppInstall, FamilyMember, Registration

REGISTRATIONS = 48_896
PROTECTED = 69_096
APP_INSTALLS = 20_000
BATCH = 5000


def build(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("registrations")
    cutoff = ctx.today.replace(year=ctx.today.year - settings.FANZHA_COVERAGE_MIN_AGE)
    grids = {g.pk: g for g in Grid.objects.all()}
    officers: dict[int, list[int]] = defaultdict(list)
    for pk, unit_id in User.objects.filter(role=Role.OFFICER).values_list("pk", "unit_id"):
        officers[unit_id].append(pk)
    candidates = list(
        Resident.objects.filter(birth_date__lte=cutoff)
        .exclude(phone_index="")
        .values_list(
            "pk", "grid_id", "household_id", "phone_cipher", "phone_index", "phone_mask", "tags"
        )
        .order_by("pk")
    )
    rng.shuffle(candidates)
    chosen = candidates[: ctx.n(REGISTRATIONS)]
    start = ctx.today.replace(month=1, day=1)
    span = (ctx.today - start).days
    rows = []
    for pk, grid_id, _household, cipher, index, mask, tags in chosen:
        grid = grids[grid_id]
        station_officers = officers.get(grid.station_id or 0, [])
        officer = rng.choice(station_officers) if station_officers and rng.random() < 0.8 else None
        # Registrations accelerate as the door-to-door drive goes on.
        day = start + timedelta(days=int(span * rng.random() ** 0.6))
        rows.append(
            Registration(
                registrant_id=pk,
                phone_cipher=cipher,
                phone_index=index,
                phone_mask=mask,
                grid_id=grid_id,
                community_id=grid.community_id,
                officer_id=officer,
                station_id=grid.station_id,
                tags=tags,
                source=rng.choices(
                    [RegistrationSource.QR, RegistrationSource.STAFF, RegistrationSource.PORTAL],
                    weights=[70, 20, 10],
                )[0],
                registered_at=ctx.aware(day, rng.randint(8, 20), rng.randint(0, 59)),
            )
        )
    Registration.objects.bulk_create(rows, batch_size=BATCH)

    # Protection circles: spread the article's family members over the registrations.
    limit = settings.FANZHA_MAX_FAMILY_MEMBERS
    reg_ids = list(
        Registration.objects.values_list(
            "pk", "registrant__household_id", "registrant_id"
        ).order_by("pk")
    )
    target = ctx.n(PROTECTED - REGISTRATIONS) if reg_ids else 0
    counts: Counter[int] = Counter()
    while sum(counts.values()) < target:
        i = rng.randrange(len(reg_ids))
        if counts[i] < limit:
            counts[i] += 1
    household_members: dict[int, list[tuple[int, str, str, str, str]]] = defaultdict(list)
    for pk, household_id, name, cipher, index, mask in Resident.objects.exclude(
        phone_index=""
    ).values_list("pk", "household_id", "name", "phone_cipher", "phone_index", "phone_mask"):
        household_members[household_id].append((pk, name, cipher, index, mask))
    relations = [
        Relation.SPOUSE,
        Relation.PARENT,
        Relation.CHILD,
        Relation.SIBLING,
        Relation.GRANDPARENT,
        Relation.OTHER,
    ]
    members: list[FamilyMember] = []
    family_count: dict[int, int] = {}
    for i, n in counts.items():
        reg_pk, household_id, registrant_id = reg_ids[i]
        relatives = [m for m in household_members.get(household_id, []) if m[0] != registrant_id]
        rng.shuffle(relatives)
        used: set[str] = set()
        for k in range(n):
            resident_id: int | None
            if k < len(relatives):
                resident_id, name, cipher, index, mask = relatives[k]
            else:
                resident_id, name = None, person_name(rng, rng.choice("MF"))
                sealed = seal_normalised_phone(mobile(rng))
                cipher, index, mask = sealed.cipher, sealed.index, sealed.mask
            if index in used:
                continue
            used.add(index)
            members.append(
                FamilyMember(
                    registration_id=reg_pk,
                    name=name,
                    relation=rng.choice(relations),
                    phone_cipher=cipher,
                    phone_index=index,
                    phone_mask=mask,
                    resident_id=resident_id,
                )
            )
        family_count[reg_pk] = len(used)
    FamilyMember.objects.bulk_create(members, batch_size=BATCH)
    by_count: dict[int, list[int]] = defaultdict(list)
    for reg_pk, n in family_count.items():
        by_count[n].append(reg_pk)
    for n, pks in by_count.items():
        for j in range(0, len(pks), 900):
            Registration.objects.filter(pk__in=pks[j : j + 900]).update(family_count=n)

    # App installs: mostly people who also registered (same door-to-door visit).
    registrant_ids = [c[0] for c in chosen]
    others = [c[0] for c in candidates[len(chosen) :]]
    n_installs = ctx.n(APP_INSTALLS)
    picked = rng.sample(registrant_ids, min(len(registrant_ids), int(n_installs * 0.7)))
    picked += rng.sample(others, min(len(others), n_installs - len(picked)))
    AppInstall.objects.bulk_create(
        [
            AppInstall(
                resident_id=pk,
                warning_enabled=rng.random() < 0.85,
                installed_on=start + timedelta(days=int(span * rng.random() ** 0.7)),
            )
            for pk in picked
        ],
        batch_size=BATCH,
    )
    ctx.log(
        f"  registrations {len(rows)}, family members {len(members)}, app installs {len(picked)}"
    )
