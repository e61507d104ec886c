"""Demo data: the default scheme, the 2021 first-quarter assessment with inputs collected from the
demo district (cases, 六进 activities, 断卡 records as far as those apps provide them), hand-scored
items with evidence for most units (a few left pending), and two appeals, one decided."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User
from fanzha.assessment import periods
from fanzha.assessment.choices import AppealStatus, PeriodStatus
from fanzha.assessment.models import Appeal, ManualScore, Period, Scheme, UnitAssessment
from fanzha.core.demo import DemoContext

EVIDENCE = {
    "system": [
        "领导小组会议纪要、反诈工作方案及分工文件",
        "年度反诈工作计划与季度推进台账",
        "反诈专班人员名单及工作例会记录",
    ],
    "publicity": [
        "宣传活动照片、签到表及宣传品发放台账",
        "六进活动记录与横幅悬挂照片",
        "微信公众号推送截图与宣传简报",
    ],
    "card_other": ["断卡行动排查台账与谈话记录", "银行、运营商联合宣传记录"],
}
REASONS = {
    "system": ["制度健全，分工明确", "有方案但例会记录不全，扣分", "专班运转正常"],
    "publicity": ["覆盖面广，台账完整", "部分小区未见宣传，酌情扣分", "宣传形式单一，扣分"],
    "card_other": ["排查到位", "联合行动次数偏少，扣分"],
}


def build(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("assessment")
    scheme = Scheme.default()
    quarter = (ctx.today.month - 1) // 3  # the last finished quarter of the demo's today
    year = ctx.today.year if quarter else ctx.today.year - 1
    quarter = quarter or 4
    period, _ = Period.objects.get_or_create(
        year=year, quarter=quarter, defaults={"scheme": scheme}
    )
    Period.objects.get_or_create(
        year=ctx.today.year,
        quarter=quarter % 4 + 1,
        defaults={"scheme": scheme, "status": PeriodStatus.OPEN},
    )
    count = periods.collect(period)
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    spec = scheme.to_spec()
    rows = list(UnitAssessment.objects.filter(period=period).select_related("unit"))
    scores: list[ManualScore] = []
    for index, row in enumerate(rows):
        for item in spec.manual_items:
            # Every fifth unit still waits for its publicity score: the page shows 'pending'.
            if item.code == "publicity" and index % 5 == 4:
                continue
            low = item.max_points * Decimal("0.6")
            points = low + (item.max_points - low) * Decimal(rng.randint(0, 8)) / 8
            scores.append(
                ManualScore(
                    assessment=row,
                    item_code=item.code,
                    points=points.quantize(Decimal("0.5")),
                    evidence=rng.choice(EVIDENCE.get(item.code, EVIDENCE["system"])),
                    reason=rng.choice(REASONS.get(item.code, REASONS["system"])),
                    scored_by=admin,
                )
            )
    ManualScore.objects.bulk_create(scores, ignore_conflicts=True)
    periods.rescore(period)
    liaisons = {u.unit_id: u for u in User.objects.filter(role=Role.LIAISON)}
    appealed = [r for r in rows if r.unit_id in liaisons][:2]
    now = timezone.now()
    appeals = []
    for n, row in enumerate(appealed):
        decided = n == 1
        appeals.append(
            Appeal(
                assessment=row,
                item_code="publicity" if n == 0 else "cases_yoy",
                reason="本单位一季度共组织宣传活动多场，部分台账未及时上传，申请复核。"
                if n == 0
                else "有一起案件发案地不在本辖区，申请核减。",
                filed_by=liaisons[row.unit_id],
                status=AppealStatus.REJECTED if decided else AppealStatus.PENDING,
                decision="经核查，该案受害人户籍及居住地均在本辖区，维持原评分。"
                if decided
                else "",
                decided_by=admin if decided else None,
                decided_at=now - timedelta(days=2) if decided else None,
            )
        )
    Appeal.objects.bulk_create(appeals)
    ctx.log(
        f"assessment: {period.label}, {count} units scored, {len(scores)} manual scores, "
        f"{len(appeals)} appeals"
    )
