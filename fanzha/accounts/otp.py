"""TOTP second factor (django-otp): set-up with a QR code, verification at sign-in."""

from __future__ import annotations

from typing import Any

import segno
from django_otp.plugins.otp_totp.models import TOTPDevice


def has_device(user: Any) -> bool:
    """Whether the user has a confirmed TOTP device (asked once per request: the answer is kept
    on the user object, which lives as long as the request)."""
    cached = getattr(user, "_fanzha_has_device", None)
    if cached is None:
        cached = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        user._fanzha_has_device = cached
    return bool(cached)


def pending_device(user: Any) -> TOTPDevice:
    """The unconfirmed device being set up (created on first visit)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5)
