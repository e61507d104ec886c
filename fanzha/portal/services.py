"""What the portal's forms do, as typed functions over the other apps' capabilities:
registering a resident with their protection circle, reporting fraud, checking a message and
signing the household pledge. Each leaves a :class:`~fanzha.portal.models.Submission` for the
staff side, inside the same transaction as the work it records."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from fanzha.portal.choices import SubmissionKind
from fanzha.portal.models import Screenshot, Submission

log = logging.getLogger("fanzha.portal")

#: Salt of the signed officer ids in the officers' QR codes.
QR_SALT = "fanzha.portal.officer-qr"


def officer_by_pk(pk: Any) -> Any:
    """The active police officer with this id, or ``None``."""
    from fanzha.accounts.choices import Role
    from fanzha.accounts.models import User

    if not pk:
        return None
    return (
        User.objects.filter(pk=pk, role=Role.OFFICER, is_active=True).select_related("unit").first()
    )


def officer_id_from_token(token: str) -> int | None:
    """The officer id signed into a QR code's token, or ``None`` for a forged or broken one."""
    from django.core import signing

    try:
        pk = signing.loads(token, salt=QR_SALT)
    except signing.BadSignature:
        return None
    return pk if isinstance(pk, int) else None


@dataclass(frozen=True)
class RegistrationResult:
    registration_id: int
    protected: int


def register_resident(
    *,
    phone: str,
    name: str,
    id_number: str,
    community: Any,
    family: list[dict[str, Any]],
    consent_version: str,
    officer: Any = None,
) -> RegistrationResult:
    """Register a resident (matched by ID number, or added to the registry in the chosen
    community) for warnings with their family members; all or nothing. ``consent_version``
    must name the current consent notice (:mod:`fanzha.portal.consent`)."""
    from fanzha.lib.sealed import id_index
    from fanzha.people.models import Resident
    from fanzha.portal import consent
    from fanzha.registrations.choices import RegistrationSource
    from fanzha.registrations.protection import add_family_member, register

    if not consent.is_current(consent_version):
        raise ValidationError(
            _("The consent notice has changed: please read it again and agree."),
            code="consent_version",
        )
    with transaction.atomic():
        resident = Resident.objects.filter(id_index=id_index(id_number)).first()
        if resident is None:
            grid = community.grids.order_by("code").first()
            if grid is None:
                raise ValidationError(_("This community does not take registrations yet."))
            resident = Resident(name=name, grid=grid)
            resident.set_id_number(id_number)
            resident.set_phone(phone)
            resident.save()
        elif resident.name != name:
            # Say no more than that: the portal must not confirm whose ID number this is.
            raise ValidationError(_("The name and ID number do not match our records."))
        registration = register(
            resident,
            phone=phone,
            community=community,
            officer=officer,
            source=RegistrationSource.QR if officer is not None else RegistrationSource.PORTAL,
        )
        for member in family:
            add_family_member(
                registration,
                name=member["name"],
                relation=member["relation"],
                phone=member["phone"],
            )
        protected = 1 + len(family)
        Submission.objects.create(
            kind=SubmissionKind.REGISTRATION,
            community=community,
            grid=registration.grid,
            officer=officer,
            ref=f"registration:{registration.pk}",
            outcome=_("%(n)d people protected") % {"n": protected},
            consent_version=consent_version,
        )
    return RegistrationResult(registration.pk, protected)


def report_fraud(
    *, kind: str, value: str, what_happened: str, community: Any, screenshot: Any = None
) -> Submission:
    """A resident's report becomes a sighting of the indicator (source: resident report)."""
    from fanzha.indicators.sightings import record_sighting

    with transaction.atomic():
        submission = Submission.objects.create(
            kind=SubmissionKind.REPORT,
            community=community,
            report_kind=kind,
            note=what_happened,
            grid=community.grids.order_by("code").first() if community else None,
        )
        indicator = record_sighting(
            kind,
            value,
            "resident_report",
            f"portal:{submission.pk}",
            unit=community,
            note=what_happened[:300],
        )
        if screenshot is not None:
            Screenshot.objects.create(submission=submission, file=screenshot)
        submission.ref = f"indicator:{indicator.pk}"
        submission.outcome = _("Recorded as a sighting")
        submission.save(update_fields=["ref", "outcome", "updated_at"])
    return submission


def lookup(kind: str, value: str) -> Any:
    """The risk answer for a value (``None`` while the indicators app has not landed)."""
    try:
        from fanzha.indicators.lookup import risk
    except ImportError:  # pragma: no cover
        return None
    answer = risk(kind, value)
    Submission.objects.create(
        kind=SubmissionKind.LOOKUP, report_kind=kind, outcome=answer.level_label[:120]
    )
    return answer


def check_message(text: str) -> tuple[Any, bool]:
    """The verdict on a message: ``(verdict, from_detector)``. Until the message check lands
    (or if it fails to load), the rule-based cues answer."""
    verdict: Any
    from_detector = True
    try:
        from fanzha.detect import check

        verdict = check(text)
    except Exception:
        log.exception("message check unavailable; using the rule-based cues")
        from fanzha.portal import cues

        verdict, from_detector = cues.check(text), False
    outcome = (
        (_("Fraud: %(type)s") % {"type": verdict.label_name})
        if verdict.is_fraud
        else _("No fraud found")
    )
    Submission.objects.create(kind=SubmissionKind.CHECK, outcome=str(outcome)[:120])
    return verdict, from_detector


def sign_pledge(*, name: str, id_number: str) -> Submission:
    """Sign the household pledge for the household of the resident with this ID and name."""
    from fanzha.lib.sealed import id_index
    from fanzha.outreach.pledges import sign_electronically
    from fanzha.people.models import Resident

    resident = (
        Resident.objects.filter(id_index=id_index(id_number)).select_related("household").first()
    )
    if resident is None or resident.name != name or resident.household is None:
        raise ValidationError(_("We could not find a household for these details."))
    with transaction.atomic():
        pledge = sign_electronically(resident.household, name, channel="portal")
        grid = resident.household.grid
        return Submission.objects.create(
            kind=SubmissionKind.PLEDGE,
            grid=grid,
            community=grid.community,
            ref=f"pledge:{pledge.pk}",
            outcome=_("Signed electronically"),
        )


def record_quiz_result(score: int, total: int) -> Submission:
    """A finished experience quiz, for the staff side (the score only)."""
    return Submission.objects.create(kind=SubmissionKind.QUIZ, outcome=f"{score}/{total}")
