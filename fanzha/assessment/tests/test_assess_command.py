"""``fanzha assess score --input FILE.json`` as a real process: JSON out, status 2 on bad
input, and no database needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

UNITS = [
    {
        "code": "east",
        "name": "东城办事处",
        "category": "office",
        "cases_last": 7,
        "cases_this": 8,
        "card_publicity_in_six_into": True,
        "card_prominent_problem": False,
        "manual": {"system": 8, "publicity": 25.5, "card_other": 4},
    },
    {
        "code": "west",
        "name": "西城办事处",
        "category": "office",
        "cases_last": 10,
        "cases_this": 5,
        "card_publicity_in_six_into": False,
        "card_prominent_problem": True,
        "manual": {"system": 9},
    },
    {
        "code": "tax",
        "name": "税务分局",
        "category": "sector",
        "cases_last": 0,
        "cases_this": 0,
        "card_publicity_in_six_into": True,
        "card_prominent_problem": False,
    },
]


def run(tmp_path: Path, document: Any) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "input.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ)
    # A database that does not exist: the command must not need one.
    env["DATABASE_URL"] = "postgres://nobody@127.0.0.1:1/none"
    env["FANZHA_MODE"] = "dev"
    return subprocess.run(
        [sys.executable, "-m", "fanzha", "assess", "score", "--input", str(path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def test_it_prints_the_scores_as_json(tmp_path: Path) -> None:
    result = run(tmp_path, {"period": "2021", "units": UNITS})
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["period"] == "2021"
    east, west, tax = out["units"]
    assert east == {
        **east,
        "code": "east",
        "system_building": 33.5,
        "cases_yoy": 30.71,
        "card_action": 9.0,
        "total": 73.21,
        "pending": [],
    }
    assert west["cases_yoy"] == 50.0 and west["card_action"] == 0.0
    assert west["pending"] == ["publicity", "card_other"]
    assert west["total"] == 59.0
    assert tax["cases_yoy"] == 45.0 and tax["total"] == 50.0
    assert "14.2857" in east["explanation"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"category": "village"}, "village"),
        ({"cases_last": -1}, "cases_last"),
        ({"cases_this": "3"}, "cases_this"),
        ({"manual": {"publicity": 31}}, "30"),
        ({"manual": {"system": -1}}, "0"),
        ({"manual": {"bonus": 1}}, "bonus"),
    ],
)
def test_it_exits_2_with_a_message_on_invalid_input(
    tmp_path: Path, change: dict[str, Any], message: str
) -> None:
    broken = [{**UNITS[0], **change}, UNITS[1]]
    result = run(tmp_path, {"period": "2021", "units": broken})
    assert result.returncode == 2
    assert result.stdout == ""
    assert "east" in result.stderr and message in result.stderr


def test_it_exits_2_on_a_file_that_is_not_json(tmp_path: Path) -> None:
    path = tmp_path / "input.json"
    path.write_text("{not json", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "fanzha", "assess", "score", "--input", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "JSON" in result.stderr and "input.json" in result.stderr
