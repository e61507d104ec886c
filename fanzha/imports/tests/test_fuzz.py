"""Whatever a cell holds, the importer answers with a per-row report, never a crash."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fanzha.imports.runner import import_file
from fanzha.imports.tests.factories import write_csv
from fanzha.imports.validators import _plain_resident_id
from fanzha.lib.identifiers import parse_resident_id
from fanzha.people.models import Resident

HEADERS = {
    "residents": ["姓名", "身份证号", "手机号", "户号", "户籍地址", "网格编码", "工作单位", "标签"],
    "households": ["户号", "地址", "网格编码"],
    "places": [
        "名称",
        "类型",
        "统一社会信用代码",
        "网格编码",
        "行业主管部门",
        "联系电话",
        "职工人数",
    ],
    "registrations": [
        "身份证号",
        "登记手机号",
        "社区",
        "民警账号",
        "派出所",
        "登记时间",
        "家属1姓名",
        "家属1关系",
        "家属1手机号",
    ],
}
cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=30,
)


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(kind=st.sampled_from(sorted(HEADERS)), data=st.data())
def test_the_importer_never_crashes_on_cell_text(world, tmp_path, kind, data):
    header = HEADERS[kind]
    rows = data.draw(
        st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), min_size=1, max_size=4)
    )
    path = write_csv(tmp_path / f"{kind}.csv", header, rows)
    before = Resident.objects.count()

    outcome = import_file(kind, path, user=world.user("east_liaison"), dry_run=False)

    for entry in outcome.errors:
        assert set(entry) == {"row", "column", "reason"}
        assert isinstance(entry["row"], int) and entry["reason"]
    if not outcome.ok:
        assert outcome.stored == 0
        assert Resident.objects.count() == before


@given(st.text(alphabet="0123456789Xx", min_size=18, max_size=18))
@settings(max_examples=400)
def test_the_fast_id_check_agrees_with_the_library(text):
    today = date.today()
    fast = _plain_resident_id(text, today)
    try:
        parsed = parse_resident_id(text)
    except ValidationError:
        assert fast is None
        return
    if fast is not None:
        assert fast == (parsed.number, parsed.birth_date, parsed.gender)


def test_the_fast_id_check_accepts_the_domain_test_vector():
    assert _plain_resident_id("360426199101010071", date(2024, 1, 1)) == (
        "360426199101010071",
        date(1991, 1, 1),
        "M",
    )
    assert _plain_resident_id("360426199101010072", date(2024, 1, 1)) is None


@given(
    birth=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    seq=st.integers(min_value=0, max_value=999),
    last=st.sampled_from("0123456789Xx"),
)
@settings(max_examples=400)
def test_the_fast_id_check_agrees_on_well_formed_numbers(birth, seq, last):
    text = f"370202{birth:%Y%m%d}{seq:03d}{last}"
    fast = _plain_resident_id(text, date.today())
    try:
        parsed = parse_resident_id(text)
    except ValidationError:
        assert fast is None
        return
    assert fast == (parsed.number, parsed.birth_date, parsed.gender)
