"""Row validation for each import kind.

A validator checks one row at a time (``check``) and, for rules that need the database, one
batch at a time (``check_batch``: duplicates against stored rows, registrants by ID number). It
never writes; it turns good rows into plain records for ``fanzha.imports.store`` and bad cells
into report entries (row, column as headed in the file, reason in Chinese).

The resident path is the hot one (a district hands over a million rows): it avoids per-row
queries and the phone-number library for the plain 11-digit form, which is the common case.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import mul
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.imports.lookups import GridInfo, Lookups, Unresolved
from fanzha.imports.schema import RESIDENTS, HeaderMap, KindSchema
from fanzha.lib import crypto
from fanzha.lib.identifiers import normalize_mobile, normalize_uscc, parse_resident_id
from fanzha.lib.sealed import PHONE, RESIDENT_ID

_PLAIN_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_TAG_SPLIT = re.compile(r"[,，、;；|/\s]+")
_NAME_MAX = 50


@dataclass
class ReportEntry:
    row: int
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass
class Report:
    """Every bad cell of a file. All are counted; the first ``keep`` are kept for the page and
    the .xlsx error report, so a file of a million bad rows cannot fill the database."""

    keep: int
    entries: list[ReportEntry] = field(default_factory=list)
    count: int = 0
    bad_rows: set[int] = field(default_factory=set)

    def add(self, row: int, column: str, reason: str) -> None:
        self.count += 1
        self.bad_rows.add(row)
        if len(self.entries) < self.keep:
            self.entries.append(ReportEntry(row, column, reason))

    def sorted_dicts(self) -> list[dict[str, Any]]:
        return [e.as_dict() for e in sorted(self.entries, key=lambda e: (e.row, e.column))]


# -- identifier checks with Chinese reasons ------------------------------------------------------
def check_mobile(text: str) -> str:
    """A mainland mobile number in 11 digits; raises ValueError with the reason."""
    if _PLAIN_MOBILE.match(text):
        return text  # the common case, exactly what normalize_mobile would return
    if "*" in text:
        raise ValueError(_("The phone number is masked (it contains *); give the full number."))
    try:
        return normalize_mobile(text)
    except ValidationError:
        raise ValueError(
            _("Not a mainland mobile number (11 digits starting with 13–19, +86 allowed).")
        ) from None


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


_ID_WEIGHT_SUM_ZERO = 48 * sum(_ID_WEIGHTS)  # the weighted sum of 17 ASCII "0"s


def _plain_resident_id(text: str, today: date) -> tuple[str, date, str] | None:
    """The common case at a tenth of the cost: 18 plain characters with a right check
    character and a real, past birth date (GB 11643, the same arithmetic python-stdnum does).
    Anything else returns None and goes through ``parse_resident_id``, which gives the reason."""
    if len(text) != 18 or not text[:17].isdigit() or not text.isascii():
        return None
    digits = text[:17]
    # Weighted sum over the ASCII codes in C (map over bytes), minus the codes' zero offset.
    total = sum(map(mul, digits.encode(), _ID_WEIGHTS)) - _ID_WEIGHT_SUM_ZERO
    last = text[17].upper()
    if _ID_CHECK[total % 11] != last:
        return None
    try:
        birth = date(int(text[6:10]), int(text[10:12]), int(text[12:14]))
    except ValueError:
        return None
    if birth > today:
        return None
    return digits + last, birth, "M" if int(text[16]) % 2 == 1 else "F"


def check_resident_id(text: str, today: date | None = None) -> tuple[str, date, str]:
    plain = _plain_resident_id(text, today or date.today())
    if plain is not None:
        return plain
    if "*" in text:
        # An export of the registry shows masked numbers; they cannot be imported back.
        raise ValueError(_("The ID number is masked (it contains *); give the full number."))
    try:
        parsed = parse_resident_id(text)
    except ValidationError as exc:
        if exc.code == "length":
            raise ValueError(_("The ID number must have 18 characters.")) from None
        if exc.code == "invalid":
            raise ValueError(
                _("The ID number is invalid: its check character or birth date is wrong.")
            ) from None
        raise ValueError(_("The ID number has a birth date in the future.")) from None
    return parsed.number, parsed.birth_date, parsed.gender


def tag_lookup() -> dict[str, str]:
    """Tag codes and their labels (Chinese and English) to codes."""
    from fanzha.people.choices import BuiltinTag, tag_choices

    mapping: dict[str, str] = {}
    for code, label in tag_choices():
        mapping[code.lower()] = code
        mapping[str(label)] = code
    for choice in BuiltinTag:
        mapping[str(choice.label)] = str(choice.value)
    # Words districts use for the built-in groups.
    mapping.update(
        {
            "老人": "elderly",
            "老年人": "elderly",
            "学生": "student",
            "财务": "finance",
            "财务人员": "finance",
            "会计": "finance",
            "企业主": "owner",
            "企业负责人": "owner",
            "企业管理人员": "owner",
            "公职人员": "public_servant",
            "党员": "party_member",
        }
    )
    return mapping


def parse_tags(text: str, vocabulary: dict[str, str]) -> str:
    """``|code|code|`` (the stored form, see Resident.tags); raises ValueError on unknown tags."""
    codes = set()
    for token in _TAG_SPLIT.split(text):
        if not token:
            continue
        code = vocabulary.get(token) or vocabulary.get(token.lower())
        if code is None:
            raise ValueError(_("Unknown tag %(tag)s.") % {"tag": token})
        codes.add(code)
    return "|" + "|".join(sorted(codes)) + "|" if codes else ""


def parse_when(text: str) -> datetime:
    cleaned = text.replace("/", "-").replace("T", " ").strip()
    for fmt in ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%Y%m%d"):
        try:
            value = datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        return timezone.make_aware(value) if timezone.is_naive(value) else value
    raise ValueError(_("Not a date; write it as 2021-05-27 or 2021-05-27 09:30."))


def existing(model: Any, column: str, values: list[str]) -> set[str]:
    """Which of ``values`` are already stored in ``model.column``. Raw SQL on purpose: building
    an ``__in`` lookup of thousands of values costs Django more than the query costs the
    database. On PostgreSQL the values go as one array parameter."""
    from django.db import connection

    if not values:
        return set()
    table = connection.ops.quote_name(model._meta.db_table)
    col = connection.ops.quote_name(model._meta.get_field(column).column)
    found: set[str] = set()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {col} FROM {table} WHERE {col} = ANY(%s)", [values])  # noqa: S608
            found.update(row[0] for row in cursor.fetchall())
            return found
        step = 500  # well under SQLite's limit on parameters
        for i in range(0, len(values), step):
            chunk = values[i : i + step]
            marks = ", ".join(["%s"] * len(chunk))
            cursor.execute(f"SELECT {col} FROM {table} WHERE {col} IN ({marks})", chunk)  # noqa: S608
            found.update(row[0] for row in cursor.fetchall())
    return found


# -- the validators -----------------------------------------------------------------------------
class RowValidator:
    """Shared machinery: cell access by field, error reporting with the file's own headers."""

    schema: KindSchema

    def __init__(
        self, lookups: Lookups, headers: HeaderMap, report: Report, *, storing: bool = False
    ) -> None:
        self.lookups = lookups
        self.headers = headers
        self.report = report
        # While storing, duplicates against the database are left to the unique constraints
        # (pass 1 already checked; a row stored by someone else in between aborts the store).
        self.storing = storing
        self.today = date.today()
        self._columns = [(key, index) for key, index in headers.columns.items()]

    def cells(self, cells: list[str]) -> dict[str, str]:
        n = len(cells)
        return {key: (cells[i] if i < n else "") for key, i in self._columns}

    def error(self, row: int, key: str, reason: str) -> None:
        self.report.add(row, self.headers.label(key), reason)

    def first_in_file(
        self, row: int, key: str, value: str, seen: dict[str, int], message: str
    ) -> bool:
        """Remember the row ``value`` first appeared in; when an earlier row of the file has it,
        report ``message`` (which names that row as ``%(row)s``) and return False."""
        if value in seen:
            self.error(row, key, message % {"row": seen[value]})
            return False
        seen[value] = row
        return True

    def required(self, row: int, values: dict[str, str], key: str) -> str | None:
        value = values.get(key, "")
        if not value:
            self.error(row, key, _("This column is required."))
            return None
        return value

    def grid(self, row: int, key: str, text: str) -> GridInfo | None:
        try:
            return self.lookups.grid(text)
        except Unresolved as exc:
            self.error(row, key, str(exc))
            return None

    def check(self, row: int, cells: list[str]) -> Any:
        raise NotImplementedError

    def check_batch(self, records: list[Any]) -> list[Any]:
        """Database rules for a batch of records that passed ``check``; returns the good ones."""
        return records

    def finish(self) -> None:
        """Rules that need the whole file (references to rows further down)."""


@dataclass(slots=True)
class ResidentRecord:
    row: int
    name: str
    id_number: str
    birth_date: date
    gender: str
    phone: str
    household_code: str
    household_id: int | None
    grid_id: int
    employer_id: int | None
    tags: str


@dataclass
class NewHousehold:
    row: int
    code: str
    address: str
    grid_id: int


class ResidentValidator(RowValidator):
    def __init__(
        self, lookups: Lookups, headers: HeaderMap, report: Report, *, storing: bool = False
    ) -> None:
        super().__init__(lookups, headers, report, storing=storing)
        from fanzha.people.models import Household

        self.households: dict[str, tuple[int, int]] = {
            code: (pk, grid_id)
            for pk, code, grid_id in Household.objects.values_list("pk", "code", "grid_id")
        }
        self.new_households: dict[str, NewHousehold] = {}
        self._pending_households: list[tuple[int, str]] = []
        # 17 digits of an ID number as an int: a million of them fit in a small dict.
        self.seen_ids: dict[int, int] = {}
        self.tags = tag_lookup()
        if "employer" in headers.columns:
            # Everything a row may refer to is loaded now: pass 2 streams rows into a COPY,
            # during which the connection cannot answer another query.
            lookups.load_places()
        self.width = max(headers.columns.values(), default=0) + 1
        self.i = {f.key: headers.columns.get(f.key, self.width) for f in RESIDENTS.fields}

    def check(self, row: int, cells: list[str]) -> ResidentRecord | None:
        # Plain index access instead of a dict per row: this runs a million times. Cells are
        # padded so a short row, and a column the file lacks (index ``width``), read as "".
        if len(cells) <= self.width:
            cells = cells + [""] * (self.width + 1 - len(cells))
        i = self.i
        name = cells[i["name"]]
        ok = True
        if not name:
            self.error(row, "name", _("This column is required."))
            ok = False
        elif len(name) > _NAME_MAX:
            self.error(row, "name", _("Longer than %(max)s characters.") % {"max": _NAME_MAX})
            ok = False

        id_text = cells[i["id_number"]]
        number, birth, gender = "", date.min, ""
        if not id_text:
            self.error(row, "id_number", _("This column is required."))
            ok = False
        else:
            try:
                number, birth, gender = check_resident_id(id_text, self.today)
            except ValueError as exc:
                self.error(row, "id_number", str(exc))
                ok = False
            else:
                key = int(number[:17]) * 11 + (10 if number[17] == "X" else int(number[17]))
                first = self.seen_ids.get(key)
                if first is not None:
                    self.error(
                        row,
                        "id_number",
                        _("Duplicate ID number: already in row %(row)s of this file.")
                        % {"row": first},
                    )
                    ok = False
                else:
                    self.seen_ids[key] = row

        phone = cells[i["phone"]]
        if phone:
            try:
                phone = check_mobile(phone)
            except ValueError as exc:
                self.error(row, "phone", str(exc))
                ok = False

        household_code = cells[i["household"]]
        household_id: int | None = None
        grid_id: int | None = None
        if household_code:
            known = self.households.get(household_code)
            if known is not None:
                household_id, grid_id = known
                info = self.lookups.grids_by_id.get(grid_id)
                if info is not None:
                    try:
                        self.lookups.check_grid(info)
                    except Unresolved as exc:
                        self.error(row, "household", str(exc))
                        ok = False

        grid_text = cells[i["grid"]]
        if grid_text:
            info = self.grid(row, "grid", grid_text)
            if info is None:
                ok = False
            else:
                grid_id = info.id
        elif grid_id is None:
            self.error(row, "grid", _("Give the grid code (or a registered household number)."))
            ok = False

        if household_code and household_id is None and grid_id is not None:
            address = cells[i["household_address"]]
            new = self.new_households.get(household_code)
            if new is None and address:
                self.new_households[household_code] = NewHousehold(
                    row, household_code, address, grid_id
                )
            elif new is not None and new.grid_id != grid_id and grid_text:
                self.error(
                    row,
                    "grid",
                    _("Household %(code)s is in another grid in row %(row)s.")
                    % {"code": household_code, "row": new.row},
                )
                ok = False
            elif new is None:
                self._pending_households.append((row, household_code))

        employer_id: int | None = None
        employer = cells[i["employer"]]
        if employer:
            try:
                employer_id = self.lookups.place(employer)
            except Unresolved as exc:
                self.error(row, "employer", str(exc))
                ok = False

        tags = cells[i["tags"]]
        if tags:
            try:
                tags = parse_tags(tags, self.tags)
            except ValueError as exc:
                self.error(row, "tags", str(exc))
                ok = False

        if not ok or grid_id is None:
            return None
        return ResidentRecord(
            row,
            name,
            number,
            birth,
            gender,
            phone,
            household_code,
            household_id,
            grid_id,
            employer_id,
            tags,
        )

    def check_batch(self, records: list[ResidentRecord]) -> list[ResidentRecord]:
        from fanzha.people.models import Resident

        if not records:
            return records
        if self.storing:
            return records
        indexes = {crypto.blind_index(r.id_number, purpose=RESIDENT_ID): r for r in records}
        taken = existing(Resident, "id_index", list(indexes))
        if not taken:
            return records
        for index in taken:
            record = indexes[index]
            self.error(
                record.row,
                "id_number",
                _("This ID number belongs to a resident already in the registry."),
            )
        bad = {indexes[i].row for i in taken}
        return [r for r in records if r.row not in bad]

    def finish(self) -> None:
        for row, code in self._pending_households:
            if code not in self.new_households:
                self.error(
                    row,
                    "household",
                    _(
                        "Household %(code)s does not exist; register it first or give its address "
                        "in the 户籍地址 column."
                    )
                    % {"code": code},
                )


@dataclass(slots=True)
class HouseholdRecord:
    row: int
    code: str
    address: str
    grid_id: int


class HouseholdValidator(RowValidator):
    def __init__(
        self, lookups: Lookups, headers: HeaderMap, report: Report, *, storing: bool = False
    ) -> None:
        super().__init__(lookups, headers, report, storing=storing)
        self.seen: dict[str, int] = {}

    def check(self, row: int, cells: list[str]) -> HouseholdRecord | None:
        values = self.cells(cells)
        code = self.required(row, values, "code")
        address = self.required(row, values, "address")
        grid_text = self.required(row, values, "grid")
        info = self.grid(row, "grid", grid_text) if grid_text else None
        if code:
            if len(code) > 40:
                self.error(row, "code", _("Longer than %(max)s characters.") % {"max": 40})
                code = None
            elif code in self.seen:
                self.error(
                    row,
                    "code",
                    _("Duplicate household number: already in row %(row)s of this file.")
                    % {"row": self.seen[code]},
                )
                code = None
            else:
                self.seen[code] = row
        if address and len(address) > 200:
            self.error(row, "address", _("Longer than %(max)s characters.") % {"max": 200})
            address = None
        if not (code and address and info):
            return None
        return HouseholdRecord(row, code, address, info.id)

    def check_batch(self, records: list[HouseholdRecord]) -> list[HouseholdRecord]:
        from fanzha.people.models import Household

        if self.storing:
            return records
        taken = set(
            Household.objects.filter(code__in=[r.code for r in records]).values_list(
                "code", flat=True
            )
        )
        for r in records:
            if r.code in taken:
                self.error(r.row, "code", _("This household number is already registered."))
        return [r for r in records if r.code not in taken]


@dataclass(slots=True)
class PlaceRecord:
    row: int
    name: str
    kind: str
    uscc: str | None
    address: str
    grid_id: int
    territory_unit_id: int
    sector_unit_id: int | None
    contact_name: str
    contact_phone: str
    employees: int


def place_kind_lookup() -> dict[str, str]:
    from fanzha.places.choices import PlaceKind

    mapping: dict[str, str] = {}
    for choice in PlaceKind:
        mapping[str(choice.value)] = str(choice.value)
        mapping[str(choice.label)] = str(choice.value)
        mapping[str(choice.label).lower()] = str(choice.value)
    mapping.update(
        {
            "社区": "community",
            "村居": "village",
            "村": "village",
            "小区": "compound",
            "企业": "enterprise",
            "公司": "enterprise",
            "学校": "school",
            "幼儿园": "kindergarten",
            "培训机构": "training",
            "建筑工地": "site",
            "工地": "site",
            "诊所": "clinic",
            "小医院": "clinic",
            "理发店": "barber",
            "药店": "pharmacy",
            "商店": "shop",
            "小商店": "shop",
            "小餐饮": "eatery",
            "餐饮店": "eatery",
            "食品店": "food_shop",
            "作坊": "workshop",
            "小作坊": "workshop",
            "银行": "bank",
            "酒店": "hotel",
            "宾馆": "hotel",
            "饭店": "restaurant",
            "餐馆": "restaurant",
            "政务服务中心": "service_centre",
        }
    )
    return mapping


class PlaceValidator(RowValidator):
    def __init__(
        self, lookups: Lookups, headers: HeaderMap, report: Report, *, storing: bool = False
    ) -> None:
        super().__init__(lookups, headers, report, storing=storing)
        self.kinds = place_kind_lookup()
        self.seen_uscc: dict[str, int] = {}
        self._default_sector: dict[str, int | None] = {}

    def default_sector(self, kind: str) -> int | None:
        if kind not in self._default_sector:
            from fanzha.places.responsibility import sector_unit_for

            unit = sector_unit_for(kind)
            self._default_sector[kind] = unit.pk if unit else None
        return self._default_sector[kind]

    def check(self, row: int, cells: list[str]) -> PlaceRecord | None:
        from fanzha.places.choices import PlaceKind

        values = self.cells(cells)
        ok = True
        name = self.required(row, values, "name")
        if name and len(name) > 120:
            self.error(row, "name", _("Longer than %(max)s characters.") % {"max": 120})
            ok = False
        kind_text = self.required(row, values, "kind")
        kind = self.kinds.get(kind_text or "") or self.kinds.get((kind_text or "").lower())
        if kind_text and kind is None:
            self.error(row, "kind", _("Unknown place type %(kind)s.") % {"kind": kind_text})
            ok = False
        uscc: str | None = values.get("uscc") or None
        if uscc:
            if kind and kind != PlaceKind.ENTERPRISE:
                self.error(row, "uscc", _("Only enterprises have a unified social credit code."))
                ok = False
            try:
                uscc = normalize_uscc(uscc)
            except ValidationError:
                self.error(
                    row,
                    "uscc",
                    _(
                        "Not a valid unified social credit code (GB 32100: 18 characters, "
                        "check character)."
                    ),
                )
                ok = False
                uscc = None
            if uscc and not self.first_in_file(
                row,
                "uscc",
                uscc,
                self.seen_uscc,
                _("Duplicate code: already in row %(row)s of this file."),
            ):
                ok = False
        address = values.get("address", "")
        if len(address) > 200:
            self.error(row, "address", _("Longer than %(max)s characters.") % {"max": 200})
            ok = False
        grid_text = self.required(row, values, "grid")
        info = self.grid(row, "grid", grid_text) if grid_text else None
        sector_id: int | None = None
        if values.get("sector_unit"):
            try:
                sector_id = self.lookups.sector_unit(values["sector_unit"])
            except Unresolved as exc:
                self.error(row, "sector_unit", str(exc))
                ok = False
        elif kind:
            sector_id = self.default_sector(kind)
        contact_phone = values.get("contact_phone", "")
        if contact_phone:
            try:
                contact_phone = check_mobile(contact_phone)
            except ValueError as exc:
                self.error(row, "contact_phone", str(exc))
                ok = False
        contact_name = values.get("contact_name", "")
        if len(contact_name) > _NAME_MAX:
            self.error(
                row, "contact_name", _("Longer than %(max)s characters.") % {"max": _NAME_MAX}
            )
            ok = False
        employees = 0
        if values.get("employees"):
            try:
                employees = int(values["employees"])
                if employees < 0:
                    raise ValueError
            except ValueError:
                self.error(row, "employees", _("Not a whole number of people."))
                ok = False
        if not (ok and name and kind and info):
            return None
        return PlaceRecord(
            row,
            name,
            kind,
            uscc,
            address,
            info.id,
            info.office_id,
            sector_id,
            contact_name,
            contact_phone,
            employees,
        )

    def check_batch(self, records: list[PlaceRecord]) -> list[PlaceRecord]:
        from fanzha.places.models import Place

        if self.storing:
            return records
        codes = [r.uscc for r in records if r.uscc]
        if not codes:
            return records
        taken = set(Place.objects.filter(uscc__in=codes).values_list("uscc", flat=True))
        for r in records:
            if r.uscc in taken:
                self.error(r.row, "uscc", _("A place with this code is already registered."))
        return [r for r in records if r.uscc not in taken]


@dataclass(slots=True)
class FamilyRecord:
    name: str
    relation: str
    phone: str


@dataclass(slots=True)
class RegistrationRecord:
    row: int
    id_number: str
    phone: str
    community_id: int | None
    officer_id: int | None
    station_id: int | None
    tags: str
    registered_at: datetime
    family: list[FamilyRecord]
    registrant_id: int | None = None
    grid_id: int | None = None


def relation_lookup() -> dict[str, str]:
    from fanzha.registrations.choices import Relation

    mapping: dict[str, str] = {}
    for choice in Relation:
        mapping[str(choice.value)] = str(choice.value)
        mapping[str(choice.label)] = str(choice.value)
    words = {
        "spouse": "配偶 夫妻 丈夫 妻子 老公 老婆",
        "parent": "父母 父亲 母亲 爸爸 妈妈",
        "child": "子女 儿子 女儿",
        "grandparent": "祖父母 外祖父母 爷爷 奶奶 外公 外婆 祖父 祖母",
        "grandchild": "孙子女 孙子 孙女 外孙 外孙女",
        "sibling": "兄弟姐妹 哥哥 弟弟 姐姐 妹妹 兄弟 姐妹",
        "other": "其他 其他亲属 亲属",
    }
    for code, text in words.items():
        for word in text.split():
            mapping[word] = code
    return mapping


class RegistrationValidator(RowValidator):
    def __init__(
        self, lookups: Lookups, headers: HeaderMap, report: Report, *, storing: bool = False
    ) -> None:
        super().__init__(lookups, headers, report, storing=storing)
        self.tags = tag_lookup()
        self.relations = relation_lookup()
        self.seen_ids: dict[str, int] = {}
        self.seen_phones: dict[str, int] = {}
        self.max_family = settings.FANZHA_MAX_FAMILY_MEMBERS
        self.now = timezone.now()

    def family_error(self, row: int, n: int, part: str, reason: str) -> None:
        label = self.headers.family_labels.get((n, part), f"family{n}_{part}")
        self.report.add(row, label, reason)

    def check(self, row: int, cells: list[str]) -> RegistrationRecord | None:
        values = self.cells(cells)
        ok = True
        number = ""
        id_text = self.required(row, values, "id_number")
        if id_text:
            try:
                number = check_resident_id(id_text, self.today)[0]
            except ValueError as exc:
                self.error(row, "id_number", str(exc))
                ok = False
            else:
                ok = (
                    self.first_in_file(
                        row,
                        "id_number",
                        number,
                        self.seen_ids,
                        _("Duplicate registrant: already in row %(row)s of this file."),
                    )
                    and ok
                )
        phone = ""
        phone_text = self.required(row, values, "phone")
        if phone_text:
            try:
                phone = check_mobile(phone_text)
            except ValueError as exc:
                self.error(row, "phone", str(exc))
                ok = False
            else:
                ok = (
                    self.first_in_file(
                        row,
                        "phone",
                        phone,
                        self.seen_phones,
                        _("Duplicate registered phone: already in row %(row)s of this file."),
                    )
                    and ok
                )
        community_id = officer_id = station_id = None
        resolvers: list[tuple[str, Callable[[str], Any]]] = [
            ("community", self.lookups.community),
            ("officer", self.lookups.officer),
            ("station", self.lookups.station),
        ]
        resolved: dict[str, Any] = {}
        for key, resolve in resolvers:
            if values.get(key):
                try:
                    resolved[key] = resolve(values[key])
                except Unresolved as exc:
                    self.error(row, key, str(exc))
                    ok = False
        community_id = resolved.get("community")
        if "officer" in resolved:
            officer_id, officer_unit = resolved["officer"]
            station_id = officer_unit
        station_id = resolved.get("station", station_id)
        tags = values.get("tags", "")
        if tags:
            try:
                tags = parse_tags(tags, self.tags)
            except ValueError as exc:
                self.error(row, "tags", str(exc))
                ok = False
        registered_at = self.now
        if values.get("registered_at"):
            try:
                registered_at = parse_when(values["registered_at"])
            except ValueError as exc:
                self.error(row, "registered_at", str(exc))
                ok = False
        family, family_ok = self.check_family(row, cells, phone)
        if not (ok and family_ok and number and phone):
            return None
        return RegistrationRecord(
            row, number, phone, community_id, officer_id, station_id, tags, registered_at, family
        )

    def check_family(
        self, row: int, cells: list[str], registrant_phone: str
    ) -> tuple[list[FamilyRecord], bool]:
        members: list[FamilyRecord] = []
        ok = True
        phones: set[str] = {registrant_phone} if registrant_phone else set()
        n_cells = len(cells)
        for n in self.headers.family_numbers:
            parts = {}
            for part in ("name", "relation", "phone"):
                i = self.headers.family.get((n, part))
                parts[part] = cells[i] if i is not None and i < n_cells else ""
            if not any(parts.values()):
                continue
            if len(members) >= self.max_family:
                first = "name" if (n, "name") in self.headers.family else "phone"
                self.family_error(
                    row,
                    n,
                    first,
                    _(
                        "A registration protects at most %(max)s family members; this is member "
                        "%(n)s."
                    )
                    % {"max": self.max_family, "n": len(members) + 1},
                )
                ok = False
                members.append(FamilyRecord("", "", ""))  # keep counting members
                continue
            member_ok = True
            if not parts["name"]:
                self.family_error(row, n, "name", _("This column is required."))
                member_ok = False
            elif len(parts["name"]) > _NAME_MAX:
                self.family_error(
                    row, n, "name", _("Longer than %(max)s characters.") % {"max": _NAME_MAX}
                )
                member_ok = False
            relation = self.relations.get(parts["relation"] or "other")
            if relation is None:
                self.family_error(
                    row,
                    n,
                    "relation",
                    _("Unknown relation %(relation)s.") % {"relation": parts["relation"]},
                )
                member_ok = False
            phone = ""
            if not parts["phone"]:
                self.family_error(row, n, "phone", _("This column is required."))
                member_ok = False
            else:
                try:
                    phone = check_mobile(parts["phone"])
                except ValueError as exc:
                    self.family_error(row, n, "phone", str(exc))
                    member_ok = False
                else:
                    if phone in phones:
                        self.family_error(
                            row,
                            n,
                            "phone",
                            _("This phone number is already in this registration."),
                        )
                        member_ok = False
                    phones.add(phone)
            ok = ok and member_ok
            members.append(FamilyRecord(parts["name"], relation or "", phone))
        return members, ok

    def check_batch(self, records: list[RegistrationRecord]) -> list[RegistrationRecord]:
        from fanzha.people.models import Resident
        from fanzha.registrations.models import Registration

        if not records:
            return records
        by_index = {crypto.blind_index(r.id_number, purpose=RESIDENT_ID): r for r in records}
        residents = {
            row["id_index"]: row
            for row in Resident.objects.filter(id_index__in=list(by_index)).values(
                "id", "id_index", "grid_id"
            )
        }
        registered = set(
            Registration.objects.filter(
                registrant_id__in=[r["id"] for r in residents.values()]
            ).values_list("registrant_id", flat=True)
        )
        phone_indexes = {crypto.blind_index(r.phone, purpose=PHONE): r for r in records}
        phones_taken = set(
            Registration.objects.filter(phone_index__in=list(phone_indexes)).values_list(
                "phone_index", flat=True
            )
        )
        good = []
        for index, record in by_index.items():
            resident = residents.get(index)
            if resident is None:
                self.error(
                    record.row,
                    "id_number",
                    _("No resident with this ID number; import the resident first."),
                )
                continue
            info = self.lookups.grids_by_id[resident["grid_id"]]
            try:
                self.lookups.check_grid(info)
            except Unresolved as exc:
                self.error(record.row, "id_number", str(exc))
                continue
            if resident["id"] in registered:
                self.error(record.row, "id_number", _("This resident is already registered."))
                continue
            if crypto.blind_index(record.phone, purpose=PHONE) in phones_taken:
                self.error(record.row, "phone", _("This phone number is already registered."))
                continue
            record.registrant_id = resident["id"]
            record.grid_id = info.id
            if record.community_id is None:
                record.community_id = info.community_id
            if record.station_id is None:
                record.station_id = info.station_id
            good.append(record)
        good.sort(key=lambda r: r.row)
        return good


VALIDATORS: dict[str, type[RowValidator]] = {
    "residents": ResidentValidator,
    "households": HouseholdValidator,
    "places": PlaceValidator,
    "registrations": RegistrationValidator,
}
