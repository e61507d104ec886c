"""Demo import jobs: a district hands over a GBK-encoded CSV of new residents; one dry run
passes, one file with mistakes is rejected with its per-row report, so the import pages have
something to show. Runs after the registry builders (it reads grids and liaisons)."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

from django.core.files.base import ContentFile

from fanzha.core.demo import DemoContext

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_SURNAMES = "王李张刘陈杨赵黄周吴"
_GIVEN = "建国秀英志强海燕玉兰明辉"


def _id(rng_value: int, birth: date) -> str:
    # Region 370299 and sequence numbers from 900 keep these apart from the demo's residents.
    body = f"370299{birth:%Y%m%d}{900 + rng_value % 100:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, _WEIGHTS, strict=True)) % 11]


def build(ctx: DemoContext) -> None:
    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User
    from fanzha.imports.jobs import create_job, run_job
    from fanzha.org.models import Grid

    rng = ctx.sub_rng("imports")
    liaison = User.objects.filter(role=Role.LIAISON, unit__kind="office").order_by("pk").first()
    if liaison is None:
        return
    grids = list(Grid.objects.restrict(liaison, "view").order_by("code")[:5])
    if not grids:
        return
    rows = []
    for i in range(max(6, ctx.n(40))):
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(25_000))
        rows.append(
            [
                _SURNAMES[rng.randrange(10)] + _GIVEN[rng.randrange(12)],
                _id(i, birth),
                f"1{rng.choice('3589')}{rng.randrange(10**9):09d}",
                rng.choice(grids).code,
                rng.choice(["", "老人", "学生", "财务人员"]),
            ]
        )
    header = ["姓名", "身份证号", "手机号", "网格编码", "标签"]
    bad = [list(r) for r in rows[:6]]
    bad[1][1] = bad[1][1][:-1] + ("0" if bad[1][1][-1] != "0" else "1")
    bad[3][2] = "1380013"
    bad[4][1] = bad[0][1]
    for name, data in (("新增居民-试导入.csv", rows), ("新增居民-有误.csv", bad)):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(data)
        upload = ContentFile(buffer.getvalue().encode("gbk"), name=name)
        job = create_job(liaison, "residents", upload, dry_run=True)
        run_job(job.pk)
    ctx.log(f"imports: 2 demo jobs for {liaison}")
