"""``fanzha import <kind> FILE [--dry-run] [--user]``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from fanzha.imports.models import ImportJob
from fanzha.imports.tests.factories import RESIDENT_HEADER, write_csv
from fanzha.people.models import Resident

pytestmark = pytest.mark.django_db


def test_it_imports_a_file_from_the_command_line(world, tmp_path, resident_rows):
    path = write_csv(tmp_path / "r.csv", RESIDENT_HEADER, resident_rows(3), "gbk")
    before = Resident.objects.count()

    out = StringIO()
    call_command("import", "residents", str(path), "--json", stdout=out)

    result = json.loads(out.getvalue().splitlines()[0])
    assert (result["rows"], result["stored"], result["errors"]) == (3, 3, 0)
    assert Resident.objects.count() == before + 3


def test_a_dry_run_reports_and_stores_nothing(world, tmp_path, resident_rows):
    rows = resident_rows(2)
    rows[1][2] = "999"
    path = write_csv(tmp_path / "r.csv", RESIDENT_HEADER, rows)
    before = Resident.objects.count()

    out = StringIO()
    with pytest.raises(CommandError, match="1 problems"):
        call_command("import", "residents", str(path), "--dry-run", stdout=out)

    assert "第 3 行 [手机号]" in out.getvalue()
    assert Resident.objects.count() == before


def test_with_a_user_their_scope_applies_and_a_job_is_recorded(world, tmp_path, resident_rows):
    path = write_csv(
        tmp_path / "r.csv", RESIDENT_HEADER, resident_rows(1, grid="west-grid", household="west-h1")
    )

    with pytest.raises(CommandError):
        call_command("import", "residents", str(path), "--user", "east_liaison", stdout=StringIO())

    job = ImportJob.objects.get()
    assert job.created_by == world.user("east_liaison") and job.error_count == 2
