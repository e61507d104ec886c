"""Production configuration: `check --deploy` is clean, and bad settings refuse to start."""

from __future__ import annotations

import base64
import io
import os
import secrets
import shutil
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest


def production_env(tmp_path, **extra: str) -> dict[str, str]:
    key = lambda: base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()  # noqa: E731
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PYTEST", "FANZHA_", "DJANGO_ALLOW_ASYNC"))
    }
    env.update(
        FANZHA_MODE="production",
        FANZHA_SECRET_KEY=secrets.token_urlsafe(50),
        FANZHA_KEYS=f"index={key()};k1={key()}",
        FANZHA_ALLOWED_HOSTS="fanzha.example",
        FANZHA_DATA_DIR=str(tmp_path),
        DATABASE_URL="",
    )
    env.update(extra)
    return env


def fanzha(env, *args):
    return subprocess.run(
        [sys.executable, "-m", "fanzha", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean(tmp_path):
    result = fanzha(production_env(tmp_path), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr


def test_production_refuses_missing_keys(tmp_path):
    result = fanzha(production_env(tmp_path, FANZHA_KEYS=""), "check")
    assert result.returncode != 0
    assert "FANZHA_KEYS" in result.stderr


def test_a_bad_number_in_the_environment_stops_the_start(tmp_path):
    result = fanzha(production_env(tmp_path, FANZHA_MAX_FAMILY_MEMBERS="eight"), "check")
    assert result.returncode != 0
    assert "FANZHA_MAX_FAMILY_MEMBERS" in result.stderr


# --- The files in deploy/ as the README installs them ----------------------------------------

DEPLOY = Path(__file__).resolve().parents[3] / "deploy"


def example_env() -> dict[str, str]:
    """deploy/fanzha.env.example read the way systemd reads an EnvironmentFile."""
    values = {}
    for line in (DEPLOY / "fanzha.env.example").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith(("#", ";")):
            name, _, value = line.partition("=")
            values[name] = value
    return values


def test_the_example_environment_passes_check_deploy(tmp_path):
    keys = tmp_path / "fanzha.keys"
    env = production_env(tmp_path)
    for name in ("FANZHA_KEYS", "FANZHA_ALLOWED_HOSTS"):
        env.pop(name)
    env.update(example_env())
    # Only what the README says to edit, plus a database this test may use.
    env.update(
        FANZHA_SECRET_KEY=secrets.token_urlsafe(50),
        FANZHA_KEY_FILE=str(keys),
        FANZHA_DATA_DIR=str(tmp_path / "data"),
        DATABASE_URL="",
    )
    generated = fanzha(dict(env, FANZHA_MODE="dev"), "genkeys", "--output", str(keys))
    assert generated.returncode == 0, generated.stderr
    result = fanzha(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_the_example_environment_refuses_to_start_until_a_secret_is_set(tmp_path):
    env = production_env(tmp_path)
    env.update(example_env())
    env.update(FANZHA_KEYS=production_env(tmp_path)["FANZHA_KEYS"], DATABASE_URL="")
    result = fanzha(env, "check")
    assert result.returncode != 0
    assert "FANZHA_SECRET_KEY" in result.stderr


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze not installed")
@pytest.mark.parametrize("unit", ["fanzha-web.service", "fanzha-worker.service"])
def test_the_service_units_verify(tmp_path, unit):
    """`systemd-analyze verify` on the unit as installed, its /opt/fanzha paths pointed at this
    checkout and its virtualenv (verify checks that ExecStart's program exists)."""
    text = (DEPLOY / unit).read_text()
    text = text.replace("/opt/fanzha/.venv/bin/", str(Path(sys.executable).parent) + "/")
    text = text.replace("/opt/fanzha", str(DEPLOY.parent))
    (tmp_path / unit).write_text(text)
    result = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / unit)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # Unknown keys and bad values are only warnings: the unit must have none.
    assert result.stderr.strip() == "", result.stderr


# --- Restore on Debian 12's Python 3.11.2, which has no tarfile extraction filters -----------


def archive(path: Path, *entries: tarfile.TarInfo) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for entry in entries:
            data = b"{}" if entry.isfile() else None
            if data is not None:
                entry.size = len(data)
            tar.addfile(entry, io.BytesIO(data) if data is not None else None)
    return path


def entry(name: str, kind: bytes = tarfile.REGTYPE, target: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = target
    return info


@pytest.mark.parametrize("filters", [True, False], ids=["with-filters", "python-3.11.2"])
def test_restore_unpacks_only_plain_entries_inside_its_folder(tmp_path, monkeypatch, filters):
    from fanzha.core.backup import BackupError, _extract

    if not filters:
        monkeypatch.delattr(tarfile, "data_filter", raising=False)
    elif not hasattr(tarfile, "data_filter"):
        pytest.skip("this Python has no tarfile filters")
    good = archive(
        tmp_path / "good.tar.gz",
        entry("manifest.json"),
        entry("media", tarfile.DIRTYPE),
        entry("media/a.txt"),
    )
    out = tmp_path / "out"
    out.mkdir()
    _extract(good, out)
    assert (out / "manifest.json").read_text() == "{}" and (out / "media" / "a.txt").exists()
    for bad in (
        entry("../escaped.txt"),
        entry("media/../../escaped.txt"),
        entry("link", tarfile.SYMTYPE, "/etc/passwd"),
    ):
        target = tmp_path / f"bad-{uuid.uuid4().hex}"
        target.mkdir()
        with pytest.raises((BackupError, getattr(tarfile, "FilterError", BackupError))):
            _extract(archive(tmp_path / "bad.tar.gz", entry("manifest.json"), bad), target)
        assert not (tmp_path / "escaped.txt").exists()


# --- The sign-in lockout behind nginx ------------------------------------------------------


@pytest.mark.django_db
def test_behind_a_proxy_the_lockout_counts_per_client_address(world, settings):
    """nginx connects from 127.0.0.1 and appends the client's address to X-Forwarded-For: with
    FANZHA_PORTAL_TRUSTED_PROXIES=1 five failures from one client lock that client out, not the
    account for everyone, and a forged X-Forwarded-For does not get around it."""
    from django.test import Client

    from fanzha.core.testing.world import PASSWORD

    settings.FANZHA_PORTAL_TRUSTED_PROXIES = 1

    def attempt(forwarded: str, password: str) -> int:
        return (
            Client()
            .post(
                "/accounts/login/",
                {"username": "east_liaison", "password": password},
                REMOTE_ADDR="127.0.0.1",
                HTTP_X_FORWARDED_FOR=forwarded,
            )
            .status_code
        )

    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt("203.0.113.7", "wrong-password")
    assert attempt("203.0.113.7", PASSWORD) == 429
    assert attempt("198.51.100.1, 203.0.113.7", PASSWORD) == 429  # forged left end
    assert attempt("203.0.113.8", PASSWORD) == 302
