from __future__ import annotations

from typing import Any

import pytest

from fanzha.assessment import periods
from fanzha.assessment.models import Period, Scheme


@pytest.fixture
def period(world: Any) -> Period:
    """2021 Q1 of the test world, inputs collected and scored."""
    p = Period.objects.create(scheme=Scheme.default(), year=2021, quarter=1)
    periods.collect(p)
    return p
