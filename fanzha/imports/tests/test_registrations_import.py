"""Warning registrations: registrant by ID number, up to 8 family members, the 9th refused."""

from __future__ import annotations

import pytest
from django.test import override_settings

from fanzha.imports.runner import import_file
from fanzha.imports.schema import template_header
from fanzha.imports.tests.factories import new_phone, write_csv
from fanzha.lib import crypto
from fanzha.registrations.choices import RegistrationSource
from fanzha.registrations.models import FamilyMember, Registration

pytestmark = pytest.mark.django_db


def _header(members: int) -> list[str]:
    header = ["身份证号", "登记手机号", "民警账号", "标签"]
    for n in range(1, members + 1):
        header += [f"家属{n}姓名", f"家属{n}关系", f"家属{n}手机号"]
    return header


def _row(world, side: str, index: int, members: int, officer: str = "") -> list[str]:
    resident = world.residents[side][index]
    row = [crypto.decrypt(resident.id_cipher), new_phone(500 + index), officer, "老人"]
    for n in range(1, members + 1):
        row += [f"家属{n}", "子女" if n % 2 else "配偶", new_phone(600 + index * 20 + n)]
    return row


def test_it_stores_a_registration_with_eight_family_members(world, tmp_path):
    path = write_csv(
        tmp_path / "reg.csv", _header(8), [_row(world, "east", 0, 8, officer="east_officer")]
    )

    outcome = import_file("registrations", path, user=world.user("east_liaison"), dry_run=False)

    assert outcome.ok, outcome.errors
    registration = Registration.objects.get(registrant=world.residents["east"][0])
    assert registration.family_count == 8
    assert registration.protected_count == 9
    assert registration.officer == world.user("east_officer")
    assert registration.station == world.stations["east"]
    assert registration.community == world.communities["east"]
    assert registration.grid == world.grids["east"]
    assert registration.source == RegistrationSource.IMPORT
    assert registration.phone_mask == new_phone(500)[:3] + "****" + new_phone(500)[-4:]
    members = FamilyMember.objects.filter(registration=registration).order_by("name")
    assert members.count() == 8
    assert {m.relation for m in members} == {"child", "spouse"}


def test_it_refuses_the_ninth_family_member(world, tmp_path):
    path = write_csv(tmp_path / "reg.csv", _header(9), [_row(world, "east", 0, 9)])

    outcome = import_file("registrations", path, user=world.user("admin"), dry_run=False)

    assert not Registration.objects.exists()
    assert outcome.errors == [
        {"row": 2, "column": "家属9姓名", "reason": "每个登记最多保护 8 名家庭成员，这是第 9 名。"}
    ]


@override_settings(FANZHA_MAX_FAMILY_MEMBERS=2)
def test_the_family_limit_is_a_setting(world, tmp_path):
    path = write_csv(tmp_path / "reg.csv", _header(3), [_row(world, "east", 0, 3)])

    outcome = import_file("registrations", path, user=world.user("admin"), dry_run=True)

    assert [e["column"] for e in outcome.errors] == ["家属3姓名"]
    assert template_header("registrations")[-3:] == ["家属2姓名", "家属2关系", "家属2手机号"]


def test_it_needs_the_registrant_to_be_a_resident(world, tmp_path):
    from fanzha.imports.tests.factories import new_id

    path = write_csv(tmp_path / "reg.csv", ["身份证号", "手机号"], [[new_id(3), new_phone(3)]])

    outcome = import_file("registrations", path, user=world.user("admin"), dry_run=True)

    assert outcome.errors == [
        {"row": 2, "column": "身份证号", "reason": "没有该身份证号的居民，请先导入居民。"}
    ]


def test_it_refuses_a_phone_that_is_already_registered(world, tmp_path):
    first = write_csv(tmp_path / "a.csv", _header(0), [_row(world, "east", 0, 0)])
    assert import_file("registrations", first, user=world.user("admin"), dry_run=False).ok
    row = _row(world, "east", 1, 0)
    row[1] = new_phone(500)  # the phone registered above
    second = write_csv(tmp_path / "b.csv", _header(0), [row])

    outcome = import_file("registrations", second, user=world.user("admin"), dry_run=False)

    assert outcome.errors == [{"row": 2, "column": "登记手机号", "reason": "该手机号已注册。"}]
    assert Registration.objects.count() == 1


def test_a_family_member_needs_a_valid_phone_and_relation(world, tmp_path):
    row = _row(world, "east", 0, 2)
    row[5] = "邻居"  # relation of member 1
    row[9] = "12345"  # phone of member 2

    path = write_csv(tmp_path / "reg.csv", _header(2), [row])
    outcome = import_file("registrations", path, user=world.user("admin"), dry_run=True)

    assert [(e["column"], e["reason"]) for e in outcome.errors] == [
        ("家属1关系", "未知关系：邻居。"),
        ("家属2手机号", "不是有效的大陆手机号（11 位，以 13–19 开头，可带 +86）。"),
    ]
