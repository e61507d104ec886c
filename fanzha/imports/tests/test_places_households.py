"""Households and places: references, codes, duplicates, scope."""

from __future__ import annotations

import pytest

from fanzha.imports.runner import import_file
from fanzha.imports.tests.factories import new_phone, write_csv
from fanzha.people.models import Household
from fanzha.places.models import Place

pytestmark = pytest.mark.django_db

USCC_OK = "91350100M000100Y43"  # GB 32100 test vector from python-stdnum


def test_it_stores_households(world, tmp_path):
    path = write_csv(
        tmp_path / "h.csv",
        ["户号", "地址", "网格编码"],
        [["east-h2", "东苑社区2号", "east-grid"], ["east-h3", "东苑社区3号", "东苑社区第一网格"]],
    )

    outcome = import_file("households", path, user=world.user("east_worker"), dry_run=False)

    assert outcome.ok, outcome.errors
    assert Household.objects.get(code="east-h3").grid == world.grids["east"]  # by grid name


def test_it_refuses_duplicate_household_numbers(world, tmp_path):
    path = write_csv(
        tmp_path / "h.csv",
        ["户号", "地址", "网格编码"],
        [["east-h1", "重复", "east-grid"], ["x1", "a", "east-grid"], ["x1", "b", "east-grid"]],
    )

    outcome = import_file("households", path, user=world.user("admin"), dry_run=False)

    assert outcome.errors == [
        {"row": 2, "column": "户号", "reason": "该户号已登记。"},
        {"row": 4, "column": "户号", "reason": "户号重复：与本文件第 3 行相同。"},
    ]
    assert not Household.objects.filter(code="x1").exists()


def test_it_stores_places_with_their_responsible_units(world, tmp_path):
    header = [
        "名称",
        "类型",
        "统一社会信用代码",
        "地址",
        "网格编码",
        "联系人",
        "联系电话",
        "职工人数",
    ]
    rows = [
        [
            "东苑建材有限公司",
            "企业",
            USCC_OK,
            "东苑路1号",
            "east-grid",
            "刘经理",
            new_phone(9),
            "35",
        ],
        ["东苑工地", "建筑工地", "", "东苑路2号", "east-grid", "", "", ""],
        ["东苑药店", "pharmacy", "", "", "east-grid", "", "", ""],
    ]
    path = write_csv(tmp_path / "p.csv", header, rows)

    outcome = import_file("places", path, user=world.user("east_liaison"), dry_run=False)

    assert outcome.ok, outcome.errors
    firm = Place.objects.get(uscc=USCC_OK)
    assert firm.kind == "enterprise" and firm.employees == 35
    assert firm.territory_unit == world.offices["east"]
    assert firm.sector_unit == world.sectors["tax"]  # FANZHA_SECTOR_BY_PLACE_KIND default
    assert firm.contact_phone_mask == new_phone(9)[:3] + "****" + new_phone(9)[-4:]
    assert Place.objects.get(name="东苑工地").sector_unit == world.sectors["enforcement"]
    assert Place.objects.get(name="东苑药店").sector_unit is None


def test_it_checks_uscc_and_place_type(world, tmp_path):
    header = ["名称", "类型", "统一社会信用代码", "网格编码"]
    rows = [
        ["甲公司", "企业", "91350100M000100Y44", "east-grid"],
        ["乙店", "商店", USCC_OK, "east-grid"],
        ["丙", "飞船", "", "east-grid"],
        ["丁公司", "企业", USCC_OK, "west-grid"],
    ]
    path = write_csv(tmp_path / "p.csv", header, rows)

    outcome = import_file("places", path, user=world.user("east_liaison"), dry_run=True)

    assert [(e["row"], e["column"]) for e in outcome.errors] == [
        (2, "统一社会信用代码"),
        (3, "统一社会信用代码"),
        (4, "类型"),
        (5, "统一社会信用代码"),
        (5, "网格编码"),
    ]
    assert outcome.errors[0]["reason"] == "统一社会信用代码无效（GB 32100：18 位，含校验位）。"
    assert outcome.errors[1]["reason"] == "只有企业才有统一社会信用代码。"
    assert outcome.errors[3]["reason"] == "代码重复：与本文件第 3 行相同。"


def test_a_row_stored_by_someone_else_meanwhile_rolls_the_file_back(world, tmp_path):
    path = write_csv(
        tmp_path / "h.csv",
        ["户号", "地址", "网格编码"],
        [["race-1", "甲", "east-grid"], ["race-2", "乙", "east-grid"]],
    )

    def progress(phase: str, checked: int, stored: int) -> None:
        # Between the check and the store another user registers household race-2.
        if phase == "validating" and not Household.objects.filter(code="race-2").exists():
            Household.objects.create(code="race-2", address="别人", grid=world.grids["east"])

    outcome = import_file(
        "households", path, user=world.user("admin"), dry_run=False, progress=progress
    )

    assert outcome.stored == 0
    assert outcome.errors == [
        {"row": 1, "column": "", "reason": "写入期间数据发生了变化，未写入任何数据。请重新导入。"}
    ]
    assert not Household.objects.filter(code="race-1").exists()
