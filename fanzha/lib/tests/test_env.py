import pytest
from django.core.exceptions import ImproperlyConfigured

from fanzha.lib.env import env_bool, env_int, env_list


def test_it_reads_typed_values(monkeypatch):
    monkeypatch.setenv("X_INT", "42")
    monkeypatch.setenv("X_BOOL", "yes")
    monkeypatch.setenv("X_LIST", "a, b,,c")
    assert env_int("X_INT", 1) == 42
    assert env_bool("X_BOOL", False) is True
    assert env_list("X_LIST", []) == ["a", "b", "c"]


@pytest.mark.parametrize(
    ("name", "value", "reader"),
    [
        ("X_INT", "ten", lambda: env_int("X_INT", 1)),
        ("X_BOOL", "maybe", lambda: env_bool("X_BOOL", False)),
        ("X_INT", "-5", lambda: env_int("X_INT", 1, minimum=0)),
    ],
)
def test_it_fails_loudly_on_bad_values(monkeypatch, name, value, reader):
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=name):
        reader()


def test_production_refuses_the_default_secret(tmp_path):
    import subprocess
    import sys

    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django, os; os.environ['DJANGO_SETTINGS_MODULE']="
            "'fanzha.settings'; django.setup()",
        ],
        env={
            "FANZHA_MODE": "production",
            "PATH": "/usr/bin:/bin",
            "FANZHA_DATA_DIR": str(tmp_path),
        },
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "FANZHA_SECRET_KEY" in result.stderr
