"""The indicator state machine: the only code that writes ``Indicator.status``.

待核实 → 已核实 → 已提交平台 → 封禁 (permanent, or short-term until a date) or 驳回; a ban then
ends as 已解封 (the platform lifted it) or expired (its date passed); a rejected, unbanned or
expired indicator may be submitted again; false positive at any point, with a reason.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.indicators.choices import BanTerm, IndicatorStatus
from fanzha.indicators.models import Indicator, Transition

S = IndicatorStatus

ALLOWED: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.VERIFIED, S.FALSE_POSITIVE}),
    S.VERIFIED: frozenset({S.SUBMITTED, S.FALSE_POSITIVE}),
    S.SUBMITTED: frozenset({S.BANNED, S.REJECTED, S.FALSE_POSITIVE}),
    S.BANNED: frozenset({S.UNBANNED, S.EXPIRED, S.FALSE_POSITIVE}),
    S.REJECTED: frozenset({S.SUBMITTED, S.FALSE_POSITIVE}),
    S.UNBANNED: frozenset({S.SUBMITTED, S.FALSE_POSITIVE}),
    S.EXPIRED: frozenset({S.SUBMITTED, S.FALSE_POSITIVE}),
    S.FALSE_POSITIVE: frozenset(),
}


def allowed_targets(indicator: Indicator) -> list[str]:
    """Where the indicator may go next (for the detail page's buttons)."""
    return [s for s in IndicatorStatus.values if s in ALLOWED[indicator.status]]


def move(
    indicator: Indicator,
    target: str,
    *,
    user: Any = None,
    reason: str = "",
    ban_term: str = "",
    banned_until: date | None = None,
    platform: str = "",
    platform_ref: str = "",
    at: datetime | None = None,
) -> Indicator:
    """Move ``indicator`` to ``target`` or raise ``ValidationError`` saying why not.

    The row is re-read under a lock so two people acting on the same indicator cannot both
    apply a transition from the same old state."""
    now = at or timezone.now()
    reason = (reason or "").strip()
    with transaction.atomic():
        current = Indicator.objects.select_for_update().get(pk=indicator.pk)
        if target not in IndicatorStatus.values:
            raise ValidationError(_("Unknown status: %(s)s.") % {"s": target}, code="status")
        if target not in ALLOWED[current.status]:
            raise ValidationError(
                _("An indicator that is “%(from)s” cannot become “%(to)s”.")
                % {"from": current.get_status_display(), "to": IndicatorStatus(target).label},
                code="transition",
            )
        if target == S.FALSE_POSITIVE and not reason:
            raise ValidationError(_("Say why it is a false positive."), code="reason")
        if target in (S.REJECTED, S.UNBANNED) and not reason:
            raise ValidationError(_("Give the platform's reason."), code="reason")
        if target == S.VERIFIED:
            current.verified_at = now
        elif target == S.SUBMITTED:
            current.submitted_at = now
            current.platform = platform or current.platform
            current.platform_ref = platform_ref or current.platform_ref
            current.ban_term, current.banned_until, current.banned_at = "", None, None
        elif target == S.BANNED:
            if ban_term not in BanTerm.values:
                raise ValidationError(
                    _("Choose whether the ban is permanent or short-term."), code="ban_term"
                )
            if ban_term == BanTerm.SHORT_TERM:
                if banned_until is None:
                    raise ValidationError(
                        _("A short-term ban needs the date it ends."), code="banned_until"
                    )
                if banned_until < timezone.localdate(now):
                    raise ValidationError(
                        _("The ban's end date is in the past."), code="banned_until"
                    )
            else:
                banned_until = None
            current.ban_term, current.banned_until, current.banned_at = ban_term, banned_until, now
            current.platform_ref = platform_ref or current.platform_ref
        elif target in (S.UNBANNED, S.EXPIRED, S.REJECTED, S.FALSE_POSITIVE):
            current.closed_at = now
        if reason:
            current.reason = reason[:300]
        old = current.status
        current.status = target
        current.save()
        Transition.objects.create(
            indicator=current,
            from_status=old,
            to_status=target,
            at=now,
            by=user,
            note=reason[:300],
        )
    return current


def expire_bans(today: date | None = None) -> int:
    """End short-term bans whose date has passed (a periodic job: safe in several workers, since
    each row is claimed by a conditional UPDATE on its status)."""
    today = today or timezone.localdate()
    now = timezone.now()
    done = 0
    due = Indicator.objects.filter(
        status=S.BANNED, ban_term=BanTerm.SHORT_TERM, banned_until__lt=today
    ).values_list("pk", flat=True)
    for pk in list(due[:5000]):
        with transaction.atomic():
            claimed = Indicator.objects.filter(pk=pk, status=S.BANNED).update(
                status=S.EXPIRED, closed_at=now, updated_at=now
            )
            if claimed:
                Transition.objects.create(
                    indicator_id=pk,
                    from_status=S.BANNED,
                    to_status=S.EXPIRED,
                    at=now,
                    note=_("The short-term ban ended."),
                )
                done += 1
    return done
