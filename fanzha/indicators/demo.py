"""Demo data: fraud indicators with the article's ban figures (WeChat 1,886 permanent and 4,048
short-term, 136 groups, QQ 3,429), plus indicators still in the pipeline and their sightings."""

from __future__ import annotations

import string
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError

from fanzha.core.demo import DemoContext
from fanzha.indicators.choices import BanTerm, IndicatorKind, IndicatorStatus, SightingSource
from fanzha.indicators.normalize import normalize

K, S = IndicatorKind, IndicatorStatus

# (kind, status, ban term, count at scale 1): the first four rows are the article's figures.
PLAN: list[tuple[str, str, str, int]] = [
    (K.WECHAT, S.BANNED, BanTerm.PERMANENT, 1886),
    (K.WECHAT, S.BANNED, BanTerm.SHORT_TERM, 4048),
    (K.WECHAT_GROUP, S.BANNED, BanTerm.PERMANENT, 136),
    (K.QQ, S.BANNED, BanTerm.PERMANENT, 3429),
    (K.WECHAT, S.PENDING, "", 120),
    (K.WECHAT, S.SUBMITTED, "", 60),
    (K.QQ, S.VERIFIED, "", 40),
    (K.PHONE, S.VERIFIED, "", 300),
    (K.PHONE, S.PENDING, "", 150),
    (K.URL, S.VERIFIED, "", 80),
    (K.BANK_ACCOUNT, S.VERIFIED, "", 120),
    (K.ALIPAY, S.PENDING, "", 40),
    (K.APP, S.VERIFIED, "", 25),
    (K.DOUYIN, S.REJECTED, "", 15),
    (K.WECHAT, S.FALSE_POSITIVE, "", 12),
]
FRAUD_TYPES = ["SDFL", "XJTZ", "XJGW", "MCKF", "XJDK", "XJZX", "MCLD", "MCGJF", "WLHL", "YXJY"]
SOURCES = [
    SightingSource.ALERT,
    SightingSource.CASE,
    SightingSource.RESIDENT_REPORT,
    SightingSource.PLATFORM,
]


def _value(kind: str, i: int, rng: Any) -> str:
    letters = "".join(rng.choices(string.ascii_lowercase, k=5))
    if kind == K.WECHAT:
        return f"wxid_{letters}{i:05d}"
    if kind == K.WECHAT_GROUP:
        return f"{rng.choice(['高收益理财', '刷单返利', '内部荐股', '兼职日结'])}群{i:04d}"
    if kind == K.QQ:
        return str(rng.randint(10_000_000, 99_999_999) * 100 + i % 100)
    if kind == K.PHONE:
        country = rng.choice(["cn", "cn", "cn", "kh", "ph"])
        if country == "kh":
            return f"+85512{i % 10**6:06d}"
        if country == "ph":
            return f"+639{i % 10**9:09d}"
        return f"+86{rng.choice(['170', '171', '165', '192'])}{i % 10**8:08d}"
    if kind == K.URL:
        word = rng.choice(["pay", "bank", "invest", "loan"])
        return f"{letters}-{word}{i}.{rng.choice(['cn', 'com', 'top', 'vip'])}"
    if kind == K.BANK_ACCOUNT:
        return f"6222{rng.randint(10**11, 10**12 - 1)}{i % 10}"
    if kind == K.ALIPAY:
        return f"{letters}{i}@{rng.choice(['163.com', 'qq.com', 'sina.com'])}"
    if kind == K.APP:
        return f"{rng.choice(['惠投', '金盈', '速贷', '星聊'])}app{i}"
    return f"dy_{letters}{i}"


def build(ctx: DemoContext) -> None:
    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User
    from fanzha.indicators.models import Indicator, Sighting
    from fanzha.org.choices import UnitKind
    from fanzha.org.models import Unit

    rng = ctx.sub_rng("indicators")
    stations = list(Unit.objects.filter(kind=UnitKind.STATION).order_by("pk"))
    officers: dict[int | None, list[Any]] = {}
    for user in User.objects.filter(role=Role.OFFICER).order_by("pk"):
        officers.setdefault(user.unit_id, []).append(user)
    start = ctx.today - timedelta(days=365)
    rows: list[Indicator] = []
    seen: set[tuple[str, str]] = set()
    counter = 0
    for kind, status, term, base in PLAN:
        for _n in range(ctx.n(base)):
            counter += 1
            try:
                value = normalize(kind, _value(kind, counter, rng))
            except ValidationError:
                continue
            if (kind, value) in seen:
                continue
            seen.add((kind, value))
            first = start + timedelta(days=rng.randint(0, 330))
            station = rng.choice(stations) if stations else None
            staff = officers.get(station.pk if station else None) or [None]
            ind = Indicator(
                kind=kind,
                value=value,
                raw_value=value,
                status=status,
                fraud_type=rng.choice(FRAUD_TYPES),
                unit=station,
                created_by=rng.choice(staff),
                first_seen_at=ctx.aware(first, rng.randint(8, 21)),
            )
            if status in (S.VERIFIED, S.SUBMITTED, S.BANNED, S.REJECTED):
                ind.verified_at = ctx.aware(first + timedelta(days=1))
            if status in (S.SUBMITTED, S.BANNED, S.REJECTED):
                ind.submitted_at = ctx.aware(first + timedelta(days=2))
                ind.platform = {"wechat": "微信", "wechat_group": "微信", "qq": "QQ"}.get(
                    kind, "平台"
                )
                ind.platform_ref = f"{ind.platform}-{counter:06d}"
            if status == S.BANNED:
                banned_day = min(first + timedelta(days=rng.randint(2, 10)), ctx.today)
                ind.ban_term, ind.banned_at = term, ctx.aware(banned_day, 15)
                if term == BanTerm.SHORT_TERM:
                    ind.banned_until = banned_day + timedelta(days=rng.choice([7, 15, 30, 90]))
                    if ind.banned_until < ctx.today:
                        # The platform's short-term ban has run out: still counted as a ban.
                        ind.status = S.EXPIRED
                        ind.closed_at = ctx.aware(ind.banned_until + timedelta(days=1))
            if status == S.REJECTED:
                ind.reason, ind.closed_at = "平台核查后未予处置", ctx.aware(first + timedelta(3))
            if status == S.FALSE_POSITIVE:
                ind.reason, ind.closed_at = "经核实为正常商户账号", ctx.aware(first + timedelta(5))
            rows.append(ind)
    Indicator.objects.bulk_create(rows, batch_size=2000)
    created = list(Indicator.objects.order_by("pk").values_list("pk", "first_seen_at", "unit_id"))
    sightings: list[Sighting] = []
    updates: list[Indicator] = []
    for pk, first_seen, unit_id in created:
        assert first_seen is not None  # every demo indicator was given one above
        n = rng.choice([1, 1, 1, 2, 2, 3, 5])
        last = first_seen
        for j in range(n):
            seen_at = first_seen + timedelta(
                days=rng.randint(0, 40) if j else 0, minutes=rng.randint(0, 600)
            )
            last = max(last, seen_at)
            sightings.append(
                Sighting(
                    indicator_id=pk,
                    source=rng.choice(SOURCES),
                    ref=f"demo:{pk}:{j}",
                    seen_at=seen_at,
                    unit_id=unit_id,
                )
            )
        updates.append(Indicator(pk=pk, sightings_count=n, last_seen_at=last))
    Sighting.objects.bulk_create(sightings, batch_size=5000)
    Indicator.objects.bulk_update(updates, ["sightings_count", "last_seen_at"], batch_size=2000)
    ctx.shared["indicator_ids"] = [pk for pk, _f, _u in created]
    ctx.log(f"indicators: {len(created)} indicators, {len(sightings)} sightings")
