from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from fanzha.imports.tests.factories import RESIDENT_HEADER, new_id, new_phone


@pytest.fixture
def resident_rows() -> Any:
    """Rows for the east grid: name, ID, phone, household, grid, employer, tags."""

    def make(
        count: int, start: int = 0, grid: str = "east-grid", household: str = "east-h1"
    ) -> list[list[str]]:
        return [
            [f"王{i}", new_id(i), new_phone(i), household, grid, "", "老人"]
            for i in range(start, start + count)
        ]

    return make


@pytest.fixture
def resident_header() -> list[str]:
    return list(RESIDENT_HEADER)


@pytest.fixture
def upload_dir(tmp_path: Path) -> Path:
    return tmp_path
