"""Emergency stop-payment (紧急止付): requests valid for 48 hours, at most twice per account;
freezes; returns of frozen funds, with a warning when a return is not done within 3 working
days (all numbers are settings)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.alerts.choices import StopPaymentStatus
from fanzha.alerts.models import StopPayment, Task

_ACCOUNT_SEPARATORS = re.compile(r"[\s\-]")


def normalize_account(value: str) -> str:
    account = _ACCOUNT_SEPARATORS.sub("", str(value or "")).upper()
    if not account or len(account) > 40 or not account.isalnum():
        raise ValidationError(_("Give the account number (letters and digits, at most 40)."))
    return account


def add_working_days(start: date, days: int) -> date:
    """``days`` working days after ``start`` (Monday–Friday, skipping FANZHA_HOLIDAYS)."""
    holidays = {date.fromisoformat(d) for d in settings.FANZHA_HOLIDAYS}
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            left -= 1
    return current


def request(
    task: Task,
    user: Any,
    *,
    account: str,
    bank: str,
    amount: Decimal,
    requested_at: datetime | None = None,
) -> StopPayment:
    """Request a stop-payment on ``account``. The third request for one account is refused;
    the unique (account, sequence) constraint stops two simultaneous requests both passing."""
    if not Task.objects.restrict(user, "change").filter(pk=task.pk).exists():
        raise PermissionDenied(_("This task is outside your area."))
    account = normalize_account(account)
    if not bank.strip():
        raise ValidationError(_("Give the bank."))
    if amount is None or amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    limit = settings.FANZHA_STOP_PAYMENT_MAX_PER_ACCOUNT
    at = requested_at or timezone.now()
    try:
        with transaction.atomic():
            used = StopPayment.objects.filter(account=account).count()
            if used >= limit:
                raise ValidationError(
                    _(
                        "Account %(account)s has already had %(limit)s stop-payment requests; "
                        "no more are allowed."
                    )
                    % {"account": account, "limit": limit}
                )
            return StopPayment.objects.create(
                task=task,
                account=account,
                bank=bank.strip(),
                amount=amount,
                sequence=used + 1,
                requested_at=at,
                expires_at=at + timedelta(hours=settings.FANZHA_STOP_PAYMENT_HOURS),
                requested_by=user,
            )
    except IntegrityError:
        raise ValidationError(
            _("Another stop-payment for this account was just recorded; reload and check.")
        ) from None


def freeze(stop: StopPayment, user: Any, amount: Decimal) -> StopPayment:
    """Record the frozen amount; the return is due within the working-day limit."""
    if not StopPayment.objects.restrict(user, "change").filter(pk=stop.pk).exists():
        raise PermissionDenied(_("This request is outside your area."))
    if stop.status != StopPaymentStatus.REQUESTED:
        raise ValidationError(_("Only a pending stop-payment can be frozen."))
    if stop.expires_at <= timezone.now():
        raise ValidationError(_("This stop-payment has expired."))
    if amount is None or amount <= 0:
        raise ValidationError(_("The amount must be more than zero."))
    now = timezone.now()
    stop.status = StopPaymentStatus.FROZEN
    stop.frozen_amount, stop.frozen_at = amount, now
    stop.return_due = add_working_days(
        timezone.localdate(now), settings.FANZHA_FUNDS_RETURN_WORKING_DAYS
    )
    stop.save()
    return stop


def record_return(stop: StopPayment, user: Any, amount: Decimal) -> StopPayment:
    if not StopPayment.objects.restrict(user, "change").filter(pk=stop.pk).exists():
        raise PermissionDenied(_("This request is outside your area."))
    if stop.status != StopPaymentStatus.FROZEN:
        raise ValidationError(_("Only frozen funds can be returned."))
    if amount is None or amount <= 0 or amount > stop.frozen_amount:
        raise ValidationError(
            _("The amount returned must be more than zero and at most the amount frozen.")
        )
    stop.status = StopPaymentStatus.RETURNED
    stop.returned_amount, stop.returned_at = amount, timezone.now()
    stop.save()
    return stop


def expire_and_warn(now: datetime | None = None) -> int:
    """Periodic job: expire stop-payments past 48 hours, and warn (once) about frozen funds not
    returned in time, to the task's assignee and the administrators."""
    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User
    from fanzha.notifications.choices import Channel
    from fanzha.notifications.messages import render
    from fanzha.notifications.outbox import Message, enqueue_many

    now = now or timezone.now()
    count = StopPayment.objects.filter(
        status=StopPaymentStatus.REQUESTED, expires_at__lte=now
    ).update(status=StopPaymentStatus.EXPIRED, updated_at=now)
    late = StopPayment.objects.filter(
        status=StopPaymentStatus.FROZEN,
        return_due__lt=timezone.localdate(now),
        return_warned_at__isnull=True,
    ).select_related("task")
    admins = list(User.objects.filter(role=Role.ADMIN, is_active=True).values_list("pk", flat=True))
    for stop in late:
        with transaction.atomic():
            if not StopPayment.objects.filter(pk=stop.pk, return_warned_at__isnull=True).update(
                return_warned_at=now
            ):
                continue
            recipients = set(admins) | ({stop.task.assignee_id} if stop.task.assignee_id else set())
            text = render("return_overdue", {"account": stop.account})
            enqueue_many(
                [
                    Message(
                        channel=Channel.INBOX,
                        to_user_id=uid,
                        text=text,
                        template="return_overdue",
                        purpose="return_overdue",
                        ref=f"alerts.stoppayment:{stop.pk}",
                        link=stop.task.get_absolute_url(),
                        dedup_key=f"return-overdue:{stop.pk}:{uid}",
                    )
                    for uid in recipients
                ],
                now=now,
            )
        count += 1
    return count
