"""Signing household pledges: on paper (with a checked scan) or electronically (staff tablet,
or the residents' portal through :func:`sign_electronically`)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.outreach.choices import PledgeMethod, UploadKind
from fanzha.outreach.models import Pledge


class AlreadySigned(ValidationError):
    """The household has a pledge already; the first signature stands."""


def _check_signer(signer_name: str) -> str:
    name = (signer_name or "").strip()
    if not name:
        raise ValidationError(_("Enter the name of the person signing."))
    if len(name) > 50:
        raise ValidationError(_("The signer's name is too long."))
    return name


def _create(household: Any, **fields: Any) -> Pledge:
    if Pledge.objects.filter(household=household).exists():
        raise AlreadySigned(_("This household has already signed the pledge."))
    try:
        # The savepoint keeps an outer transaction usable when a racing signature wins.
        with transaction.atomic():
            return Pledge.objects.create(household=household, **fields)
    except IntegrityError as exc:
        raise AlreadySigned(_("This household has already signed the pledge.")) from exc


def sign_electronically(
    household: Any,
    signer_name: str,
    *,
    signed_on: date | None = None,
    user: Any = None,
    channel: str = "portal",
) -> Pledge:
    """Record a household's electronic signature (the residents' portal calls this with
    ``channel="portal"`` and no user). Raises :class:`AlreadySigned` if it has signed."""
    name = _check_signer(signer_name)
    return _create(
        household,
        method=PledgeMethod.ELECTRONIC,
        signer_name=name,
        signed_on=signed_on or timezone.localdate(),
        channel=channel[:20],
        recorded_by=user,
    )


def record_paper(
    household: Any, signer_name: str, signed_on: date, scan: Any = None, *, user: Any = None
) -> Pledge:
    """Record a paper pledge; ``scan`` (an uploaded file) is checked and cleaned first, so a
    bad file leaves nothing written. ``scan`` may also be an already checked ``CleanFile``."""
    from fanzha.outreach.uploads import CleanFile, check_upload, store

    name = _check_signer(signer_name)
    clean = (
        scan
        if isinstance(scan, CleanFile) or scan is None
        else check_upload(scan, UploadKind.PLEDGE_SCAN)
    )
    with transaction.atomic():
        pledge = _create(
            household,
            method=PledgeMethod.PAPER,
            signer_name=name,
            signed_on=signed_on,
            channel="staff",
            recorded_by=user,
        )
        if clean is not None:
            store(clean, UploadKind.PLEDGE_SCAN, user=user, pledge=pledge)
    return pledge
