"""The 断卡 rules: thresholds that flag a person for joint punishment, the restriction's dates,
appeals, and the card quota checks. Every number is a setting (DOMAIN.md §3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.cards.choices import AppealStatus, ItemKind, RestrictionStatus
from fanzha.cards.models import Appeal, CardPerson, CardRecord, Restriction


@dataclass(frozen=True)
class Evaluation:
    """What a person's records add up to against the thresholds."""

    items: int
    acts: int
    counterparties: int
    reasons: tuple[str, ...]

    @property
    def crossed(self) -> bool:
        return bool(self.reasons)


def evaluate(person: CardPerson) -> Evaluation:
    """Count distinct items, acts and distinct counterparties; name each threshold crossed."""
    totals = CardRecord.objects.filter(person=person).aggregate(
        items=Count("item_index", distinct=True),
        acts=Count("pk"),
        counterparties=Count("counterparty_key", distinct=True),
    )
    reasons = []
    checks = [
        (
            "items",
            settings.FANZHA_CARDS_THRESHOLD_ITEMS,
            _("%(n)d cards or accounts (threshold %(t)d)"),
        ),
        (
            "acts",
            settings.FANZHA_CARDS_THRESHOLD_ACTS,
            _("%(n)d acts of renting, lending, selling or buying (threshold %(t)d)"),
        ),
        (
            "counterparties",
            settings.FANZHA_CARDS_THRESHOLD_COUNTERPARTIES,
            _("%(n)d counterparties (threshold %(t)d)"),
        ),
    ]
    for key, threshold, text in checks:
        if totals[key] >= threshold:
            reasons.append(text % {"n": totals[key], "t": threshold})
    return Evaluation(totals["items"], totals["acts"], totals["counterparties"], tuple(reasons))


def _chain_years(person: CardPerson, starts_on: date) -> int:
    """Years of restrictions that run without a gap into ``starts_on`` (lifted ones break the
    chain: a cleared person starts afresh)."""
    total, edge = 0, starts_on
    for r in person.restrictions.exclude(status=RestrictionStatus.LIFTED).order_by("-ends_on"):
        if r.ends_on >= edge - timedelta(days=1) and r.starts_on < edge:
            total += r.years
            edge = r.starts_on
    return total


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def flag(
    person: CardPerson,
    *,
    user: Any = None,
    years: int | None = None,
    starts_on: date | None = None,
    reason: str = "",
) -> Restriction:
    """Impose a joint punishment when the thresholds are crossed. Raises ``ValidationError``
    when they are not, when one is already in force, or when it would exceed the consecutive
    limit."""
    years = years or settings.FANZHA_CARDS_DEFAULT_PUNISHMENT_YEARS
    if years not in settings.FANZHA_CARDS_PUNISHMENT_YEARS:
        raise ValidationError(
            _("A joint punishment lasts %(allowed)s years.")
            % {"allowed": _(" or ").join(str(y) for y in settings.FANZHA_CARDS_PUNISHMENT_YEARS)},
            code="years",
        )
    evaluation = evaluate(person)
    if not evaluation.crossed:
        raise ValidationError(_("The person has not crossed any threshold."), code="threshold")
    starts_on = starts_on or timezone.localdate()
    chained = _chain_years(person, starts_on)
    if chained + years > settings.FANZHA_CARDS_MAX_CONSECUTIVE_YEARS:
        raise ValidationError(
            _("At most %(max)d years in a row: %(chained)d already run up to this date.")
            % {"max": settings.FANZHA_CARDS_MAX_CONSECUTIVE_YEARS, "chained": chained},
            code="consecutive",
        )
    text = _("Joint punishment for the 断卡 action: %(reasons)s.") % {
        "reasons": _("; ").join(evaluation.reasons)
    }
    if reason.strip():
        text += "\n" + reason.strip()
    with transaction.atomic():
        if (
            Restriction.objects.select_for_update()
            .filter(person=person, status=RestrictionStatus.ACTIVE, ends_on__gte=starts_on)
            .exists()
        ):
            raise ValidationError(_("A joint punishment is already in force."), code="active")
        # An active one that has run out makes way for the next one in the chain.
        Restriction.objects.filter(
            person=person, status=RestrictionStatus.ACTIVE, ends_on__lt=starts_on
        ).update(status=RestrictionStatus.ENDED)
        return Restriction.objects.create(
            person=person,
            years=years,
            starts_on=starts_on,
            ends_on=add_years(starts_on, years) - timedelta(days=1),
            reason=text,
            appeal_channel=settings.FANZHA_CARDS_APPEAL_CHANNEL,
            created_by=user,
        )


def record_act(
    record: CardRecord, *, user: Any = None, auto_flag: bool = True
) -> Restriction | None:
    """Save a record; when the person now crosses a threshold and no punishment is in force,
    flag them with the default duration. Returns the new restriction, if any."""
    with transaction.atomic():
        record.created_by = record.created_by or user
        record.save()
        person = record.person
        if not auto_flag or person.active_restriction() is not None:
            return None
        if not evaluate(person).crossed:
            return None
        try:
            return flag(person, user=user)
        except ValidationError:
            # The consecutive limit is reached: the person stays recorded, unpunished.
            return None


# -- appeals --------------------------------------------------------------------------------


def submit_appeal(restriction: Restriction, statement: str, *, user: Any = None) -> Appeal:
    statement = (statement or "").strip()
    if not statement:
        raise ValidationError(_("Write what the appeal is about."), code="statement")
    if restriction.status != RestrictionStatus.ACTIVE:
        raise ValidationError(_("Only a punishment in force can be appealed."), code="status")
    if restriction.open_appeal is not None:
        raise ValidationError(_("An appeal is already open."), code="open")
    return Appeal.objects.create(
        restriction=restriction, statement=statement, submitted_at=timezone.now(), submitted_by=user
    )


def review_appeal(appeal: Appeal, note: str, *, user: Any = None) -> Appeal:
    with transaction.atomic():
        claimed = Appeal.objects.filter(pk=appeal.pk, status=AppealStatus.SUBMITTED).update(
            status=AppealStatus.REVIEWED,
            reviewed_at=timezone.now(),
            reviewed_by=user,
            review_note=(note or "").strip(),
            updated_at=timezone.now(),
        )
        if not claimed:
            raise ValidationError(_("Only a submitted appeal can be reviewed."), code="status")
    appeal.refresh_from_db()
    return appeal


def decide_appeal(appeal: Appeal, lift: bool, note: str, *, user: Any = None) -> Appeal:
    """Uphold the punishment, or lift it: a lifted punishment ends at once (反电信网络诈骗法
    Art. 32)."""
    note = (note or "").strip()
    if not note:
        raise ValidationError(_("State the reasons for the decision."), code="note")
    now = timezone.now()
    with transaction.atomic():
        claimed = Appeal.objects.filter(pk=appeal.pk, status=AppealStatus.REVIEWED).update(
            status=AppealStatus.LIFTED if lift else AppealStatus.UPHELD,
            decided_at=now,
            decided_by=user,
            decision_note=note,
            updated_at=now,
        )
        if not claimed:
            raise ValidationError(_("Review the appeal before deciding it."), code="status")
        if lift:
            lift_restriction(appeal.restriction, note, user=user, at=now)
    appeal.refresh_from_db()
    return appeal


def lift_restriction(
    restriction: Restriction, reason: str, *, user: Any = None, at: Any = None
) -> Restriction:
    at = at or timezone.now()
    restriction.refresh_from_db()
    if restriction.status != RestrictionStatus.ACTIVE:
        raise ValidationError(_("The punishment is not in force."), code="status")
    today = timezone.localdate(at)
    restriction.status = RestrictionStatus.LIFTED
    restriction.lifted_at = at
    restriction.lift_reason = reason[:300]
    restriction.ends_on = max(restriction.starts_on, min(restriction.ends_on, today))
    restriction.save()
    return restriction


def end_expired(today: date | None = None) -> int:
    """Periodic job: punishments whose end date passed become 'ended' (conditional UPDATE, safe
    in several workers)."""
    today = today or timezone.localdate()
    return Restriction.objects.filter(status=RestrictionStatus.ACTIVE, ends_on__lt=today).update(
        status=RestrictionStatus.ENDED, updated_at=timezone.now()
    )


# -- quotas -------------------------------------------------------------------------------


@dataclass(frozen=True)
class QuotaResult:
    """Whether a person may hold one more card of a kind at an issuer."""

    kind: str
    issuer: str
    held: int
    limit: int

    @property
    def allowed(self) -> bool:
        return self.held < self.limit


QUOTA_SETTINGS = {
    ItemKind.PHONE_CARD: "FANZHA_CARDS_MAX_PHONE_CARDS_PER_CARRIER",
    ItemKind.BANK_CARD: "FANZHA_CARDS_MAX_DEBIT_CARDS_PER_BANK",
}


def quota_limit(kind: str) -> int | None:
    name = QUOTA_SETTINGS.get(ItemKind(kind))
    return getattr(settings, name) if name else None


def check_quota(person: CardPerson, kind: str, issuer: str, held_elsewhere: int = 0) -> QuotaResult:
    """Cards of ``kind`` the person holds at ``issuer`` (recorded here plus ``held_elsewhere``,
    e.g. the count a carrier reports) against the quota setting."""
    limit = quota_limit(kind)
    if limit is None:
        raise ValidationError(_("There is no quota for this kind of item."), code="kind")
    recorded = (
        CardRecord.objects.filter(person=person, item_kind=kind, issuer__iexact=issuer.strip())
        .values("item_index")
        .distinct()
        .count()
    )
    return QuotaResult(kind, issuer.strip(), recorded + held_elsewhere, limit)


def quota_violations(person: CardPerson) -> list[QuotaResult]:
    """Every (kind, issuer) where the recorded cards exceed the quota."""
    out: list[QuotaResult] = []
    for kind in QUOTA_SETTINGS:
        limit = quota_limit(kind)
        assert limit is not None
        rows = (
            CardRecord.objects.filter(person=person, item_kind=kind)
            .exclude(issuer="")
            .values("issuer")
            .annotate(n=Count("item_index", distinct=True))
        )
        out.extend(QuotaResult(kind, r["issuer"], r["n"], limit) for r in rows if r["n"] > limit)
    return out
