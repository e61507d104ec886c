"""Writing validated records: sealed identifiers, bulk inserts in large batches.

Residents come by the million, so on PostgreSQL they go in through psycopg's ``COPY ... FROM
STDIN`` straight into the real table (several times faster than INSERT); elsewhere, and for the
smaller kinds, ``bulk_create``. Nothing here validates: ``fanzha.imports.validators`` did, and the
runner holds the transaction that makes a file all-or-nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection
from django.utils import timezone

from fanzha.imports.validators import (
    HouseholdRecord,
    NewHousehold,
    PlaceRecord,
    RegistrationRecord,
    ResidentRecord,
)
from fanzha.lib.sealed import seal_normalised_id, seal_normalised_phone

RESIDENT_COLUMNS = (
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
    "created_at",
    "updated_at",
)


def _column(model: Any, name: str) -> str:
    field = model._meta.get_field(name)
    return str(field.column)


def use_copy() -> bool:
    return connection.vendor == "postgresql"


def create_households(new: Sequence[NewHousehold | HouseholdRecord]) -> dict[str, int]:
    """Insert households; returns their ids by code."""
    from fanzha.people.models import Household

    now = timezone.now()
    objs = [
        Household(code=h.code, address=h.address, grid_id=h.grid_id, created_at=now, updated_at=now)
        for h in new
    ]
    Household.objects.bulk_create(objs, batch_size=2000)
    if objs and objs[0].pk is None:  # a backend that cannot return ids
        return dict(
            Household.objects.filter(code__in=[h.code for h in new]).values_list("code", "pk")
        )
    return {o.code: o.pk for o in objs}


def _resident_tuples(records: Sequence[ResidentRecord]) -> list[tuple[Any, ...]]:
    now = timezone.now()
    rows = []
    for r in records:
        sid = seal_normalised_id(r.id_number)
        if r.phone:
            sp = seal_normalised_phone(r.phone)
            phone = (sp.cipher, sp.index, sp.mask)
        else:
            phone = ("", "", "")
        rows.append(
            (
                r.name,
                sid.cipher,
                sid.index,
                sid.mask,
                *phone,
                r.birth_date,
                r.gender,
                r.household_id,
                r.grid_id,
                r.employer_id,
                r.tags,
                now,
                now,
            )
        )
    return rows


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    """A text value for COPY's text format (only free text can hold these characters)."""
    if "\\" in value or "\t" in value or "\n" in value or "\r" in value:
        return value.translate(_COPY_ESCAPES)
    return value


def _opt(value: int | None) -> str:
    return "\\N" if value is None else str(value)


class ResidentWriter:
    """Writes resident records; on PostgreSQL as one ``COPY`` for the whole file, so the
    database builds rows and indexes while Python checks and seals the next batch (both cores
    busy), and lines are formatted here rather than per value by the driver."""

    def __init__(self) -> None:
        self.copy_cm: Any = None
        self.copy: Any = None
        self.cursor: Any = None

    def __enter__(self) -> ResidentWriter:
        if use_copy():
            from fanzha.people.models import Resident

            qn = connection.ops.quote_name
            columns = ", ".join(qn(_column(Resident, c)) for c in RESIDENT_COLUMNS)
            self.cursor = connection.cursor()
            self.copy_cm = self.cursor.cursor.copy(
                f"COPY {qn(Resident._meta.db_table)} ({columns}) FROM STDIN"
            )
            self.copy = self.copy_cm.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self.copy_cm is not None:
            self.copy_cm.__exit__(*exc)
            self.cursor.close()

    def write(self, records: Sequence[ResidentRecord]) -> int:
        if self.copy is None:
            return write_residents(records)
        now = timezone.now().isoformat()
        lines = []
        for r in records:
            sid = seal_normalised_id(r.id_number)
            if r.phone:
                sp = seal_normalised_phone(r.phone)
                phone = f"{sp.cipher}\t{sp.index}\t{sp.mask}"
            else:
                phone = "\t\t"
            lines.append(
                f"{_copy_text(r.name)}\t{sid.cipher}\t{sid.index}\t{sid.mask}\t{phone}\t"
                f"{r.birth_date.isoformat()}\t{r.gender}\t{_opt(r.household_id)}\t{r.grid_id}\t"
                f"{_opt(r.employer_id)}\t{_copy_text(r.tags)}\t{now}\t{now}\n"
            )
        self.copy.write("".join(lines))
        return len(lines)


def write_residents(records: Sequence[ResidentRecord]) -> int:
    """bulk_create: SQLite and other databases without COPY."""
    from fanzha.people.models import Resident

    rows = _resident_tuples(records)
    Resident.objects.bulk_create(
        [Resident(**dict(zip(RESIDENT_COLUMNS, row, strict=True))) for row in rows],
        batch_size=1000,
    )
    return len(rows)


def write_households(records: Sequence[HouseholdRecord]) -> int:
    return len(create_households(records))


def write_places(records: Sequence[PlaceRecord]) -> int:
    from fanzha.places.models import Place

    now = timezone.now()
    objs = []
    for r in records:
        place = Place(
            name=r.name,
            kind=r.kind,
            uscc=r.uscc,
            address=r.address,
            grid_id=r.grid_id,
            territory_unit_id=r.territory_unit_id,
            sector_unit_id=r.sector_unit_id,
            contact_name=r.contact_name,
            employees=r.employees,
            created_at=now,
            updated_at=now,
        )
        if r.contact_phone:
            sealed = seal_normalised_phone(r.contact_phone)
            place.contact_phone_cipher = sealed.cipher
            place.contact_phone_index = sealed.index
            place.contact_phone_mask = sealed.mask
        objs.append(place)
    Place.objects.bulk_create(objs, batch_size=1000)
    return len(objs)


def write_registrations(records: Sequence[RegistrationRecord]) -> int:
    from fanzha.registrations.choices import RegistrationSource
    from fanzha.registrations.models import FamilyMember, Registration

    now = timezone.now()
    objs = []
    for r in records:
        sealed = seal_normalised_phone(r.phone)
        objs.append(
            Registration(  # type: ignore[misc]  # ids are set by check_batch
                registrant_id=r.registrant_id,
                phone_cipher=sealed.cipher,
                phone_index=sealed.index,
                phone_mask=sealed.mask,
                grid_id=r.grid_id,
                community_id=r.community_id,
                officer_id=r.officer_id,
                station_id=r.station_id,
                tags=r.tags,
                source=RegistrationSource.IMPORT,
                registered_at=r.registered_at,
                family_count=len(r.family),
                created_at=now,
                updated_at=now,
            )
        )
    Registration.objects.bulk_create(objs, batch_size=1000)
    if objs and objs[0].pk is None:
        ids = dict(
            Registration.objects.filter(
                registrant_id__in=[r.registrant_id for r in records]
            ).values_list("registrant_id", "pk")
        )
        for obj in objs:
            obj.pk = ids[obj.registrant_id]
    members = []
    for obj, record in zip(objs, records, strict=True):
        for m in record.family:
            sealed = seal_normalised_phone(m.phone)
            members.append(
                FamilyMember(
                    registration_id=obj.pk,
                    name=m.name,
                    relation=m.relation,
                    phone_cipher=sealed.cipher,
                    phone_index=sealed.index,
                    phone_mask=sealed.mask,
                )
            )
    FamilyMember.objects.bulk_create(members, batch_size=2000)
    return len(objs)
