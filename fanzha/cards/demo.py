"""Demo data for the 断卡 action: people linked to residents, their acts, joint punishments
for those over the thresholds (with appeals: some lifted, some upheld, some open), and a few
prominent two-card problems."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings

from fanzha.cards.choices import Act, AppealStatus, ItemKind, RecordSource, RestrictionStatus
from fanzha.core.demo import DemoContext

BANKS = ["工商银行", "农业银行", "建设银行", "中国银行", "邮储银行", "青岛银行"]
CARRIERS = ["中国移动", "中国联通", "中国电信"]
BUYERS = ["阿强", "收卡人老周", "“跑分”团伙A", "网友“发财”", "某科技公司", "陈某", "刘某"]


def _item(kind: str, i: int, rng: Any) -> tuple[str, str]:
    if kind == ItemKind.PHONE_CARD:
        return rng.choice(CARRIERS), f"1{rng.choice('3578')}{rng.randint(0, 9)}{i % 10**8:08d}"
    if kind == ItemKind.IOT_CARD:
        return rng.choice(CARRIERS), f"1440{i % 10**9:09d}"
    if kind in (ItemKind.BANK_CARD, ItemKind.CORPORATE_ACCOUNT):
        return rng.choice(BANKS), f"6222{i % 10**12:012d}"
    return rng.choice(["支付宝", "微信支付", "QQ", "抖音"]), f"acct{i:06d}"


def build(ctx: DemoContext) -> None:
    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User
    from fanzha.cards.items import counterparty_key
    from fanzha.cards.models import Appeal, CardPerson, CardRecord, Restriction, TwoCardProblem
    from fanzha.cards.rules import add_years, evaluate
    from fanzha.org.choices import UnitKind
    from fanzha.org.models import Unit
    from fanzha.people.models import Resident

    rng = ctx.sub_rng("cards")
    officer = User.objects.filter(role=Role.OFFICER).order_by("pk").first()
    admin = User.objects.filter(role=Role.ADMIN).order_by("pk").first()
    adults = list(
        Resident.objects.filter(
            birth_date__lte=ctx.today - timedelta(days=18 * 365),
            birth_date__gte=ctx.today - timedelta(days=45 * 365),
        )
        .order_by("pk")
        .values_list("pk", flat=True)[:20000]
    )
    if not adults:
        ctx.log("cards: no residents, nothing to do")
        return
    chosen = rng.sample(adults, min(len(adults), ctx.n(80)))
    people = CardPerson.objects.bulk_create(
        [CardPerson(resident_id=pk, created_by=officer, note="断卡行动排查") for pk in chosen]
    )
    people = list(CardPerson.objects.filter(resident_id__in=chosen).order_by("pk"))
    records: list[CardRecord] = []
    serial = 0
    for person in people:
        heavy = rng.random() < 0.4
        for _n in range(rng.randint(3, 6) if heavy else rng.randint(1, 2)):
            serial += 1
            kind = rng.choice(
                [
                    ItemKind.BANK_CARD,
                    ItemKind.BANK_CARD,
                    ItemKind.PHONE_CARD,
                    ItemKind.PAYMENT_ACCOUNT,
                    ItemKind.SOCIAL_ACCOUNT,
                    ItemKind.IOT_CARD,
                    ItemKind.CORPORATE_ACCOUNT,
                ]
            )
            issuer, number = _item(kind, serial, rng)
            record = CardRecord(
                person=person,
                item_kind=kind,
                issuer=issuer,
                act=rng.choice([Act.SELL, Act.SELL, Act.RENT, Act.LEND, Act.BUY]),
                counterparty=rng.choice(BUYERS),
                act_date=ctx.today - timedelta(days=rng.randint(5, 300)),
                source=rng.choice(list(RecordSource.values)),
                created_by=officer,
            )
            record.set_item_number(number)
            record.counterparty_key = counterparty_key(record.counterparty)
            records.append(record)
    CardRecord.objects.bulk_create(records, batch_size=2000)

    restrictions: list[Restriction] = []
    for person in people:
        evaluation = evaluate(person)
        if not evaluation.crossed:
            continue
        years = rng.choice(settings.FANZHA_CARDS_PUNISHMENT_YEARS)
        starts = ctx.today - timedelta(days=rng.randint(0, 120))
        restrictions.append(
            Restriction(
                person=person,
                years=years,
                starts_on=starts,
                ends_on=add_years(starts, years) - timedelta(days=1),
                reason="断卡行动联合惩戒：" + "；".join(evaluation.reasons),
                appeal_channel=settings.FANZHA_CARDS_APPEAL_CHANNEL,
                created_by=officer,
            )
        )
    Restriction.objects.bulk_create(restrictions)
    restrictions = list(Restriction.objects.order_by("pk"))
    appeals: list[Appeal] = []
    for i, r in enumerate(restrictions[: max(3, len(restrictions) // 4)]):
        submitted = ctx.aware(r.starts_on + timedelta(days=3), 10)
        outcome = [
            AppealStatus.LIFTED,
            AppealStatus.UPHELD,
            AppealStatus.SUBMITTED,
            AppealStatus.REVIEWED,
        ][i % 4]
        appeal = Appeal(
            restriction=r,
            status=outcome,
            statement="本人银行卡系被他人借用，不知情",
            submitted_at=submitted,
            submitted_by=officer,
        )
        if outcome != AppealStatus.SUBMITTED:
            appeal.reviewed_at, appeal.reviewed_by = submitted + timedelta(days=2), officer
            appeal.review_note = "已调取开户及交易记录"
        if outcome in (AppealStatus.LIFTED, AppealStatus.UPHELD):
            appeal.decided_at, appeal.decided_by = submitted + timedelta(days=5), admin
            appeal.decision_note = (
                "经核查确系被盗用，解除惩戒"
                if outcome == AppealStatus.LIFTED
                else "交易记录显示本人获利，维持惩戒"
            )
        if outcome == AppealStatus.LIFTED:
            r.status, r.lifted_at = RestrictionStatus.LIFTED, appeal.decided_at
            r.lift_reason = appeal.decision_note
            r.ends_on = max(r.starts_on, (submitted + timedelta(days=5)).date())
            r.save()
        appeals.append(appeal)
    Appeal.objects.bulk_create(appeals)

    offices = list(Unit.objects.filter(kind=UnitKind.OFFICE).order_by("pk"))
    problems = []
    for i, office in enumerate(offices[:2]):
        problems.append(
            TwoCardProblem(
                unit=office,
                occurred_on=ctx.today - timedelta(days=200 + 150 * i),
                title=f"{office.name}辖区发现收购银行卡窝点",
                description="辖区内有人组织收购、出售银行卡用于电诈资金转移，造成不良影响。",
                recorded_by=admin,
            )
        )
    TwoCardProblem.objects.bulk_create(problems)
    ctx.log(
        f"cards: {len(people)} people, {len(records)} acts, {len(restrictions)} punishments,"
        f" {len(appeals)} appeals, {len(problems)} two-card problems"
    )
