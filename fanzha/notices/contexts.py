"""The data a document template sees: plain strings, numbers, lists and dicts only (the
sandbox relies on that), with every person masked."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone, translation

from fanzha.cases.choices import Channel, FraudType
from fanzha.cases.models import Case
from fanzha.cases.stats import (
    Figures,
    period_figures,
    previous_quarter,
    quarter_bounds,
    typical_cases,
)
from fanzha.lib.masking import mask_name
from fanzha.notices import sources
from fanzha.notices.choices import NoticeKind
from fanzha.notices.models import Notice

DRAFT_NUMBER = "（草稿，未编号）"
NOT_AVAILABLE = "—"


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def money(value: Decimal | int) -> str:
    return f"{Decimal(value):,.2f}"


def change(now: int, before: int) -> str:
    """上升25.0% / 下降10.0% / 持平 / 新增 (no cases before)."""
    if now == before:
        return "持平"
    if before == 0:
        return f"新增{now}起"
    rate = (now - before) / before * 100
    return f"上升{rate:.1f}%" if rate > 0 else f"下降{-rate:.1f}%"


def _common(notice: Notice) -> dict[str, Any]:
    issued = notice.issued_on or timezone.localdate()
    return {
        "authority": settings.FANZHA_NOTICES_AUTHORITY,
        "leading_group": settings.FANZHA_NOTICES_LEADING_GROUP,
        "number": notice.document_number or DRAFT_NUMBER,
        "title": notice.title,
        "addressee": notice.addressee,
        "date": cn_date(issued),
        "issued": notice.is_issued,
    }


def case_facts(case: Case) -> dict[str, Any]:
    local = timezone.localtime
    return {
        "victim": mask_name(case.victim_name),
        "victim_id": case.victim_id_mask,
        "occurred": cn_date(local(case.occurred_at).date()),
        "reported": cn_date(local(case.reported_at).date()),
        "fraud_type": str(FraudType(case.fraud_type).label),
        "channel": str(Channel(case.channel).label),
        "loss": money(case.loss),
        "recovered": money(case.recovered),
        "recovered_any": case.recovered > 0,
        "reference": case.reference,
        "internal_staff": case.internal_staff,
        "area": case.grid.community.name if case.grid_id else "",
    }


def letter_context(notice: Notice) -> dict[str, Any]:
    assert notice.case is not None
    return {**_common(notice), "case": case_facts(notice.case)}


def _figure_dict(f: Figures) -> dict[str, Any]:
    return {
        "cases": f.cases,
        "loss": money(f.loss),
        "recovered": money(f.recovered),
        "internal": f.internal,
    }


def _office_names(*figures: Figures) -> dict[int, str]:
    from fanzha.org.models import Unit

    ids = {k for f in figures for k in f.by_office if k is not None}
    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))


def quarterly_context(notice: Notice, *, with_chart: bool = True) -> dict[str, Any]:
    from fanzha.notices.chart import data_uri, grouped_bars

    assert notice.quarter is not None
    year, quarter = notice.year, notice.quarter
    start, end = quarter_bounds(year, quarter)
    py, pq = previous_quarter(year, quarter)
    p_start, p_end = quarter_bounds(py, pq)
    l_start, l_end = quarter_bounds(year - 1, quarter)
    now, prev, last = (
        period_figures(start, end),
        period_figures(p_start, p_end),
        period_figures(l_start, l_end),
    )
    by_type: list[dict[str, Any]] = []
    for code, label in FraudType.choices:
        n, loss = now.by_type.get(code, (0, Decimal(0)))
        p = prev.by_type.get(code, (0, Decimal(0)))[0]
        ly = last.by_type.get(code, (0, Decimal(0)))[0]
        if n or p or ly:
            by_type.append(
                {
                    "code": code,
                    "label": str(label),
                    "this": n,
                    "loss": money(loss),
                    "prev": p,
                    "last_year": ly,
                }
            )
    names = _office_names(now, prev, last)
    by_area: list[dict[str, Any]] = []
    for office_id, name in sorted(names.items(), key=lambda kv: kv[1]):
        n, loss = now.by_office.get(office_id, (0, Decimal(0)))
        by_area.append(
            {
                "label": name,
                "this": n,
                "loss": money(loss),
                "prev": prev.by_office.get(office_id, (0, 0))[0],
                "last_year": last.by_office.get(office_id, (0, 0))[0],
            }
        )
    typical = [
        {**case_facts(c), "date": cn_date(timezone.localtime(c.occurred_at).date())}
        for c in typical_cases(start, end, settings.FANZHA_NOTICES_TYPICAL_CASES)
    ]
    chart = ""
    if with_chart and by_type:
        png = grouped_bars(
            [row["label"] for row in by_type],
            [
                ("本季度", [r["this"] for r in by_type]),
                ("上季度", [r["prev"] for r in by_type]),
                ("去年同期", [r["last_year"] for r in by_type]),
            ],
            f"{year}年第{quarter}季度分类型发案情况（起）",
        )
        chart = data_uri(png)
    return {
        **_common(notice),
        "period": notice.period_label,
        "start": cn_date(start),
        "end": cn_date(end),
        "totals": {
            "this": _figure_dict(now),
            "prev": _figure_dict(prev),
            "last_year": _figure_dict(last),
            "vs_prev": change(now.cases, prev.cases),
            "vs_last_year": change(now.cases, last.cases),
        },
        "by_type": by_type,
        "by_area": by_area,
        "typical": typical,
        "warnings": sources.warnings(start, end),
        "bans": sources.bans(start, end),
        "chart": chart,
    }


def annual_context(notice: Notice) -> dict[str, Any]:
    from fanzha.cases.attribution import case_counts_by_unit, counted_cases, year_window
    from fanzha.cases.stats import figures_for
    from fanzha.org.choices import UnitKind
    from fanzha.org.models import Unit

    year = notice.year
    today = timezone.localdate()
    until = today if today.year == year else None
    start, end = year_window(year, until)
    l_start, l_end = year_window(year - 1, until)
    now = figures_for(counted_cases(start, end))
    last = figures_for(counted_cases(l_start, l_end))
    counts, counts_last = case_counts_by_unit(year, until), case_counts_by_unit(year - 1, until)
    internal: dict[int, int] = {}
    for case in counted_cases(start, end).filter(internal_staff=True).only("victim_unit_id"):
        if case.victim_unit_id is not None:
            internal[case.victim_unit_id] = internal.get(case.victim_unit_id, 0) + 1
    coverage = sources.registration_coverage(end)
    scores = sources.assessment_scores(year) or {}
    units: list[dict[str, Any]] = []
    for unit in Unit.objects.filter(
        kind__in=[UnitKind.OFFICE, UnitKind.SECTOR, UnitKind.BUREAU]
    ).order_by("kind", "code"):
        reg, total = coverage.get(unit.pk, (0, 0))
        score = scores.get(unit.pk)
        activities = sources.publicity(unit, start, end)
        units.append(
            {
                "name": unit.name,
                "cases": counts.get(unit.pk, 0),
                "last_year": counts_last.get(unit.pk, 0),
                "internal": internal.get(unit.pk, 0),
                # Display strings: "—" means "not available", which 0 must never look like.
                "publicity": NOT_AVAILABLE if activities is None else str(activities),
                "coverage": f"{reg / total * 100:.1f}%" if total else NOT_AVAILABLE,
                "score": NOT_AVAILABLE if score is None else f"{Decimal(score):.2f}",
            }
        )
    by_type: list[dict[str, Any]] = []
    for code, label in FraudType.choices:
        n, loss = now.by_type.get(code, (0, Decimal(0)))
        ly = last.by_type.get(code, (0, Decimal(0)))[0]
        if n or ly:
            by_type.append({"label": str(label), "this": n, "loss": money(loss), "last_year": ly})
    return {
        **_common(notice),
        "year": year,
        "end": cn_date(end),
        "recipients": settings.FANZHA_NOTICES_ANNUAL_RECIPIENTS,
        "totals": {
            "this": _figure_dict(now),
            "last_year": _figure_dict(last),
            "vs_last_year": change(now.cases, last.cases),
        },
        "by_type": by_type,
        "units": units,
    }


def context_for(notice: Notice) -> dict[str, Any]:
    """The template data of any notice, with labels in the district's language whoever asks."""
    with translation.override(settings.LANGUAGE_CODE):
        if notice.kind == NoticeKind.LETTER:
            return letter_context(notice)
        if notice.kind == NoticeKind.QUARTERLY:
            return quarterly_context(notice)
        return annual_context(notice)
