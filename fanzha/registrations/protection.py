"""Registering residents for warnings and growing their protection circle (保护圈)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from fanzha.audit.choices import ChangeAction
from fanzha.audit.trail import record_change, snapshot
from fanzha.lib.sealed import seal_phone
from fanzha.people.models import Resident
from fanzha.registrations.choices import RegistrationSource
from fanzha.registrations.models import FamilyMember, Registration


def register(
    resident: Resident,
    *,
    phone: str,
    community: Any = None,
    officer: Any = None,
    tags: list[str] | None = None,
    source: str = RegistrationSource.STAFF,
) -> Registration:
    """Register ``resident`` for warnings on ``phone``; credits the officer and their station."""
    sealed = seal_phone(phone)
    if Registration.objects.filter(registrant=resident).exists():
        raise ValidationError(_("This resident is already registered."))
    if Registration.objects.filter(phone_index=sealed.index).exists():
        raise ValidationError(_("This phone number is already registered."))
    registration = Registration(
        registrant=resident,
        phone_cipher=sealed.cipher,
        phone_index=sealed.index,
        phone_mask=sealed.mask,
        grid_id=resident.grid_id,
        community=community or resident.grid.community,
        officer=officer,
        station_id=officer.unit_id
        if officer is not None and officer.role == "officer"
        else resident.grid.station_id,
        source=source,
    )
    registration.tags = "|" + "|".join(sorted(set(tags))) + "|" if tags else ""
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        # Two staff registering the same person at once: the unique constraints decide.
        raise ValidationError(_("This resident or phone number is already registered.")) from None
    return registration


def add_family_member(
    registration: Registration,
    *,
    name: str,
    relation: str,
    phone: str,
    resident: Resident | None = None,
) -> FamilyMember:
    """Add a member to the protection circle; the (N+1)th beyond the limit is refused.

    The registration row is locked while counting so two simultaneous additions cannot both
    slip in as the 8th member."""
    limit = settings.FANZHA_MAX_FAMILY_MEMBERS
    sealed = seal_phone(phone)
    name = (name or "").strip()
    if not name:
        raise ValidationError(_("Give the family member's name."))
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if locked.family_count >= limit:
            raise ValidationError(
                _(
                    "A registration protects at most %(limit)d family members; this would be "
                    "number %(n)d."
                )
                % {"limit": limit, "n": locked.family_count + 1},
                code="family_limit",
            )
        if sealed.index == locked.phone_index:
            raise ValidationError(_("The family member's phone is the registrant's own number."))
        if FamilyMember.objects.filter(registration=locked, phone_index=sealed.index).exists():
            raise ValidationError(_("This phone number is already in the protection circle."))
        member = FamilyMember.objects.create(
            registration=locked,
            name=name[:50],
            relation=relation,
            phone_cipher=sealed.cipher,
            phone_index=sealed.index,
            phone_mask=sealed.mask,
            resident=resident,
        )
        Registration.objects.filter(pk=locked.pk).update(family_count=F("family_count") + 1)
        record_change(ChangeAction.CREATE, member, None, snapshot(member))
    registration.family_count = locked.family_count + 1
    return member


def remove_family_member(member: FamilyMember) -> None:
    with transaction.atomic():
        registration_id = member.registration_id
        record_change(ChangeAction.DELETE, member, snapshot(member), None)
        member.delete()
        Registration.objects.filter(pk=registration_id).update(family_count=F("family_count") - 1)
