"""An export of a registry list and an import file share their headers: every column of the
residents, households and places exports is either imported or known to be derived."""

from __future__ import annotations

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from fanzha.imports.runner import import_file
from fanzha.imports.schema import SCHEMAS, resolve_headers, template_header

pytestmark = pytest.mark.django_db

EXPORTS = {
    "residents": "people:resident_list",
    "households": "people:household_list",
    "places": "places:place_list",
}


def _export(client, url_name: str, tmp_path) -> tuple[list[str], object]:
    response = client.get(reverse(url_name) + "?export=xlsx")
    assert response.status_code == 200
    path = tmp_path / f"{url_name.replace(':', '-')}.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    sheet = load_workbook(path).active
    return [str(c) for c in next(sheet.iter_rows(values_only=True))], path


@pytest.mark.parametrize("kind", sorted(EXPORTS))
def test_every_export_header_is_understood_by_the_importer(world, client_for, tmp_path, kind):
    header, _path = _export(client_for(world.user("admin")), EXPORTS[kind], tmp_path)

    mapped = resolve_headers(SCHEMAS[kind], header)

    assert mapped.ignored == [] and mapped.missing == [] and mapped.duplicated == []


def test_an_exported_household_list_imports_back_as_duplicates(world, client_for, tmp_path):
    _header, path = _export(client_for(world.user("admin")), EXPORTS["households"], tmp_path)

    outcome = import_file("households", path, user=world.user("admin"), dry_run=True)

    # The same rows already exist: the only complaint is exactly that, per row.
    assert {e["reason"] for e in outcome.errors} == {"该户号已登记。"}
    assert len(outcome.errors) == 2


def test_an_exported_resident_list_is_refused_for_its_masked_numbers(world, client_for, tmp_path):
    _header, path = _export(client_for(world.user("admin")), EXPORTS["residents"], tmp_path)

    outcome = import_file("residents", path, user=world.user("admin"), dry_run=True)

    reasons = {(e["column"], e["reason"]) for e in outcome.errors}
    assert ("身份证号", "身份证号已脱敏（含 *），请填写完整号码。") in reasons
    assert ("手机号", "手机号已脱敏（含 *），请填写完整号码。") in reasons
    assert outcome.stored == 0


@pytest.mark.parametrize("kind", sorted(SCHEMAS))
def test_the_blank_template_maps_every_column(kind):
    mapped = resolve_headers(SCHEMAS[kind], template_header(kind))
    assert mapped.ignored == [] and mapped.missing == []
    assert set(mapped.columns) == {f.key for f in SCHEMAS[kind].fields}
