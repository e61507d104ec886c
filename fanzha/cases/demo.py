"""Demo data: the case register over two years (2020 and 2021 up to the demo's today), so the
year-on-year item has something to compare, and the article's enterprise example (14 cases and
¥630,000 lost in H1 2020, 3 cases after the measure). Cases whose alert was closed with outcome 4
come from the alerts demo as drafts linked to their alert."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from fanzha.accounts.choices import Role
from fanzha.accounts.models import User
from fanzha.cases.attribution import attribute_many
from fanzha.cases.choices import CaseSource, CaseStatus, Channel, FraudType
from fanzha.cases.models import Case
from fanzha.core.demo import DemoContext
from fanzha.core.names import id_number, person_name
from fanzha.lib.sealed import seal_normalised_id
from fanzha.org.choices import UnitKind
from fanzha.org.models import Grid, Unit
from fanzha.people.models import Resident
from fanzha.places.choices import PlaceKind
from fanzha.places.models import Place

# Cases per year at scale 1 (the whole of 2020; 2021 is pro rata up to the demo's today, a
# little lower so the district shows a decrease while some units rise).
CASES_2020 = 320
CASES_2021_FULL_YEAR = 290
TYPE_WEIGHTS = {
    FraudType.SDFL: 30,
    FraudType.XJTZ: 15,
    FraudType.MCKF: 10,
    FraudType.XJDK: 10,
    FraudType.MCLD: 8,
    FraudType.MCGJF: 8,
    FraudType.WLHL: 6,
    FraudType.XJGW: 5,
    FraudType.XJZX: 3,
    FraudType.YXJY: 2,
    FraudType.OTHER: 3,
}
CHANNEL_BY_TYPE = {
    FraudType.MCGJF: [Channel.PHONE, Channel.PHONE, Channel.SMS],
    FraudType.MCKF: [Channel.PHONE, Channel.APP],
    FraudType.MCLD: [Channel.QQ, Channel.WECHAT],
    FraudType.XJTZ: [Channel.APP, Channel.WEBSITE, Channel.WECHAT],
    FraudType.WLHL: [Channel.WECHAT, Channel.APP],
}
NARRATIVES = {
    FraudType.SDFL: "受害人在{ch}上看到“点赞返佣、做任务日结”的兼职广告，"
    "按要求连续垫付充值后被告知“卡单”，无法提现。",
    FraudType.XJTZ: "受害人被拉入“导师带单”投资群，在虚假平台充值投资，提现时被要求交纳“解冻费”。",
    FraudType.XJGW: "受害人在{ch}上低价购买商品，对方要求私下交易并先付款，收款后失联。",
    FraudType.MCKF: "对方冒充快递客服称快递丢失可理赔，诱导受害人开启屏幕共享并转账。",
    FraudType.XJDK: "受害人申请无抵押低息贷款，被以“账号错误需解冻”“刷流水”为由多次转账。",
    FraudType.XJZX: "对方称受害人校园贷未注销会影响征信，诱导其贷款后转入指定账户。",
    FraudType.MCLD: "对方冒充单位领导添加受害人{ch}，称不方便接电话，要求先向“合作方”转账。",
    FraudType.MCGJF: "对方冒充公安机关称受害人涉嫌洗钱，要求将资金转入“安全账户”进行资金核查。",
    FraudType.WLHL: "受害人在交友软件结识网友，对方以带其投资为名诱导充值，后无法提现。",
    FraudType.YXJY: "受害人在游戏交易平台高价出售账号，被以注册费、解冻费为由多次转账。",
    FraudType.OTHER: "受害人遭遇其他类型电信网络诈骗。",
}
BATCH = 1000


def _loss(rng: Any) -> Decimal:
    # Losses are heavy-tailed: most a few thousand yuan, a few hundreds of thousands.
    value = min(rng.lognormvariate(9.3, 1.25), 1_800_000)
    return Decimal(f"{value:.2f}")


def _moment(rng: Any, start: date, end: date) -> datetime:
    days = (end - start).days
    day = start + timedelta(days=rng.randint(0, days))
    return timezone.make_aware(
        datetime(day.year, day.month, day.day, rng.randint(8, 21), rng.randint(0, 59))
    )


def build(ctx: DemoContext) -> None:
    rng = ctx.sub_rng("cases")
    adults = list(
        Resident.objects.filter(birth_date__lte=date(ctx.today.year - 18, 1, 1))
        .order_by("pk")
        .values_list("pk", "name", "grid_id", "employer_id", "id_cipher", "id_index", "id_mask")
    )
    if not adults:
        ctx.log("cases: no residents, skipped")
        return
    officers: dict[int, list[int]] = {}
    for pk, unit_id in User.objects.filter(role=Role.OFFICER).values_list("pk", "unit_id"):
        officers.setdefault(unit_id, []).append(pk)
    station_of_grid = dict(Grid.objects.values_list("pk", "station_id"))
    assessed = list(
        Unit.objects.filter(kind__in=[UnitKind.OFFICE, UnitKind.SECTOR]).values_list(
            "pk", flat=True
        )
    )
    types, weights = list(TYPE_WEIGHTS), list(TYPE_WEIGHTS.values())

    def case_for(person: tuple, reported: datetime, **extra: Any) -> Case:
        pk, name, grid_id, employer_id, cipher, index, mask = person
        fraud_type = extra.pop("fraud_type", None) or rng.choices(types, weights)[0]
        channel = rng.choice(CHANNEL_BY_TYPE.get(fraud_type, list(Channel.values)[:6]))
        loss = extra.pop("loss", None) or _loss(rng)
        recovered = (
            (loss * Decimal(rng.choice(["0.1", "0.3", "0.5", "1"]))).quantize(Decimal("0.01"))
            if rng.random() < 0.18
            else Decimal("0.00")
        )
        staff = rng.random() < 0.07
        old = reported.date() < date(ctx.today.year, 1, 1)
        status = (
            rng.choice([CaseStatus.CLOSED, CaseStatus.SOLVED, CaseStatus.OPEN])
            if old
            else rng.choice([CaseStatus.OPEN, CaseStatus.OPEN, CaseStatus.SOLVED])
        )
        label = dict(Channel.choices)[channel]
        station_officers = officers.get(station_of_grid.get(grid_id or 0) or 0, [])
        fields = {
            "reported_at": reported,
            "occurred_at": reported - timedelta(hours=rng.randint(0, 72)),
            "victim_id": pk,
            "victim_name": name,
            "victim_id_cipher": cipher,
            "victim_id_index": index,
            "victim_id_mask": mask,
            "grid_id": grid_id,
            "employer_id": employer_id,
            "internal_staff": staff,
            "victim_unit_id": rng.choice(assessed) if staff and assessed else None,
            "fraud_type": fraud_type,
            "channel": channel,
            "loss": loss,
            "recovered": recovered,
            "narrative": NARRATIVES[fraud_type].format(ch=label),
            "status": status,
            "created_by_id": rng.choice(station_officers) if station_officers else None,
        }
        fields.update(extra)
        return Case(**fields)

    cases: list[Case] = []
    start_2020, end_2020 = date(ctx.today.year - 1, 1, 1), date(ctx.today.year - 1, 12, 31)
    for _ in range(ctx.n(CASES_2020)):
        cases.append(case_for(rng.choice(adults), _moment(rng, start_2020, end_2020)))
    this_year_start = date(ctx.today.year, 1, 1)
    share = ((ctx.today - this_year_start).days + 1) / 365
    for _ in range(ctx.n(math.ceil(CASES_2021_FULL_YEAR * share))):
        cases.append(case_for(rng.choice(adults), _moment(rng, this_year_start, ctx.today)))
    cases.extend(_enterprise_example(ctx, rng, adults, case_for))
    cases.extend(_non_residents(ctx, rng, adults, case_for))
    with transaction.atomic():
        created = Case.objects.bulk_create(cases, batch_size=BATCH)
        from_alerts = _from_alerts(ctx, rng, case_for, adults)
        ids = [c.pk for c in created] + from_alerts
        attribute_many(ids)
        _link_contacts(ctx, rng, ids)
    ctx.shared["case_ids"] = ids
    ctx.log(f"cases: {len(ids)} cases ({len(from_alerts)} drafted from alerts)")


def _enterprise_example(ctx: DemoContext, rng: Any, adults: list, case_for: Any) -> list[Case]:
    """The article's enterprise: 14 cases and ¥630,000 lost in H1 2020, 3 cases after."""
    place = Place.objects.filter(kind=PlaceKind.ENTERPRISE).order_by("-employees", "pk").first()
    if place is None:
        return []
    staff = [a for a in adults if a[3] == place.pk] or adults[:20]
    year = ctx.today.year - 1
    losses = [Decimal("45000.00")] * 13 + [Decimal("45000.00")]  # 14 × 45,000 = 630,000
    result = [
        case_for(
            rng.choice(staff),
            _moment(rng, date(year, 1, 1), date(year, 6, 30)),
            loss=loss,
            employer_id=place.pk,
            fraud_type=FraudType.MCLD,
        )
        for loss in losses[: ctx.n(14)]
    ]
    result += [
        case_for(rng.choice(staff), _moment(rng, date(year, 7, 1), ctx.today), employer_id=place.pk)
        for _ in range(ctx.n(3))
    ]
    return result


def _non_residents(ctx: DemoContext, rng: Any, adults: list, case_for: Any) -> list[Case]:
    """A few victims who are not registered residents, entered with a validated ID number."""
    result = []
    for i in range(ctx.n(12)):
        gender = rng.choice("MF")
        birth = date(rng.randint(1950, 2000), rng.randint(1, 12), rng.randint(1, 28))
        sealed = seal_normalised_id(id_number("410102", birth, 2 * i + (1 if gender == "M" else 2)))
        _pk, _name, grid_id, *_rest = rng.choice(adults)
        person = (
            None,
            person_name(rng, gender),
            grid_id,
            None,
            sealed.cipher,
            sealed.index,
            sealed.mask,
        )
        result.append(case_for(person, _moment(rng, date(ctx.today.year - 1, 1, 1), ctx.today)))
    return result


def _from_alerts(ctx: DemoContext, rng: Any, case_for: Any, adults: list) -> list[int]:
    """Drafts from the alerts demo's tasks closed with outcome 4, linked to their alert."""
    try:
        from fanzha.alerts.models import Attempt
    except ImportError:
        return []
    by_pk = {a[0]: a for a in adults}
    drafts: list[tuple[Case, int]] = []
    attempts = (
        Attempt.objects.filter(outcome="4", task__resident__isnull=False)
        .select_related("task__alert")
        .order_by("pk")
    )
    for attempt in attempts:
        task = attempt.task
        person = by_pk.get(task.resident_id)
        if person is None or task.grid_id is None:
            continue
        fraud_type = task.alert.fraud_type
        if fraud_type not in FraudType.values:
            fraud_type = FraudType.OTHER
        loss = attempt.amount_lost or _loss(rng)
        case = case_for(
            person,
            attempt.at,
            fraud_type=fraud_type,
            loss=loss,
            recovered=min(attempt.amount_saved or Decimal("0"), loss),
            status=CaseStatus.DRAFT,
            source=CaseSource.ALERT,
            grid_id=task.grid_id,
            created_by_id=attempt.by_id,
            internal_staff=False,
            victim_unit_id=None,
        )
        drafts.append((case, task.alert_id))
    # bulk_create: no signals, attribution and letters are made in bulk afterwards.
    Case.objects.bulk_create([c for c, _a in drafts], batch_size=BATCH)
    through = Case.alerts.through
    through.objects.bulk_create([through(case_id=c.pk, alert_id=a) for c, a in drafts])
    return [c.pk for c, _a in drafts]


def _link_contacts(ctx: DemoContext, rng: Any, case_ids: list[int]) -> None:
    indicator_ids = ctx.shared.get("indicator_ids") or []
    if not indicator_ids:
        return
    through = Case.contacts.through
    links = {(case_id, rng.choice(indicator_ids)) for case_id in case_ids if rng.random() < 0.6}
    through.objects.bulk_create(
        [through(case_id=c, indicator_id=i) for c, i in links],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
