from __future__ import annotations

import pytest

from fanzha.core.demo import DemoContext
from fanzha.imports.choices import ImportStatus
from fanzha.imports.models import ImportJob

pytestmark = pytest.mark.django_db


def test_the_demo_builder_leaves_a_passed_and_a_rejected_job(world):
    from fanzha.imports import demo

    ctx = DemoContext(seed=1, scale=0.1, rng=__import__("random").Random(1), log=lambda _m: None)
    demo.build(ctx)

    jobs = {j.original_name: j for j in ImportJob.objects.all()}
    assert jobs["新增居民-试导入.csv"].status == ImportStatus.VALIDATED
    rejected = jobs["新增居民-有误.csv"]
    assert rejected.status == ImportStatus.INVALID
    assert [e["row"] for e in rejected.errors] == [3, 5, 6]
    assert rejected.encoding == "gb18030"
