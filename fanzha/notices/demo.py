"""Demo data: a draft letter for every case (一案一函告), and the article's 30 issued 三告
notices: the quarterly notices of 2020 and 2021 Q1, the annual report for 2020 and letters for
the latest cases, numbered per year in the order they were issued, with delivery logs."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from fanzha.cases.models import Case
from fanzha.core.demo import DemoContext
from fanzha.notices import documents
from fanzha.notices.choices import DeliveryEvent, DeliveryMethod, NoticeKind
from fanzha.notices.models import Delivery, Notice

ISSUED_TOTAL = 30  # the article's figure
BATCH = 1000


def build(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("notices")
    for kind in NoticeKind.values:
        documents.active_template(kind)
    cases = list(
        Case.objects.exclude(status="void")
        .select_related("grid__community", "employer", "victim_unit")
        .order_by("reported_at", "pk")
    )
    with transaction.atomic():
        existing = set(
            Notice.objects.filter(kind=NoticeKind.LETTER).values_list("case_id", flat=True)
        )
        letters = []
        for case in cases:
            if case.pk in existing:
                continue
            letters.append(
                Notice(
                    kind=NoticeKind.LETTER,
                    case=case,
                    title=documents.letter_title(case),
                    year=timezone.localtime(case.reported_at).year,
                    created_by_id=case.created_by_id,
                    **documents.letter_addressee(case),
                )
            )
        Notice.objects.bulk_create(letters, batch_size=BATCH)

    plan: list[tuple[date, Notice]] = []
    last_year = ctx.today.year - 1
    for quarter in (1, 2, 3, 4):
        _start, end = _quarter_end(last_year, quarter)
        plan.append((end + timedelta(days=10), documents.quarterly_notice(last_year, quarter)))
    plan.append((date(ctx.today.year, 4, 10), documents.quarterly_notice(ctx.today.year, 1)))
    plan.append((date(ctx.today.year, 1, 20), documents.annual_notice(last_year)))
    wanted_letters = max(0, min(ctx.n(ISSUED_TOTAL), ISSUED_TOTAL) - len(plan))
    recent = [c for c in cases if c.status != "draft"][-wanted_letters:] if wanted_letters else []
    by_case = {n.case_id: n for n in Notice.objects.filter(kind=NoticeKind.LETTER, case__in=recent)}
    for case in recent:
        day = min(timezone.localtime(case.reported_at).date() + timedelta(days=3), ctx.today)
        plan.append((day, by_case[case.pk]))
    plan.sort(key=lambda item: (item[0], item[1].pk))
    deliveries = []
    for day, notice in plan:
        if notice.is_issued:
            continue
        issued = documents.issue(notice, on=day)
        if issued.kind == NoticeKind.LETTER:
            deliveries.extend(_deliveries(rng, issued, day))
    Delivery.objects.bulk_create(deliveries)
    ctx.log(f"notices: {len(letters)} draft letters, {len(plan)} issued")


def _quarter_end(year: int, quarter: int) -> tuple[date, date]:
    from fanzha.cases.stats import quarter_bounds

    return quarter_bounds(year, quarter)


def _deliveries(rng: Any, notice: Notice, day: date) -> list[Delivery]:
    sent_at = timezone.make_aware(datetime(day.year, day.month, day.day, 15, 0))
    rows = [
        Delivery(
            notice=notice,
            event=DeliveryEvent.SENT,
            method=DeliveryMethod.HAND,
            at=sent_at,
            party=rng.choice(["王警官", "李警官", "赵警官", "刘警官"]),
        )
    ]
    if rng.random() < 0.8:
        rows.append(
            Delivery(
                notice=notice,
                event=DeliveryEvent.RECEIVED,
                method=DeliveryMethod.HAND,
                at=sent_at + timedelta(hours=2),
                party=f"{notice.addressee[:20]}办公室",
            )
        )
    return rows
