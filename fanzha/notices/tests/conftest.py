from __future__ import annotations

from typing import Any

import pytest

from fanzha.cases.tests.factories import CaseFactory


@pytest.fixture
def east_case(world: Any) -> Any:
    """A case of the east resident who works at the east enterprise."""
    return CaseFactory(victim=world.residents["east"][0], created_by=world.user("east_officer"))


@pytest.fixture
def west_case(world: Any) -> Any:
    return CaseFactory(victim=world.residents["west"][1], created_by=world.user("west_officer"))
