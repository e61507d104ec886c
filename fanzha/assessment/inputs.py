"""The inputs of the assessment, collected from the apps that hold them, each guarded.

The assessment depends on apps built in parallel (the case register, 六进 publicity, 断卡
records, 三包). An input whose app or function is not there yet, or whose tables are not
migrated, is reported as *unavailable* with the reason: its item counts 0 and shows as pending,
never a crash. Each collector returns a :class:`Collected`.

Sources (checked names):
- case counts: ``fanzha.cases.attribution.case_counts_by_unit(year, until) -> {unit_id: n}``;
- 断卡 publicity in 六进: ``fanzha.outreach.coverage.card_in_six_into(unit, start, end)``
  (activities organised by the unit or a community/village under it);
- prominent two-card problem: ``fanzha.cards.problems.has_prominent_problem(unit, start, end)``;
- indicators: ``fanzha.outreach.coverage.pledge_coverage(unit, on)``,
  ``activity_counts(unit, start, end)``, ``banner_coverage(unit, year)``, and
  ``fanzha.baobao.coverage(unit)`` (三包).
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from django.apps import apps
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from fanzha.assessment.models import Period
    from fanzha.org.models import Unit

log = logging.getLogger(__name__)


@dataclass
class Collected:
    """An input value, or why it is missing (``available`` False: the item is pending)."""

    value: Any = None
    available: bool = False
    note: str = ""


@dataclass
class Indicator:
    """A computed figure shown beside the hand-scored items to help the assessor."""

    code: str
    label: str
    value: str
    detail: str = ""
    available: bool = True
    behind: bool = False  # below its target

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "label": self.label,
            "value": self.value,
            "detail": self.detail,
            "available": self.available,
            "behind": self.behind,
        }


@dataclass
class PeriodInputs:
    """Everything collected for a period: per-unit values and the sources' availability."""

    cases_this: Collected = field(default_factory=Collected)
    cases_last: Collected = field(default_factory=Collected)
    card_publicity: Collected = field(default_factory=Collected)


def _function(module: str, name: str) -> Callable[..., Any] | None:
    app = module.split(".")[1]
    if not apps.is_installed(f"fanzha.{app}"):
        return None
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def _guarded(call: Callable[[], Any], missing: str) -> Collected:
    """Run ``call`` in a savepoint: a missing table must not poison the caller's transaction."""
    try:
        with transaction.atomic():
            return Collected(call(), True, "")
    # A boundary on purpose: another app's function failing (not migrated, changed signature,
    # a bug) makes its input pending for the assessor to see, not the whole period fail.
    except Exception:
        log.exception("assessment input unavailable: %s", missing)
        return Collected(None, False, missing)


def case_counts(period: Period) -> tuple[Collected, Collected]:
    """Counted cases per unit id, this year to the period's end and the same span last year."""
    fn = _function("fanzha.cases.attribution", "case_counts_by_unit")
    missing = _("the case register is not available yet")
    if fn is None:
        return Collected(None, False, missing), Collected(None, False, missing)
    until = period.ends_on
    this = _guarded(lambda: fn(period.year, until), missing)
    last = _guarded(lambda: fn(period.year - 1, until), missing)
    return this, last


def card_publicity_units(period: Period, units: list[Unit]) -> Collected:
    """The ids of units that put 断卡 publicity into their 六进 activities in the period."""
    fn = _function("fanzha.outreach.coverage", "card_in_six_into")
    missing = _("six-into publicity records are not available yet")
    if fn is None:
        return Collected(None, False, missing)
    return _guarded(
        lambda: {u.pk for u in units if fn(u, period.starts_on, period.ends_on)}, missing
    )


def prominent_problem(unit: Unit, start: date, end: date) -> Collected:
    fn = _function("fanzha.cards.problems", "has_prominent_problem")
    missing = _("card-breaking records are not available yet")
    if fn is None:
        return Collected(None, False, missing)
    return _guarded(lambda: bool(fn(unit, start, end)), missing)


# -- indicators shown beside the hand-scored items --------------------------------------------


def _percent(part: int, whole: int) -> str:
    return f"{part * 100 / whole:.1f}%" if whole else "—"


def coverage_target(on: date) -> int | None:
    """The registration target (percent) due by ``on`` (FANZHA_COVERAGE_TARGETS, MM-DD:pct)."""
    best: int | None = None
    for pair in settings.FANZHA_COVERAGE_TARGETS:
        try:
            month_day, pct = pair.split(":", 1)
            month, day = (int(x) for x in month_day.split("-"))
            due = date(on.year, month, day)
            target = int(pct)
        except ValueError:
            continue
        if due <= on and (best is None or target > best):
            best = target
    return best


def _residence_q(unit: Unit, prefix: str = "") -> Q:
    """Residents of a unit: by territory for a 办事处, by employer for a sector unit."""
    from fanzha.org.choices import UnitKind

    if unit.kind == UnitKind.OFFICE:
        return Q(**{f"{prefix}grid__office_id": unit.pk})
    return Q(**{f"{prefix}employer__sector_unit_id": unit.pk})


def registration_coverage(unit: Unit, period: Period) -> Indicator:
    from fanzha.people.models import Resident
    from fanzha.registrations.models import Registration

    on = period.ends_on
    try:
        born_by = on.replace(year=on.year - settings.FANZHA_COVERAGE_MIN_AGE)
    except ValueError:  # 29 February
        born_by = date(on.year - settings.FANZHA_COVERAGE_MIN_AGE, 2, 28)
    people = Resident.objects.filter(_residence_q(unit), birth_date__lte=born_by).count()
    registered = Registration.objects.filter(
        _residence_q(unit, "registrant__"), registered_at__date__lte=on
    ).count()
    target = coverage_target(on)
    share = registered * 100 / people if people else 0
    detail = _("%(reg)s of %(people)s residents aged %(age)s+") % {
        "reg": registered,
        "people": people,
        "age": settings.FANZHA_COVERAGE_MIN_AGE,
    }
    if target is not None:
        detail += "; " + _("target %(t)s%%") % {"t": target}
    return Indicator(
        "registration",
        _("Registration coverage"),
        _percent(registered, people),
        detail,
        True,
        target is not None and share < target,
    )


def _unavailable(code: str, label: str, note: str) -> Indicator:
    return Indicator(code, label, "—", note, False)


def pledge_rate(unit: Unit, period: Period) -> Indicator:
    label = _("Household pledge rate")
    missing = _("pledges are not available yet")
    fn = _function("fanzha.outreach.coverage", "pledge_coverage")
    if fn is None:
        return _unavailable("pledges", label, missing)
    got = _guarded(lambda: fn(unit, period.ends_on), missing)
    if not got.available:
        return _unavailable("pledges", label, got.note)
    homes, signed = got.value.households, got.value.signed
    if not homes:
        return _unavailable("pledges", label, _("no households in the unit's area"))
    target = getattr(settings, "FANZHA_PLEDGE_TARGET_PERCENT", None)
    detail = _("%(signed)s of %(homes)s households") % {"signed": signed, "homes": homes}
    behind = bool(target is not None and signed * 100 / homes < target)
    return Indicator("pledges", label, _percent(signed, homes), detail, True, behind)


def activities(unit: Unit, period: Period) -> Indicator:
    label = _("Six-into activities")
    missing = _("publicity is not available yet")
    fn = _function("fanzha.outreach.coverage", "activity_counts")
    if fn is None:
        return _unavailable("activities", label, missing)
    got = _guarded(lambda: fn(unit, period.starts_on, period.ends_on), missing)
    if not got.available:
        return _unavailable("activities", label, got.note)
    counts = got.value
    detail = _("%(heads)s people reached; %(card)s covered card-breaking") % {
        "heads": counts.headcount,
        "card": counts.covers_card,
    }
    return Indicator("activities", label, str(counts.total), detail, True, counts.total == 0)


def banners(unit: Unit, period: Period) -> Indicator:
    label = _("Venue banners hung")
    missing = _("banners are not available yet")
    fn = _function("fanzha.outreach.coverage", "banner_coverage")
    if fn is None:
        return _unavailable("banners", label, missing)
    got = _guarded(lambda: fn(unit, period.year), missing)
    if not got.available:
        return _unavailable("banners", label, got.note)
    hung, venues = got.value.hung, got.value.venues
    detail = _("%(hung)s of %(venues)s venues") % {"hung": hung, "venues": venues}
    return Indicator("banners", label, _percent(hung, venues), detail, True, hung < venues)


def baobao_coverage(unit: Unit, period: Period) -> Indicator:
    """三包 coverage: the unit's villages, compounds and enterprises with both a staff member
    and an officer (``fanzha.baobao.coverage(unit)``; today's assignment, not the period's)."""
    label = _("Three-guarantee coverage")
    missing = _("the three-guarantee assignment is not available yet")
    fn = _function("fanzha.baobao", "coverage")
    if fn is None:
        return _unavailable("baobao", label, missing)
    got = _guarded(lambda: fn(unit), missing)
    if not got.available:
        return _unavailable("baobao", label, got.note)
    complete, areas = got.value.complete, got.value.areas
    detail = _("%(covered)s of %(areas)s areas") % {"covered": complete, "areas": areas}
    return Indicator("baobao", label, _percent(complete, areas), detail, True, complete < areas)


INDICATORS: tuple[Callable[[Unit, Period], Indicator], ...] = (
    registration_coverage,
    pledge_rate,
    activities,
    banners,
    baobao_coverage,
)


def indicators_for(unit: Unit, period: Period) -> list[Indicator]:
    out: list[Indicator] = []
    for compute in INDICATORS:
        try:
            with transaction.atomic():
                out.append(compute(unit, period))
        except DatabaseError as exc:
            log.warning("assessment indicator %s failed: %s", compute.__name__, exc)
    return out
