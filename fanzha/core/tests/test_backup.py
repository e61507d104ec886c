"""Backup and restore with real files and a real database (SQLite file, and PostgreSQL when
available): the restored database has the data, and a wrong key is refused."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

SETUP = """
import django, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'fanzha.settings'
django.setup()
from fanzha.core.testing.world import build_world
build_world()
"""
COUNT = """
import django, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'fanzha.settings'
django.setup()
from fanzha.people.models import Resident
phones = [r.reveal('phone') for r in Resident.objects.all()]
print(Resident.objects.count(), min(phones, default='-'))
"""
WIPE = """
import django, os
os.environ['DJANGO_SETTINGS_MODULE'] = 'fanzha.settings'
django.setup()
from fanzha.registrations.models import Registration
from fanzha.people.models import Resident
Resident.objects.all().delete()
"""


def run(env: dict[str, str], *args: str, code: str | None = None) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-c", code] if code else [sys.executable, "-m", "fanzha", *args]
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def scenario(env: dict[str, str], tmp_path: Path) -> None:
    assert run(env, "migrate", "-v", "0").returncode == 0
    assert run(env, code=SETUP).returncode == 0
    before = run(env, code=COUNT).stdout.strip()
    assert before.startswith("6 ")
    archive = tmp_path / "b.tar.gz"
    result = run(env, "backup", "--output", str(archive))
    assert result.returncode == 0, result.stderr
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data: the owner's only
    wiped = run(env, code=WIPE)
    assert wiped.returncode == 0, wiped.stderr
    assert run(env, code=COUNT).stdout.startswith("0")
    refused = run(env, "restore", str(archive))
    assert refused.returncode != 0 and "--yes" in refused.stderr
    restored = run(env, "restore", str(archive), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert run(env, code=COUNT).stdout.strip() == before
    # With other keys the restore is refused before anything is touched.
    other = dict(env, FANZHA_KEY_FILE=str(tmp_path / "other.keys"))
    wrong = run(other, "restore", str(archive), "--yes")
    assert wrong.returncode != 0 and "key" in wrong.stderr.lower()


def base_env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}
    env.update(
        FANZHA_MODE="dev",
        FANZHA_DATA_DIR=str(tmp_path / "data"),
        FANZHA_KEY_FILE=str(tmp_path / "keys"),
        DATABASE_URL="",
    )
    return env


@pytest.mark.slow
def test_backup_and_restore_on_sqlite(tmp_path):
    scenario(base_env(tmp_path), tmp_path)


@pytest.mark.slow
@pytest.mark.postgres
def test_backup_and_restore_on_postgresql(tmp_path):
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        pytest.skip("PostgreSQL run only (DATABASE_URL)")
    import psycopg

    name = f"fanzha_backup_{uuid.uuid4().hex[:8]}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        env = base_env(tmp_path)
        env["DATABASE_URL"] = url.rsplit("/", 1)[0] + "/" + name
        scenario(env, tmp_path)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
