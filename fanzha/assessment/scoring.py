"""The 100-point assessment's scoring rules (DOMAIN.md §2) as pure, typed functions.

Nothing here touches the database: ``fanzha assess score`` calls these functions on a JSON file,
and the DB-backed periods call the same functions on the inputs they collected. Arithmetic is
exact: inputs are integers and ``Decimal`` manual scores, ratios such as 1/7 are kept as
``Fraction`` (a ``Decimal`` cannot hold them exactly), and a score is rounded half-up to 2
decimals only for display (:func:`display`). Rankings compare the exact values.

A scheme (:class:`SchemeSpec`) is data: items with a maximum and a rule; the rules available are
in :class:`Rule`. The default scheme, :func:`default_scheme`, is DOMAIN.md §2 with every number
read from settings.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from django.utils.translation import get_language, gettext


@lru_cache(maxsize=1024)
def _translated(language: str | None, message: str) -> str:
    return gettext(message)


def _(message: str) -> str:
    """gettext, cached per language: a period of thousands of units repeats the same few
    sentences, and the catalogue lookup dominated scoring time."""
    return _translated(get_language(), message)


OFFICE = "office"
SECTOR = "sector"
CATEGORIES = (OFFICE, SECTOR)

# The three parts of the scheme; the CLI's output keys.
PART_SYSTEM = "system_building"
PART_YOY = "cases_yoy"
PART_CARD = "card_action"
PARTS = (PART_SYSTEM, PART_YOY, PART_CARD)


class Rule:
    """How an item is scored. Computed rules read an input; ``MANUAL`` is entered by an
    assessor with evidence and a reason."""

    MANUAL = "manual"
    CASES_YOY = "cases_yoy"
    CARD_PUBLICITY = "card_publicity"  # 断卡 publicity put into the 六进 activities
    CARD_NO_PROBLEM = "card_no_problem"  # no prominent two-card problem in the jurisdiction
    ALL = (MANUAL, CASES_YOY, CARD_PUBLICITY, CARD_NO_PROBLEM)


class ScoringError(ValueError):
    """Input the rules cannot score: the message says what and where, for a person to fix."""


@dataclass(frozen=True)
class ItemSpec:
    """One item of a scheme: ``code`` names it (manual scores are keyed by code)."""

    code: str
    part: str
    rule: str
    max_points: Decimal
    label: str = ""
    office_label: str = ""  # a 办事处 is assessed on 办事处 publicity work: its own wording

    def label_for(self, category: str) -> str:
        return self.office_label if category == OFFICE and self.office_label else self.label


@dataclass(frozen=True)
class YoyParams:
    """Numbers of the year-on-year rule (DOMAIN.md §2), all settings.

    ``stable_points`` for an unchanged count; the largest decrease in a category earns the
    ``CASES_YOY`` item's maximum, other decreases in proportion; an increase loses
    ``points_per_percent`` per percentage point and earns 0 from ``zero_at_percent`` up.
    ``stable_band_percent``: a change within ± this many percent counts as stable (default 0:
    exactly equal)."""

    stable_points: Decimal = Decimal(45)
    points_per_percent: Decimal = Decimal(1)
    zero_at_percent: Decimal = Decimal(20)
    stable_band_percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class SchemeSpec:
    items: tuple[ItemSpec, ...]
    yoy: YoyParams = field(default_factory=YoyParams)

    def item(self, code: str) -> ItemSpec:
        for item in self.items:
            if item.code == code:
                return item
        raise KeyError(code)

    @property
    def manual_items(self) -> tuple[ItemSpec, ...]:
        return tuple(i for i in self.items if i.rule == Rule.MANUAL)

    @property
    def max_total(self) -> Decimal:
        return sum((i.max_points for i in self.items), Decimal(0))

    def validate(self) -> None:
        """A scheme must name each computed rule at most once and keep maxima non-negative."""
        seen: set[str] = set()
        codes: set[str] = set()
        for item in self.items:
            if item.rule not in Rule.ALL:
                raise ScoringError(_("Unknown rule %(rule)s.") % {"rule": item.rule})
            if item.part not in PARTS:
                raise ScoringError(_("Unknown part %(part)s.") % {"part": item.part})
            if item.max_points < 0:
                raise ScoringError(_("An item's maximum cannot be negative."))
            if item.code in codes:
                raise ScoringError(_("Item code %(code)s is used twice.") % {"code": item.code})
            codes.add(item.code)
            if item.rule != Rule.MANUAL:
                if item.rule in seen:
                    raise ScoringError(_("Rule %(rule)s is used twice.") % {"rule": item.rule})
                seen.add(item.rule)
        yoy = [i for i in self.items if i.rule == Rule.CASES_YOY]
        if yoy and self.yoy.stable_points > yoy[0].max_points:
            raise ScoringError(_("The stable score cannot exceed the year-on-year maximum."))


def _setting(name: str, default: Any) -> Any:
    from django.conf import settings

    return getattr(settings, name, default)


def _dec(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def default_scheme() -> SchemeSpec:
    """DOMAIN.md §2 exactly: 40 (10 + 30 manual) + 50 year-on-year + 10 (2 + 3 computed, 5
    manual); every number from settings (``FANZHA_ASSESSMENT_*``)."""
    points = _setting("FANZHA_ASSESSMENT_POINTS", {})

    def p(code: str, default: int) -> Decimal:
        return _dec(points.get(code, default))

    items = (
        ItemSpec("system", PART_SYSTEM, Rule.MANUAL, p("system", 10), _("Anti-fraud work system")),
        ItemSpec(
            "publicity",
            PART_SYSTEM,
            Rule.MANUAL,
            p("publicity", 30),
            _("Unit publicity work"),
            _("Sub-district office publicity work"),
        ),
        ItemSpec(
            "cases_yoy", PART_YOY, Rule.CASES_YOY, p("cases_yoy", 50), _("Cases year on year")
        ),
        ItemSpec(
            "card_publicity",
            PART_CARD,
            Rule.CARD_PUBLICITY,
            p("card_publicity", 2),
            _("Card-breaking publicity in the six-into activities"),
        ),
        ItemSpec(
            "card_no_problem",
            PART_CARD,
            Rule.CARD_NO_PROBLEM,
            p("card_no_problem", 3),
            _("No prominent two-card problem"),
        ),
        ItemSpec(
            "card_other", PART_CARD, Rule.MANUAL, p("card_other", 5), _("Other card-breaking work")
        ),
    )
    yoy = YoyParams(
        stable_points=_dec(_setting("FANZHA_ASSESSMENT_YOY_STABLE_POINTS", 45)),
        points_per_percent=_dec(_setting("FANZHA_ASSESSMENT_YOY_POINTS_PER_PERCENT", 1)),
        zero_at_percent=_dec(_setting("FANZHA_ASSESSMENT_YOY_ZERO_AT_PERCENT", 20)),
        stable_band_percent=_dec(_setting("FANZHA_ASSESSMENT_YOY_STABLE_BAND_PERCENT", 0)),
    )
    return SchemeSpec(items=items, yoy=yoy)


# -- inputs and results --------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitInput:
    """What the rules need for one unit. ``None`` means 'not available yet': the item counts 0
    and is reported pending."""

    code: str
    name: str
    category: str
    cases_last: int | None = None
    cases_this: int | None = None
    card_publicity_in_six_into: bool | None = None
    card_prominent_problem: bool | None = None
    manual: Mapping[str, Decimal | None] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemScore:
    code: str
    part: str
    rule: str
    label: str
    max_points: Decimal
    points: Fraction
    pending: bool
    steps: tuple[str, ...]  # the inputs, the rule applied and the arithmetic, in words

    @property
    def shown(self) -> Decimal:
        return display(self.points)


@dataclass(frozen=True)
class UnitScore:
    code: str
    name: str
    category: str
    items: tuple[ItemScore, ...]
    rank: int = 0  # within the category, 1 = best; ties share a rank

    def part(self, part: str) -> Fraction:
        return sum((i.points for i in self.items if i.part == part), Fraction(0))

    @property
    def total(self) -> Fraction:
        return sum((i.points for i in self.items), Fraction(0))

    @property
    def shown_total(self) -> Decimal:
        return display(self.total)

    @property
    def pending(self) -> list[str]:
        return [i.code for i in self.items if i.pending]

    @property
    def explanation(self) -> str:
        lines = [f"{i.label}：" + "；".join(i.steps) for i in self.items]
        return "\n".join(lines)

    def as_json(self) -> dict[str, Any]:
        """The CLI's output row: parts and total rounded half-up to 2 decimals."""
        return {
            "code": self.code,
            PART_SYSTEM: float(display(self.part(PART_SYSTEM))),
            PART_YOY: float(display(self.part(PART_YOY))),
            PART_CARD: float(display(self.part(PART_CARD))),
            "total": float(display(self.total)),
            "pending": self.pending,
            "explanation": self.explanation,
        }


def display(value: Fraction | Decimal | int) -> Decimal:
    """Round half-up (away from zero at .5) to 2 decimals, exactly, from the exact value."""
    frac = Fraction(value)
    sign = -1 if frac < 0 else 1
    cents = math.floor(abs(frac) * 100 + Fraction(1, 2))
    return (Decimal(sign * cents) / Decimal(100)).quantize(Decimal("0.01"))


def _fmt(value: Fraction | Decimal | int) -> str:
    """A number for an explanation: exact when it terminates within 4 places, else ≈ 4 places."""
    frac = Fraction(value)
    scaled = frac * 10_000
    if scaled.denominator == 1:
        text = f"{Decimal(scaled.numerator) / Decimal(10_000):f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    cents = math.floor(abs(scaled) + Fraction(1, 2)) * (-1 if frac < 0 else 1)
    return "≈" + f"{Decimal(cents) / Decimal(10_000):.4f}"


# -- validation of manual scores ------------------------------------------------------------------


def check_manual(item: ItemSpec, points: Decimal) -> None:
    """Refuse a manual score above the item's maximum or below 0 (DOMAIN.md §2)."""
    if points < 0:
        raise ScoringError(
            _("%(item)s: %(points)s is below 0.") % {"item": item.label, "points": points}
        )
    if points > item.max_points:
        raise ScoringError(
            _("%(item)s: %(points)s is above the maximum of %(max)s.")
            % {"item": item.label, "points": points, "max": item.max_points}
        )


# -- the rules -----------------------------------------------------------------------------------


def _change(last: int, this: int) -> Fraction:
    """Relative change this year against last year (positive = increase); last must be > 0."""
    return Fraction(this - last, last)


def _is_stable(unit: UnitInput, yoy: YoyParams) -> bool:
    assert unit.cases_last is not None and unit.cases_this is not None
    if unit.cases_last == 0:
        return unit.cases_this == 0
    band = Fraction(yoy.stable_band_percent) / 100
    return abs(_change(unit.cases_last, unit.cases_this)) <= band


def _decrease(unit: UnitInput, yoy: YoyParams) -> Fraction | None:
    """The unit's relative decrease, or None when it did not decrease beyond the band."""
    if unit.cases_last is None or unit.cases_this is None or unit.cases_last == 0:
        return None
    if _is_stable(unit, yoy) or unit.cases_this >= unit.cases_last:
        return None
    return -_change(unit.cases_last, unit.cases_this)


def largest_decreases(units: Iterable[UnitInput], yoy: YoyParams) -> dict[str, Fraction]:
    """The largest relative decrease per category (units are compared within their category)."""
    best: dict[str, Fraction] = {}
    for unit in units:
        d = _decrease(unit, yoy)
        if d is not None and d > best.get(unit.category, Fraction(0)):
            best[unit.category] = d
    return best


def score_yoy(
    unit: UnitInput, item: ItemSpec, yoy: YoyParams, largest: Fraction | None
) -> ItemScore:
    """发案同比: stable = 45; the largest decrease in the category = the maximum (50), other
    decreases 45 + 5 × own ÷ largest; an increase r loses 100·r points (1 per percentage point),
    0 from 20 %; last year 0 → stable if this year 0, else 0 points."""
    label = item.label_for(unit.category)

    def result(points: Fraction, steps: list[str], pending: bool = False) -> ItemScore:
        return ItemScore(
            item.code, item.part, item.rule, label, item.max_points, points, pending, tuple(steps)
        )

    last, this = unit.cases_last, unit.cases_this
    if last is None or this is None:
        return result(Fraction(0), [_("case counts not available yet: 0 points, pending")], True)
    stable = Fraction(yoy.stable_points)
    maximum = Fraction(item.max_points)
    inputs = _("cases last year %(last)s, this year %(this)s") % {"last": last, "this": this}
    if last == 0:
        if this == 0:
            return result(
                stable,
                [
                    inputs,
                    _("no cases in either year counts as stable: %(points)s")
                    % {"points": _fmt(stable)},
                ],
            )
        return result(
            Fraction(0), [inputs, _("cases appeared where there were none last year: 0 points")]
        )
    change = _change(last, this)
    percent = change * 100
    if _is_stable(unit, yoy):
        return result(stable, [inputs, _("stable: %(points)s") % {"points": _fmt(stable)}])
    if change > 0:
        zero_at = Fraction(yoy.zero_at_percent)
        step = _("increase (%(this)s − %(last)s) ÷ %(last)s = %(pct)s%%") % {
            "this": this,
            "last": last,
            "pct": _fmt(percent),
        }
        if percent >= zero_at:
            return result(
                Fraction(0),
                [
                    inputs,
                    step,
                    _("an increase of %(zero)s%% or more: 0 points") % {"zero": _fmt(zero_at)},
                ],
            )
        points = max(Fraction(0), stable - Fraction(yoy.points_per_percent) * percent)
        arithmetic = _("%(stable)s − %(per)s × %(pct)s = %(points)s") % {
            "stable": _fmt(stable),
            "per": _fmt(yoy.points_per_percent),
            "pct": _fmt(percent),
            "points": _fmt(points),
        }
        return result(points, [inputs, step, arithmetic])
    decrease = -change
    step = _("decrease (%(last)s − %(this)s) ÷ %(last)s = %(pct)s%%") % {
        "this": this,
        "last": last,
        "pct": _fmt(decrease * 100),
    }
    assert largest is not None and largest > 0
    if decrease >= largest:
        return result(
            maximum,
            [
                inputs,
                step,
                _("the largest decrease in the category: %(points)s") % {"points": _fmt(maximum)},
            ],
        )
    points = stable + (maximum - stable) * decrease / largest
    arithmetic = _("%(stable)s + %(bonus)s × %(own)s%% ÷ %(best)s%% = %(points)s") % {
        "stable": _fmt(stable),
        "bonus": _fmt(maximum - stable),
        "own": _fmt(decrease * 100),
        "best": _fmt(largest * 100),
        "points": _fmt(points),
    }
    return result(points, [inputs, step, arithmetic])


def score_flag(unit: UnitInput, item: ItemSpec) -> ItemScore:
    """断卡: full points for 断卡 publicity in the 六进 activities; full points when no
    prominent two-card problem occurred, 0 when one did."""
    label = item.label_for(unit.category)
    maximum = Fraction(item.max_points)
    if item.rule == Rule.CARD_PUBLICITY:
        flag = unit.card_publicity_in_six_into
        earned = flag
        yes = _("card-breaking publicity was part of the six-into activities")
        no = _("no six-into activity covered card-breaking")
    else:
        flag = unit.card_prominent_problem
        earned = None if flag is None else not flag
        yes = _("no prominent two-card problem occurred")
        no = _("a prominent two-card problem occurred")
    if earned is None:
        return ItemScore(
            item.code,
            item.part,
            item.rule,
            label,
            item.max_points,
            Fraction(0),
            True,
            (_("input not available yet: 0 points, pending"),),
        )
    points = maximum if earned else Fraction(0)
    steps = ((yes if earned else no), _("%(points)s points") % {"points": _fmt(points)})
    return ItemScore(item.code, item.part, item.rule, label, item.max_points, points, False, steps)


def score_manual(unit: UnitInput, item: ItemSpec) -> ItemScore:
    label = item.label_for(unit.category)
    value = unit.manual.get(item.code)
    if value is None:
        return ItemScore(
            item.code,
            item.part,
            item.rule,
            label,
            item.max_points,
            Fraction(0),
            True,
            (_("not scored yet: 0 points, pending"),),
        )
    check_manual(item, value)
    steps = (
        _("scored by the assessor: %(points)s of %(max)s")
        % {"points": _fmt(value), "max": _fmt(item.max_points)},
    )
    return ItemScore(
        item.code, item.part, item.rule, label, item.max_points, Fraction(value), False, steps
    )


def score_units(units: Sequence[UnitInput], scheme: SchemeSpec | None = None) -> list[UnitScore]:
    """Score every unit of a period with ``scheme`` (the default scheme if None) and rank them
    within their category. The units are scored together because the year-on-year rule compares
    each decrease with the largest one in the same category."""
    scheme = scheme or default_scheme()
    scheme.validate()
    validate_units(units, scheme)
    largest = largest_decreases(units, scheme.yoy)
    scored: list[UnitScore] = []
    for unit in units:
        items: list[ItemScore] = []
        for item in scheme.items:
            if item.rule == Rule.MANUAL:
                items.append(score_manual(unit, item))
            elif item.rule == Rule.CASES_YOY:
                items.append(score_yoy(unit, item, scheme.yoy, largest.get(unit.category)))
            else:
                items.append(score_flag(unit, item))
        scored.append(UnitScore(unit.code, unit.name, unit.category, tuple(items)))
    return rank(scored)


def rank(scores: list[UnitScore]) -> list[UnitScore]:
    """Competition ranking (1, 2, 2, 4) on the exact total within each category."""
    out: dict[str, UnitScore] = {}
    for category in CATEGORIES:
        group = sorted((s for s in scores if s.category == category), key=lambda s: -s.total)
        position, previous = 0, None
        for index, s in enumerate(group, start=1):
            total = s.total
            if total != previous:
                position, previous = index, total
            out[s.code] = UnitScore(s.code, s.name, s.category, s.items, position)
    return [out[s.code] for s in scores]


def validate_units(units: Sequence[UnitInput], scheme: SchemeSpec) -> None:
    codes: set[str] = set()
    manual_codes = {i.code for i in scheme.manual_items}
    for unit in units:
        where = unit.code or "?"
        if not unit.code:
            raise ScoringError(_("A unit has no code."))
        if unit.code in codes:
            raise ScoringError(_("Unit %(code)s appears twice.") % {"code": where})
        codes.add(unit.code)
        if unit.category not in CATEGORIES:
            raise ScoringError(
                _("Unit %(code)s: unknown category %(category)r (expected office or sector).")
                % {"code": where, "category": unit.category}
            )
        for name in ("cases_last", "cases_this"):
            value = getattr(unit, name)
            if value is not None and value < 0:
                raise ScoringError(
                    _("Unit %(code)s: %(field)s cannot be negative.")
                    % {"code": where, "field": name}
                )
        for key, value in unit.manual.items():
            if key not in manual_codes:
                raise ScoringError(
                    _("Unit %(code)s: %(item)s is not a manual item of the scheme.")
                    % {"code": where, "item": key}
                )
            if value is not None:
                try:
                    check_manual(scheme.item(key), value)
                except ScoringError as exc:
                    raise ScoringError(f"{where}: {exc}") from None


def light(total: Fraction | Decimal, green_at: Decimal, yellow_at: Decimal) -> str:
    """Red, yellow or green for a total (thresholds are settings; compared exactly)."""
    value = Fraction(total)
    if value >= Fraction(green_at):
        return "green"
    if value >= Fraction(yellow_at):
        return "yellow"
    return "red"
