"""CSV as districts hand it over: UTF-8 with or without BOM, GBK/GB18030; and .xlsx."""

from __future__ import annotations

import pytest

from fanzha.imports.reader import FileProblem, detect_encoding, open_table
from fanzha.imports.runner import import_file
from fanzha.imports.tests.factories import csv_bytes, new_id, new_phone, write_xlsx
from fanzha.lib.sealed import phone_index
from fanzha.people.models import Resident

HEADER = ["姓名", "身份证号", "手机号", "户号", "网格编码"]


def _rows() -> list[list[str]]:
    return [
        ["欧阳娜", new_id(40), new_phone(40), "east-h1", "east-grid"],
        ["司马懿", new_id(41), new_phone(41), "east-h1", "east-grid"],
    ]


@pytest.mark.parametrize(
    ("encoding", "expected"),
    [("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig")],
)
@pytest.mark.django_db
def test_it_decodes_each_encoding_districts_use(world, tmp_path, encoding, expected):
    path = tmp_path / "residents.csv"
    path.write_bytes(csv_bytes(HEADER, _rows(), encoding))

    outcome = import_file("residents", path, user=world.user("east_liaison"), dry_run=False)

    assert outcome.ok, outcome.errors
    assert outcome.encoding == expected
    stored = Resident.objects.get(phone_index=phone_index(new_phone(40)))
    assert stored.name == "欧阳娜"  # decoded, not mojibake
    assert Resident.objects.get(phone_index=phone_index(new_phone(41))).name == "司马懿"


def test_gbk_bytes_are_not_taken_for_utf8():
    gbk = "姓名,身份证号\n张三,1\n".encode("gbk")
    assert detect_encoding(gbk) == "gb18030"
    assert detect_encoding("姓名,身份证号\n".encode()) == "utf-8"


def test_a_multibyte_character_cut_by_the_sample_is_still_utf8():
    text = "姓名".encode()
    assert detect_encoding(text + "张".encode()[:2]) == "utf-8"


def test_it_reads_semicolon_and_tab_separated_files(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("姓名;身份证号\n张三;110\n", encoding="utf-8")
    table = open_table(path)
    assert table.header == ["姓名", "身份证号"]
    assert list(table.rows()) == [(2, ["张三", "110"])]
    path.write_text("姓名\t身份证号\n张三\t110\n", encoding="utf-8")
    assert list(open_table(path).rows()) == [(2, ["张三", "110"])]


def test_it_refuses_an_old_xls_file_with_a_clear_reason(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0 not really a workbook")
    with pytest.raises(FileProblem, match=r"\.xlsx"):
        open_table(path)


@pytest.mark.django_db
def test_it_imports_xlsx(world, tmp_path):
    path = write_xlsx(tmp_path / "residents.xlsx", HEADER, _rows())

    outcome = import_file("residents", path, user=world.user("east_liaison"), dry_run=False)

    assert outcome.ok, outcome.errors
    assert outcome.stored == 2
    assert Resident.objects.get(phone_index=phone_index(new_phone(41))).name == "司马懿"


@pytest.mark.django_db
def test_a_damaged_xlsx_is_one_clear_error(world, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not a zip archive")

    outcome = import_file("residents", path, user=world.user("admin"), dry_run=True)

    assert outcome.errors == [{"row": 1, "column": "", "reason": "文件不是有效的 .xlsx 工作簿。"}]
