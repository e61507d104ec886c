"""Bulk import of platform replies (CSV): bans, rejections and unbans reported by WeChat, QQ and
other platforms for indicators we submitted.

Columns (English or Chinese headers): ``kind``/类型, ``value``/账号, ``result``/结果
(banned/封禁, rejected/驳回, unbanned/解封), ``term``/期限 (permanent/永久, short_term/短期),
``until``/截止日期 (YYYY-MM-DD, short-term bans), ``platform_ref``/平台单号, ``reason``/原因.

Every row is checked first; if any row has an error nothing is applied and the per-row report
says what is wrong, so a file can be fixed and uploaded again without half of it already in.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.indicators.choices import BanTerm, ImportStatus, IndicatorKind, IndicatorStatus
from fanzha.indicators.models import Indicator, PlatformReplyImport
from fanzha.indicators.normalize import normalize
from fanzha.indicators.transitions import ALLOWED, move

HEADERS = {
    "kind": "kind",
    "类型": "kind",
    "value": "value",
    "账号": "value",
    "线索": "value",
    "result": "result",
    "结果": "result",
    "term": "term",
    "期限": "term",
    "until": "until",
    "截止日期": "until",
    "platform_ref": "platform_ref",
    "平台单号": "platform_ref",
    "reason": "reason",
    "原因": "reason",
}
RESULTS = {
    "banned": IndicatorStatus.BANNED,
    "封禁": IndicatorStatus.BANNED,
    "rejected": IndicatorStatus.REJECTED,
    "驳回": IndicatorStatus.REJECTED,
    "unbanned": IndicatorStatus.UNBANNED,
    "解封": IndicatorStatus.UNBANNED,
}
TERMS = {
    "permanent": BanTerm.PERMANENT,
    "永久": BanTerm.PERMANENT,
    "永久封禁": BanTerm.PERMANENT,
    "short_term": BanTerm.SHORT_TERM,
    "短期": BanTerm.SHORT_TERM,
    "临时": BanTerm.SHORT_TERM,
}
# Chinese names as platforms and staff write them (not the gettext labels: this map is built at
# import time, before any language is active).
KINDS = {
    **{k: k for k in IndicatorKind.values},
    "电话": "phone",
    "电话号码": "phone",
    "手机号": "phone",
    "微信": "wechat",
    "微信号": "wechat",
    "微信账号": "wechat",
    "微信群": "wechat_group",
    "QQ": "qq",
    "QQ号": "qq",
    "支付宝": "alipay",
    "银行账户": "bank_account",
    "银行卡": "bank_account",
    "支付账户": "payment_account",
    "网址": "url",
    "域名": "url",
    "APP": "app",
    "抖音": "douyin",
    "抖音号": "douyin",
    "其他": "other",
}
REQUIRED = ("kind", "value", "result")


@dataclass
class Row:
    line: int
    data: dict[str, str]
    errors: list[str] = field(default_factory=list)
    indicator: Indicator | None = None
    target: str = ""
    term: str = ""
    until: date | None = None

    def report(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "kind": self.data.get("kind", ""),
            "value": self.data.get("value", "")[:100],
            "result": self.data.get("result", ""),
            "errors": self.errors,
        }


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), else GB18030: Excel on a Chinese Windows saves CSV as GBK."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("gb18030")
        except UnicodeDecodeError:
            raise ValidationError(_("The file is neither UTF-8 nor GBK text.")) from None


def parse(text: str) -> list[Row]:
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(_("The file is empty.")) from None
    columns = [HEADERS.get(h.strip().lower(), HEADERS.get(h.strip(), "")) for h in header]
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ValidationError(
            _("Missing columns: %(cols)s.") % {"cols": ", ".join(missing)}, code="header"
        )
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        data = {col: cell.strip() for col, cell in zip(columns, cells, strict=False) if col}
        rows.append(Row(number, data))
        if len(rows) > settings.FANZHA_INDICATOR_IMPORT_MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(n)d rows; split it.")
                % {"n": settings.FANZHA_INDICATOR_IMPORT_MAX_ROWS},
                code="size",
            )
    if not rows:
        raise ValidationError(_("The file has no data rows."), code="empty")
    return rows


def check(rows: list[Row], user: Any) -> None:
    """Fill each row's errors, indicator and target; touches nothing."""
    today = timezone.localdate()
    visible = Indicator.objects.restrict(user, "change")
    seen: dict[tuple[str, str], int] = {}
    for row in rows:
        kind = KINDS.get(row.data.get("kind", ""), "")
        if not kind:
            row.errors.append(_("Unknown kind “%(k)s”.") % {"k": row.data.get("kind", "")})
            continue
        try:
            value = normalize(kind, row.data.get("value", ""))
        except ValidationError as exc:
            row.errors.extend(exc.messages)
            continue
        if (kind, value) in seen:
            row.errors.append(_("Same account as line %(n)d.") % {"n": seen[(kind, value)]})
            continue
        seen[(kind, value)] = row.line
        row.target = RESULTS.get(row.data.get("result", "").lower(), "")
        if not row.target:
            row.errors.append(
                _("Unknown result “%(r)s” (banned, rejected or unbanned).")
                % {"r": row.data.get("result", "")}
            )
        indicator = visible.filter(kind=kind, value=value).first()
        if indicator is None:
            row.errors.append(_("No such indicator in your area: %(v)s.") % {"v": value})
            continue
        row.indicator = indicator
        if row.target and row.target not in ALLOWED[indicator.status]:
            row.errors.append(
                _("The indicator is “%(s)s”; it cannot become “%(t)s”.")
                % {"s": indicator.get_status_display(), "t": IndicatorStatus(row.target).label}
            )
        if row.target == IndicatorStatus.BANNED:
            row.term = TERMS.get(row.data.get("term", "").lower(), "")
            if not row.term:
                row.errors.append(_("Give the ban term (permanent or short-term)."))
            elif row.term == BanTerm.SHORT_TERM:
                try:
                    row.until = date.fromisoformat(row.data.get("until", ""))
                except ValueError:
                    row.errors.append(_("A short-term ban needs an end date as YYYY-MM-DD."))
                else:
                    if row.until < today:
                        row.errors.append(_("The ban's end date is in the past."))
        if row.target in (IndicatorStatus.REJECTED, IndicatorStatus.UNBANNED) and not row.data.get(
            "reason"
        ):
            row.errors.append(_("Give the platform's reason."))


def import_replies(content: bytes, file_name: str, user: Any) -> PlatformReplyImport:
    """Check and, when every row is valid, apply a platform reply file in one transaction.
    Always returns the stored import with its per-row report."""
    try:
        rows = parse(decode(content))
    except ValidationError as exc:
        return PlatformReplyImport.objects.create(
            file_name=file_name[:200],
            status=ImportStatus.FAILED,
            rows_total=0,
            rows_failed=0,
            report=[{"line": 1, "errors": exc.messages}],
            uploaded_by=user,
            unit=getattr(user, "unit", None),
        )
    check(rows, user)
    failed = [r for r in rows if r.errors]
    status = ImportStatus.FAILED if failed else ImportStatus.APPLIED
    with transaction.atomic():
        if not failed:
            for row in rows:
                assert row.indicator is not None
                move(
                    row.indicator,
                    row.target,
                    user=user,
                    reason=row.data.get("reason", ""),
                    ban_term=row.term,
                    banned_until=row.until,
                    platform_ref=row.data.get("platform_ref", "")[:100],
                )
        return PlatformReplyImport.objects.create(
            file_name=file_name[:200],
            status=status,
            rows_total=len(rows),
            rows_failed=len(failed),
            report=[r.report() for r in rows],
            uploaded_by=user,
            unit=getattr(user, "unit", None),
        )
