"""Ban counts in the article's terms: WeChat accounts banned permanently and short-term, WeChat
groups, QQ accounts (and every other kind, for the staff page).

A ban counts once it was carried out, whatever happened next: a short-term ban that expired, or
a ban the platform later lifted, was still a ban. A ban later found to be a false positive does
not count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from fanzha.indicators.choices import BanTerm, IndicatorKind, IndicatorStatus
from fanzha.indicators.models import Indicator

S = IndicatorStatus
BAN_CARRIED_OUT = (S.BANNED, S.EXPIRED, S.UNBANNED)


@dataclass(frozen=True)
class BanCounts:
    """The article's four figures."""

    wechat_permanent: int
    wechat_short_term: int
    wechat_groups: int
    qq: int

    def as_rows(self) -> list[tuple[Any, int]]:
        return [
            (_("WeChat accounts banned permanently"), self.wechat_permanent),
            (_("WeChat accounts banned short-term"), self.wechat_short_term),
            (_("WeChat groups banned"), self.wechat_groups),
            (_("QQ accounts banned"), self.qq),
        ]


def bans(qs: QuerySet[Indicator], start: date | None = None, end: date | None = None) -> QuerySet:
    """Indicators whose ban was carried out, optionally with the ban date in [start, end]."""
    qs = qs.filter(status__in=BAN_CARRIED_OUT, banned_at__isnull=False)
    if start:
        qs = qs.filter(banned_at__date__gte=start)
    if end:
        qs = qs.filter(banned_at__date__lte=end)
    return qs


def ban_counts(
    qs: QuerySet[Indicator], start: date | None = None, end: date | None = None
) -> BanCounts:
    """The four figures in one aggregate query over ``qs`` (already restricted to the user)."""
    K = IndicatorKind
    totals = bans(qs, start, end).aggregate(
        wechat_permanent=Count("pk", filter=Q(kind=K.WECHAT, ban_term=BanTerm.PERMANENT)),
        wechat_short_term=Count("pk", filter=Q(kind=K.WECHAT, ban_term=BanTerm.SHORT_TERM)),
        wechat_groups=Count("pk", filter=Q(kind=K.WECHAT_GROUP)),
        qq=Count("pk", filter=Q(kind=K.QQ)),
    )
    return BanCounts(**totals)


def by_kind_and_status(qs: QuerySet[Indicator]) -> list[dict[str, Any]]:
    """Indicators per kind and status (a table for the staff page)."""
    rows = qs.order_by().values("kind", "status").annotate(n=Count("pk"))
    table: dict[str, dict[str, Any]] = {
        k: {"kind": k, "label": label, "total": 0, **dict.fromkeys(S.values, 0)}
        for k, label in IndicatorKind.choices
    }
    for row in rows:
        table[row["kind"]][row["status"]] = row["n"]
        table[row["kind"]]["total"] += row["n"]
    return [r for r in table.values() if r["total"]]
