"""Residents: a good file is stored sealed; one bad row stores nothing and is reported."""

from __future__ import annotations

from datetime import date

import pytest

from fanzha.audit.models import ChangeRecord
from fanzha.imports.runner import import_file
from fanzha.imports.tests.factories import new_id, new_phone, write_csv, write_xlsx
from fanzha.lib import crypto
from fanzha.lib.sealed import phone_index
from fanzha.people.models import Household, Resident

pytestmark = pytest.mark.django_db


def test_it_stores_a_good_file_sealed(world, tmp_path, resident_header, resident_rows):
    rows = resident_rows(3)
    rows[0][5] = world.places["east"].name
    rows[1][6] = "学生、财务人员"
    path = write_csv(tmp_path / "residents.csv", resident_header, rows)
    before = Resident.objects.count()

    outcome = import_file("residents", path, user=world.user("east_liaison"), dry_run=False)

    assert outcome.ok, outcome.errors
    assert (outcome.rows, outcome.stored) == (3, 3)
    assert Resident.objects.count() == before + 3
    stored = Resident.objects.get(phone_index=phone_index(new_phone(0)))
    assert stored.name == "王0"
    assert stored.household == world.households["east"]
    assert stored.grid == world.grids["east"]
    assert stored.employer == world.places["east"]
    assert stored.birth_date == date(1985, 6, 15)
    assert stored.gender == ("M" if int(new_id(0)[16]) % 2 else "F")
    assert stored.id_mask == new_id(0)[:4] + "*" * 10 + new_id(0)[-4:]
    assert stored.phone_mask == new_phone(0)[:3] + "****" + new_phone(0)[-4:]
    # Encrypted at rest: the cipher text is not the number, and it decrypts to it.
    assert new_id(0) not in stored.id_cipher
    assert crypto.decrypt(stored.id_cipher) == new_id(0)
    assert stored.tag_list == ["elderly"]
    second = Resident.objects.get(phone_index=phone_index(new_phone(1)))
    assert second.tag_list == ["finance", "student"]
    audit = ChangeRecord.objects.get(model="people.resident", object_id="import")
    assert audit.after["rows"] == 3
    assert audit.user == world.user("east_liaison")


def test_it_stores_nothing_when_one_row_is_bad(world, tmp_path, resident_header, resident_rows):
    rows = resident_rows(5)
    bad = rows[3][1]
    rows[3][1] = bad[:-1] + ("0" if bad[-1] != "0" else "1")  # wrong check character
    path = write_csv(tmp_path / "residents.csv", resident_header, rows)
    before = Resident.objects.count()

    outcome = import_file("residents", path, user=world.user("east_liaison"), dry_run=False)

    assert Resident.objects.count() == before
    assert outcome.stored == 0
    assert outcome.errors == [
        {"row": 5, "column": "身份证号", "reason": "身份证号无效：校验位或出生日期错误。"}
    ]


def test_it_reports_every_bad_cell_with_row_and_column(
    world, tmp_path, resident_header, resident_rows
):
    rows = resident_rows(4)
    rows[0][0] = ""
    rows[1][2] = "12345"
    rows[2][4] = "no-such-grid"
    rows[3][6] = "外星人"
    path = write_csv(tmp_path / "residents.csv", resident_header, rows)

    outcome = import_file("residents", path, user=world.user("admin"), dry_run=True)

    got = [(e["row"], e["column"], e["reason"]) for e in outcome.errors]
    assert got == [
        (2, "姓名", "此列必填。"),
        (3, "手机号", "不是有效的大陆手机号（11 位，以 13–19 开头，可带 +86）。"),
        (4, "网格编码", "网格 no-such-grid 不存在。"),
        (5, "标签", "未知标签：外星人。"),
    ]


def test_it_refuses_a_duplicate_id_within_the_file(world, tmp_path, resident_header, resident_rows):
    rows = resident_rows(3)
    rows[2][1] = rows[0][1].lower()  # same number, lower-case x or not: still the same person
    path = write_csv(tmp_path / "residents.csv", resident_header, rows)

    outcome = import_file("residents", path, user=world.user("admin"), dry_run=False)

    assert outcome.stored == 0
    assert outcome.errors == [
        {"row": 4, "column": "身份证号", "reason": "身份证号重复：与本文件第 2 行相同。"}
    ]


def test_it_refuses_an_id_already_stored(world, tmp_path, resident_header, resident_rows):
    rows = resident_rows(2)
    existing = world.residents["east"][0]
    rows[1][1] = crypto.decrypt(existing.id_cipher)
    path = write_csv(tmp_path / "residents.csv", resident_header, rows)

    outcome = import_file("residents", path, user=world.user("admin"), dry_run=False)

    assert outcome.stored == 0
    assert outcome.errors == [
        {"row": 3, "column": "身份证号", "reason": "该身份证号的居民已存在。"}
    ]


def test_it_creates_households_given_in_the_same_file(world, tmp_path):
    header = ["姓名", "身份证号", "户号", "户籍地址", "网格编码"]
    rows = [
        ["甲", new_id(1), "east-h9", "东苑社区9号", "east-grid"],
        ["乙", new_id(2), "east-h9", "", "east-grid"],
        ["丙", new_id(3), "nowhere-h", "", "east-grid"],
    ]
    path = write_csv(tmp_path / "residents.csv", header, rows)

    outcome = import_file("residents", path, user=world.user("admin"), dry_run=False)
    assert outcome.errors == [
        {
            "row": 4,
            "column": "户号",
            "reason": "户号 nowhere-h 不存在；请先登记该户，或在“户籍地址”列中给出地址。",
        }
    ]
    assert not Household.objects.filter(code="east-h9").exists()

    path = write_csv(tmp_path / "residents.csv", header, rows[:2])
    outcome = import_file("residents", path, user=world.user("admin"), dry_run=False)
    assert outcome.ok, outcome.errors
    household = Household.objects.get(code="east-h9")
    assert household.address == "东苑社区9号"
    assert household.members.count() == 2


def test_a_dry_run_stores_nothing(world, tmp_path, resident_header, resident_rows):
    path = write_csv(tmp_path / "residents.csv", resident_header, resident_rows(3))
    before = Resident.objects.count()

    outcome = import_file("residents", path, user=world.user("admin"), dry_run=True)

    assert outcome.ok and outcome.rows == 3 and outcome.stored == 0
    assert Resident.objects.count() == before


def test_it_reads_xlsx_with_numeric_cells(world, tmp_path, resident_header):
    # Excel keeps a phone number typed into a cell as a number.
    rows = [["赵一", new_id(7), int(new_phone(7)), "east-h1", "east-grid", None, None]]
    path = write_xlsx(tmp_path / "residents.xlsx", resident_header, rows)

    outcome = import_file("residents", path, user=world.user("admin"), dry_run=False)

    assert outcome.ok, outcome.errors
    assert Resident.objects.filter(phone_index=phone_index(new_phone(7))).exists()


def test_it_names_a_missing_required_column(world, tmp_path):
    path = write_csv(tmp_path / "residents.csv", ["姓名", "手机号"], [["甲", new_phone(1)]])

    outcome = import_file("residents", path, user=world.user("admin"), dry_run=True)

    assert outcome.errors == [
        {"row": 1, "column": "身份证号", "reason": "表头缺少必需的列：身份证号。"}
    ]
