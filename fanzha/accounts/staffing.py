"""Keeping staff accounts and upstream systems' API keys: who may, and what each change leaves
in the change log.

Only a district administrator (or a superuser) keeps accounts, and only a superuser touches a
superuser's account. Every change is one transaction with its change record. The record never
holds a password hash, a device secret or a duty phone's ciphertext: only which fields changed,
and for a password or a second factor the fact that it was reset."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from axes.utils import reset as clear_lockouts
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from fanzha.accounts.capabilities import is_admin
from fanzha.accounts.models import ApiKey, User

# The fields of an account the change log shows (never ``password``).
LOGGED_FIELDS = (
    "username",
    "display_name",
    "role",
    "unit_id",
    "badge_number",
    "capacity",
    "is_active",
    "duty_phone_mask",
)


def can_manage(actor: Any, target: User | None = None) -> bool:
    """Whether ``actor`` may keep staff accounts (``target``: this one in particular)."""
    if not is_admin(actor):
        return False
    return target is None or not target.is_superuser or bool(actor.is_superuser)


def resets_allowed(actor: Any, target: User) -> bool:
    """Password and second-factor resets are for other people. One's own password changes on
    the account page with the old one: a session left open must not be enough to take the
    account over, or to remove its second factor."""
    return can_manage(actor, target) and target.pk != actor.pk


def snapshot(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(user, name) for name in LOGGED_FIELDS}
    data["grids"] = sorted(user.grids.values_list("code", flat=True)) if user.pk else []
    return data


def _record(action: str, instance: Any, before: Any, after: Any, actor: Any) -> None:
    from fanzha.audit.trail import record_change

    record_change(action, instance, before, after, user=actor)


def save_staff(actor: Any, form: Any) -> User:
    """Save a valid ``StaffForm`` (a new account, or changes to one) and log it."""
    user: User = form.instance
    creating = user.pk is None
    with transaction.atomic():
        before = None if creating else snapshot(User.objects.get(pk=user.pk))
        user = form.save(commit=False)
        if creating:
            user.set_password(form.cleaned_data["password1"])
            user.password_change_required = True
        user.save()
        user.grids.set(form.cleaned_data.get("grids") or [])
        _record("create" if creating else "update", user, before, snapshot(user), actor)
    return user


def keep_duty_phone(user: User, number: str) -> None:
    """Set (or, with an empty ``number``, forget) one's own duty phone and log the change with
    the masks only, never the number."""
    with transaction.atomic():
        before_index, before_mask = user.duty_phone_index, user.duty_phone_mask
        user.set_duty_phone(number)
        if user.duty_phone_index == before_index:
            return
        after_mask = user.duty_phone_mask or "—"
        if after_mask == before_mask:
            # Another number behind the same mask (same first three and last four digits).
            after_mask = _("%(mask)s (another number)") % {"mask": after_mask}
        _record(
            "update",
            user,
            {"duty_phone": before_mask or "—"},
            {"duty_phone": after_mask},
            user,
        )


def reset_password(actor: Any, user: User, password: str) -> None:
    """Set a new password (already validated). The person's sessions end with it: Django ties
    a session to the password hash."""
    with transaction.atomic():
        user.set_password(password)
        user.password_change_required = True
        user.save(update_fields=["password", "password_change_required"])
        _record(
            "update",
            user,
            {"password": "—"},
            {"password": _("reset by an administrator")},
            actor,
        )


def reset_second_factor(actor: Any, user: User) -> int:
    """Remove the person's authenticator devices (a lost phone). They set one up again at their
    next sign-in when their role requires it. Returns how many devices were removed."""
    with transaction.atomic():
        removed, _rows = TOTPDevice.objects.filter(user=user).delete()
        if removed:
            _record(
                "update",
                user,
                {"second_factor": _("set up")},
                {"second_factor": _("reset by an administrator")},
                actor,
            )
    return removed


def is_locked_out(user: User) -> bool:
    """Whether sign-in is locked for this user name after too many wrong passwords (from any
    address; django-axes counts failures per user name and address)."""
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    return AccessAttempt.objects.filter(
        username=user.username,
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
        attempt_time__gte=since,
    ).exists()


def unlock(actor: Any, user: User) -> int:
    """Lift a sign-in lockout for this user name now instead of after the cool-off."""
    with transaction.atomic():
        cleared = int(clear_lockouts(username=user.username) or 0)
        if cleared:
            _record(
                "update",
                user,
                {"sign_in": _("locked")},
                {"sign_in": _("unlocked by an administrator")},
                actor,
            )
    return cleared


def issue_key(actor: Any, name: str, source: str) -> tuple[Any, str]:
    """Issue an ingest-only key for one alert source; returns the row and the key, which is
    shown once and never stored (only its SHA-256)."""
    with transaction.atomic():
        key, plaintext = ApiKey.issue(name, "alerts:ingest", source=source, created_by=actor)
        _record(
            "create",
            key,
            None,
            {"name": name, "prefix": key.prefix, "scopes": key.scopes, "source": source},
            actor,
        )
    return key, plaintext


def revoke_key(actor: Any, key: Any) -> bool:
    """Revoke a key at once (its next request gets 401). False when it already was."""
    with transaction.atomic():
        now = timezone.now()
        if not ApiKey.objects.filter(pk=key.pk, revoked_at__isnull=True).update(revoked_at=now):
            return False
        _record("update", key, {"revoked_at": None}, {"revoked_at": now.isoformat()}, actor)
    return True
