"""Production configuration: `check --deploy` is clean, and bad settings refuse to start."""

from __future__ import annotations

import base64
import os
import secrets
import subprocess
import sys


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
