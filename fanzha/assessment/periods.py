"""Running a period's assessment: collect the inputs, apply the scheme's rules (the pure
functions of :mod:`fanzha.assessment.scoring`), store every unit's score with its arithmetic,
and the multi-row operations around it (manual scores, what-if, appeals)."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fanzha.assessment import inputs as collectors
from fanzha.assessment.choices import AppealStatus
from fanzha.assessment.models import Appeal, ManualScore, Period, UnitAssessment
from fanzha.assessment.scoring import (
    PART_CARD,
    PART_SYSTEM,
    PART_YOY,
    ScoringError,
    UnitInput,
    UnitScore,
    check_manual,
    display,
    light,
    score_units,
)
from fanzha.org.choices import UnitKind
from fanzha.org.models import Unit

ASSESSED_KINDS = (UnitKind.OFFICE, UnitKind.SECTOR, UnitKind.BUREAU)


def assessed_units() -> list[Unit]:
    """Units assessed: every 办事处 and every sector unit (the 公安分局 among them)."""
    return list(Unit.objects.filter(kind__in=ASSESSED_KINDS).order_by("kind", "code"))


def collect(period: Period) -> int:
    """Collect the inputs of every assessed unit from the platform, store them as the period's
    snapshot, and score. Returns the number of units. Administrator's action."""
    units = assessed_units()
    this, last = collectors.case_counts(period)
    card = collectors.card_publicity_units(period, units)
    now = timezone.now()
    with transaction.atomic():
        for unit in units:
            problem = collectors.prominent_problem(unit, period.starts_on, period.ends_on)
            snapshot: dict[str, Any] = {
                "cases_this": this.value.get(unit.pk, 0) if this.available else None,
                "cases_last": last.value.get(unit.pk, 0) if last.available else None,
                "card_publicity_in_six_into": (unit.pk in card.value) if card.available else None,
                "card_prominent_problem": problem.value if problem.available else None,
                "notes": [n for n in dict.fromkeys([this.note, card.note, problem.note]) if n],
                "indicators": [i.as_json() for i in collectors.indicators_for(unit, period)],
                "collected_at": now.isoformat(),
            }
            UnitAssessment.objects.update_or_create(
                period=period,
                unit=unit,
                defaults={"category": str(unit.assessment_category), "inputs": snapshot},
            )
        Period.objects.filter(pk=period.pk).update(computed_at=now)
        period.computed_at = now
        rescore(period)
    return len(units)


def unit_input(row: UnitAssessment, overrides: Mapping[str, Any] | None = None) -> UnitInput:
    """The pure rules' input for one stored row (manual scores included); ``overrides``
    replaces inputs for a what-if."""
    data = dict(row.inputs)
    manual: dict[str, Decimal | None] = {m.item_code: m.points for m in row.manual_scores.all()}
    if overrides:
        manual.update(overrides.get("manual", {}))
        data.update({k: v for k, v in overrides.items() if k != "manual"})
    return UnitInput(
        code=row.unit.code,
        name=row.unit.name,
        category=row.category,
        cases_last=data.get("cases_last"),
        cases_this=data.get("cases_this"),
        card_publicity_in_six_into=data.get("card_publicity_in_six_into"),
        card_prominent_problem=data.get("card_prominent_problem"),
        manual=manual,
    )


def _rows(period: Period) -> list[UnitAssessment]:
    return list(
        UnitAssessment.objects.filter(period=period)
        .select_related("unit")
        .prefetch_related("manual_scores")
        .order_by("unit__code")
    )


def _thresholds() -> tuple[Decimal, Decimal]:
    return (
        Decimal(settings.FANZHA_ASSESSMENT_GREEN_AT),
        Decimal(settings.FANZHA_ASSESSMENT_YELLOW_AT),
    )


def breakdown(score: UnitScore) -> list[dict[str, Any]]:
    return [
        {
            "code": i.code,
            "part": i.part,
            "rule": i.rule,
            "label": i.label,
            "max": str(i.max_points),
            "points": str(i.shown),
            "pending": i.pending,
            "steps": list(i.steps),
        }
        for i in score.items
    ]


def rescore(period: Period) -> None:
    """Apply the period's scheme to the stored inputs of every unit and store the results.
    Units are scored together: a decrease is compared with the largest in its category."""
    rows = _rows(period)
    scores = score_units([unit_input(r) for r in rows], period.scheme.to_spec())
    green, yellow = _thresholds()
    now = timezone.now()
    for row, score in zip(rows, scores, strict=True):
        row.system_building = display(score.part(PART_SYSTEM))
        row.cases_yoy = display(score.part(PART_YOY))
        row.card_action = display(score.part(PART_CARD))
        row.total = display(score.total)
        row.rank = score.rank
        row.light = light(score.total, green, yellow)
        row.pending = score.pending
        row.breakdown = breakdown(score)
        row.scored_at = now
    UnitAssessment.objects.bulk_update(
        rows,
        [
            "system_building",
            "cases_yoy",
            "card_action",
            "total",
            "rank",
            "light",
            "pending",
            "breakdown",
            "scored_at",
        ],
    )


def what_if(row: UnitAssessment, overrides: Mapping[str, Any]) -> UnitScore:
    """The unit's score if its inputs were ``overrides``; the other units of the period keep
    theirs (the largest decrease may move). Nothing is saved."""
    rows = _rows(row.period)
    units = [unit_input(r, overrides if r.pk == row.pk else None) for r in rows]
    scores = score_units(units, row.period.scheme.to_spec())
    return next(s for s in scores if s.code == row.unit.code)


def check_evidence_file(upload: Any) -> Any:
    """Check an evidence file (a scan or photo): type by content, size limit, metadata
    stripped, through the upload checks of ``fanzha.outreach.uploads``. Returns the cleaned
    file; raises ``ValidationError``."""
    try:
        from fanzha.outreach.uploads import check_upload
    except ImportError:
        raise ValidationError(_("Evidence files cannot be checked yet.")) from None
    # Pledge scans accept what an assessor's evidence is: JPEG/PNG photos or a scanned PDF.
    return check_upload(upload, "pledge_scan")


def set_manual_score(
    row: UnitAssessment,
    item_code: str,
    points: Decimal,
    evidence: str,
    reason: str,
    user: Any,
    evidence_file: Any = None,
) -> ManualScore:
    """Record (or correct) a hand-scored item; refused above the item's maximum or below 0.
    ``evidence_file`` is a file already cleaned by :func:`check_evidence_file`."""
    spec = row.period.scheme.to_spec()
    try:
        item = spec.item(item_code)
    except KeyError:
        raise ValidationError(_("No such item in the scheme.")) from None
    if item.rule != "manual":
        raise ValidationError(_("This item is computed, not scored by hand."))
    if not row.period.is_open:
        raise ValidationError(_("The period is closed."))
    try:
        check_manual(item, points)
    except ScoringError as exc:
        raise ValidationError(str(exc)) from None
    if not evidence.strip() or not reason.strip():
        raise ValidationError(_("Give the evidence and the reason for the score."))
    with transaction.atomic():
        score = ManualScore.objects.filter(assessment=row, item_code=item_code).first()
        if score is None:
            score = ManualScore(assessment=row, item_code=item_code)
        score.points, score.evidence, score.reason = points, evidence.strip(), reason.strip()
        score.scored_by = user
        if evidence_file is not None:
            # A random name: nothing of the uploader's file name reaches the file system.
            name = f"assessment/evidence/{uuid.uuid4().hex}{evidence_file.extension}"
            score.evidence_path = default_storage.save(name, ContentFile(evidence_file.content))
            score.evidence_type = evidence_file.content_type
        score.save()
        rescore(row.period)
    return score


def file_appeal(row: UnitAssessment, item_code: str, reason: str, user: Any) -> Appeal:
    if not reason.strip():
        raise ValidationError(_("Say why the score is wrong."))
    codes = {i.code for i in row.period.scheme.to_spec().items}
    if item_code and item_code not in codes:
        raise ValidationError(_("No such item in the scheme."))
    return Appeal.objects.create(
        assessment=row, item_code=item_code, reason=reason.strip(), filed_by=user
    )


def decide_appeal(appeal: Appeal, status: str, decision: str, user: Any) -> Appeal:
    if status not in (AppealStatus.UPHELD, AppealStatus.REJECTED):
        raise ValidationError(_("Choose upheld or rejected."))
    if not decision.strip():
        raise ValidationError(_("Write the decision."))
    with transaction.atomic():
        # Two assessors deciding at once: the row lock makes the second see the first decision.
        locked = Appeal.objects.select_for_update().get(pk=appeal.pk)
        if locked.status != AppealStatus.PENDING:
            raise ValidationError(_("This appeal has already been decided."))
        locked.status, locked.decision = status, decision.strip()
        locked.decided_by, locked.decided_at = user, timezone.now()
        locked.save()
    return locked
