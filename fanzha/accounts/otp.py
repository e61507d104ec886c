"""TOTP second factor (django-otp): set-up with a QR code, verification at sign-in."""

from __future__ import annotations

import time
from typing import Any

import segno
from django.http import HttpRequest
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from fanzha.core.unavailable import refresh_seconds

# Where a session keeps the answer to "has this user a confirmed device?" (see has_device).
_CHECKED = "_fanzha_otp_checked"


def has_device(user: Any, request: HttpRequest | None = None) -> bool:
    """Whether the user has a confirmed TOTP device.

    A session verified with a device (django-otp loads that device on every request, so a
    removed device ends the verification at once) needs no query. Otherwise the answer is kept
    in the session for the idle timeout's refresh period (``refresh_seconds``), bound to the
    user and to the session's verification state: a device confirmed in another browser is
    asked for here within that time. Within one request it is kept on the user object.
    """
    cached = getattr(user, "_fanzha_has_device", None)
    if cached is not None:
        return bool(cached)
    if getattr(user, "otp_device", None) is not None:
        user._fanzha_has_device = True
        return True
    session = getattr(request, "session", None)
    bound = [user.pk, session.get(DEVICE_ID_SESSION_KEY)] if session is not None else None
    now = int(time.time())
    if session is not None:
        kept = session.get(_CHECKED)
        if (
            isinstance(kept, list)
            and len(kept) == 4
            and kept[:2] == bound
            and 0 <= now - kept[3] < refresh_seconds()
        ):
            user._fanzha_has_device = bool(kept[2])
            return bool(kept[2])
    found = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    user._fanzha_has_device = found
    if session is not None and bound is not None:
        session[_CHECKED] = [*bound, found, now]
    return found


def must_set_up(user: Any) -> bool:
    """Whether the user's role requires a second factor (``FANZHA_OTP_REQUIRED_ROLES``; a
    superuser counts as an administrator)."""
    from django.conf import settings

    required = settings.FANZHA_OTP_REQUIRED_ROLES
    return user.role in required or (bool(user.is_superuser) and "admin" in required)


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being set up (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)
