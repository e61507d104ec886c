"""The columns of each import kind and how a file's header row is matched to them.

Districts hand data over with Chinese headers that vary from office to office (身份证号,
身份证号码, 公民身份号码 ...). Each field lists the headers we accept: its English field name, the
Chinese headers districts use, and the label the registry lists print in their .xlsx exports
(looked up through gettext at run time, so an export of a list can be imported again with the
same headers). The first Chinese header is the one our blank templates use.

Headers are data here, not screen text: they are the interchange format agreed with districts,
so they are literal strings that must not change with a translation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext

from fanzha.imports.choices import ImportKind


@dataclass(frozen=True)
class Field:
    """One importable column."""

    key: str
    headers: tuple[str, ...]
    required: bool = False
    # English labels the registry lists use for this column; their translation is accepted too.
    export_labels: tuple[str, ...] = ()
    note: str = ""

    @property
    def header(self) -> str:
        return self.headers[0]


@dataclass(frozen=True)
class FamilyField:
    """The numbered columns of a registration's family members (家属1姓名 ... 家属8手机号)."""

    part: str  # name / relation / phone
    stems: tuple[str, ...]  # Chinese suffixes after 家属<n>


@dataclass(frozen=True)
class KindSchema:
    kind: str
    fields: tuple[Field, ...]
    family: bool = False
    # Columns the registry's own export adds that are derived, not imported (birth date and
    # gender come from the ID number): accepted quietly so an export can be imported again.
    derived: tuple[str, ...] = ()

    def field(self, key: str) -> Field:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)


RESIDENTS = KindSchema(
    ImportKind.RESIDENTS,
    (
        Field("name", ("姓名", "居民姓名"), True, ("Name",)),
        Field(
            "id_number",
            ("身份证号", "身份证号码", "公民身份号码", "证件号码", "身份证"),
            True,
            ("ID number",),
        ),
        Field("phone", ("手机号", "手机号码", "联系电话", "电话"), False, ("Phone",)),
        Field(
            "household", ("户号", "户编号", "户籍编号"), False, ("Household", "Household number")
        ),
        Field(
            "household_address",
            ("户籍地址", "家庭住址", "住址"),
            False,
            (),
            note="a household not yet registered is created from 户号 + 户籍地址 in this file",
        ),
        Field(
            "grid",
            ("网格编码", "网格代码", "所属网格", "网格", "网格名称"),
            False,
            ("Grid",),
            note="required unless the household is known",
        ),
        Field(
            "employer",
            ("工作单位/统一社会信用代码", "工作单位", "统一社会信用代码", "单位信用代码"),
            False,
            ("Employer",),
            note="the employer's USCC or its exact name as registered",
        ),
        Field("tags", ("标签", "人群标签", "重点人群"), False, ("Tags",)),
    ),
    derived=("性别", "出生日期", "年龄", "Gender", "Birth date", "Age"),
)

HOUSEHOLDS = KindSchema(
    ImportKind.HOUSEHOLDS,
    (
        Field("code", ("户号", "户编号", "户籍编号"), True, ("Household number", "Code")),
        Field("address", ("地址", "户籍地址", "家庭住址", "住址"), True, ("Address",)),
        Field("grid", ("网格编码", "网格代码", "所属网格", "网格", "网格名称"), True, ("Grid",)),
    ),
)

PLACES = KindSchema(
    ImportKind.PLACES,
    (
        Field("name", ("名称", "场所名称", "单位名称", "企业名称"), True, ("Name",)),
        Field("kind", ("类型", "场所类型"), True, ("Kind",)),
        Field("uscc", ("统一社会信用代码", "信用代码"), False, ("USCC",)),
        Field("address", ("地址", "场所地址"), False, ("Address",)),
        Field("grid", ("网格编码", "网格代码", "所属网格", "网格", "网格名称"), True, ("Grid",)),
        Field(
            "sector_unit",
            ("行业主管部门", "行业主管单位", "主管部门"),
            False,
            ("Responsible by sector",),
            note="empty: the sector unit for the place's kind (FANZHA_SECTOR_BY_PLACE_KIND)",
        ),
        Field("contact_name", ("联系人",), False, ("Contact",)),
        Field(
            "contact_phone", ("联系电话", "联系人电话", "联系人手机号"), False, ("Contact phone",)
        ),
        Field("employees", ("职工人数", "员工人数", "从业人数"), False, ("Employees",)),
    ),
    derived=("属地责任单位", "Responsible by territory"),
)

REGISTRATIONS = KindSchema(
    ImportKind.REGISTRATIONS,
    (
        Field(
            "id_number",
            ("身份证号", "登记人身份证号", "身份证号码", "公民身份号码"),
            True,
            ("ID number",),
            note="the registrant must already be a resident",
        ),
        Field("phone", ("登记手机号", "手机号", "手机号码"), True, ("Registered phone",)),
        Field("community", ("选择社区", "社区", "所属社区"), False, ("Community chosen",)),
        Field("officer", ("民警账号", "民警", "民警警号"), False, ("Officer credited",)),
        Field("station", ("派出所",), False, ("Police station credited",)),
        Field("tags", ("标签",), False, ("Tags",)),
        Field("registered_at", ("登记时间", "登记日期"), False, ("Registered at",)),
    ),
    family=True,
)

FAMILY_PARTS = (
    FamilyField("name", ("姓名",)),
    FamilyField("relation", ("关系", "与登记人关系")),
    FamilyField("phone", ("手机号", "手机号码", "电话")),
)
_FAMILY_PREFIXES = ("家属", "家庭成员", "亲属")
_FAMILY_CN = re.compile(r"^(?:家属|家庭成员|亲属)(\d+)(.+)$")
_FAMILY_EN = re.compile(r"^family_?(\d+)_?(name|relation|phone)$")

SCHEMAS: dict[str, KindSchema] = {s.kind: s for s in (RESIDENTS, HOUSEHOLDS, PLACES, REGISTRATIONS)}

_NOISE = re.compile(r"[\s*＊:：（）()\ufeff]")


def normalise_header(text: object) -> str:
    """Headers compare without spaces, required-markers (*), colons and brackets."""
    return _NOISE.sub("", str(text or "")).lower()


@dataclass
class HeaderMap:
    """Which file column feeds which field; what was ignored or is missing."""

    columns: dict[str, int] = field(default_factory=dict)  # field key -> column index
    labels: dict[str, str] = field(default_factory=dict)  # field key -> header as in the file
    family: dict[tuple[int, str], int] = field(default_factory=dict)  # (n, part) -> column
    family_labels: dict[tuple[int, str], str] = field(default_factory=dict)
    ignored: list[str] = field(default_factory=list)
    missing: list[Field] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)

    def label(self, key: str) -> str:
        return self.labels.get(key, key)

    @property
    def family_numbers(self) -> list[int]:
        return sorted({n for n, _part in self.family})


def _aliases(f: Field) -> set[str]:
    names = {normalise_header(f.key)}
    names.update(normalise_header(h) for h in f.headers)
    for label in f.export_labels:
        names.add(normalise_header(label))
        names.add(normalise_header(gettext(label)))
    return names


def _family_part(n_text: str, rest: str) -> tuple[int, str] | None:
    for part in FAMILY_PARTS:
        if rest in {normalise_header(s) for s in part.stems}:
            return int(n_text), part.part
    return None


def resolve_headers(schema: KindSchema, header: Sequence[object]) -> HeaderMap:
    """Match a header row to the schema's fields. The first column that matches a field wins;
    a second one for the same field is reported, not silently used."""
    result = HeaderMap()
    # Exact names first, so "手机号" is the phone, not a loose match of another field.
    derived = {normalise_header(d) for d in schema.derived}
    derived |= {normalise_header(gettext(d)) for d in schema.derived}
    lookup: dict[str, str] = {}
    for f in schema.fields:
        for alias in _aliases(f):
            lookup.setdefault(alias, f.key)
    for index, raw in enumerate(header):
        text = str(raw).strip() if raw is not None else ""
        norm = normalise_header(text)
        if not norm:
            continue
        key = lookup.get(norm)
        if key is not None:
            if key in result.columns:
                result.duplicated.append(text)
            else:
                result.columns[key] = index
                result.labels[key] = text
            continue
        if schema.family:
            match = _FAMILY_CN.match(norm) or _FAMILY_EN.match(norm)
            part = _family_part(match.group(1), match.group(2)) if match else None
            if match and part is None and _FAMILY_EN.match(norm):
                part = int(match.group(1)), match.group(2)
            if part is not None and part[0] >= 1:
                result.family.setdefault(part, index)
                result.family_labels.setdefault(part, text)
                continue
        if norm in derived:
            continue
        result.ignored.append(text)
    result.missing = [f for f in schema.fields if f.required and f.key not in result.columns]
    return result


def template_header(kind: str) -> list[str]:
    """The header row of the blank template for a kind."""
    schema = SCHEMAS[kind]
    header = [f.header for f in schema.fields]
    if schema.family:
        for n in range(1, settings.FANZHA_MAX_FAMILY_MEMBERS + 1):
            header += [f"{_FAMILY_PREFIXES[0]}{n}{part.stems[0]}" for part in FAMILY_PARTS]
    return header
