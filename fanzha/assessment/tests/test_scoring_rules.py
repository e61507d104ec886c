"""The rules of DOMAIN.md §2, as pure functions: no database."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from fanzha.assessment.scoring import (
    ScoringError,
    UnitInput,
    YoyParams,
    default_scheme,
    display,
    light,
    score_units,
)

FULL = {"system": Decimal(10), "publicity": Decimal(30), "card_other": Decimal(5)}


def unit(
    code: str, last: int | None, this: int | None, category: str = "office", **extra: object
) -> UnitInput:
    return UnitInput(
        code=code, name=code.upper(), category=category, cases_last=last, cases_this=this, **extra
    )  # type: ignore[arg-type]


def yoy(scores: list, code: str) -> Decimal:
    return next(display(s.part("cases_yoy")) for s in scores if s.code == code)


def test_it_scores_the_domain_example_seven_to_eight_as_30_71() -> None:
    [score] = score_units([unit("a", 7, 8)])
    assert display(score.part("cases_yoy")) == Decimal("30.71")
    # Exact, not a float: 45 − 100/7.
    assert score.part("cases_yoy") == Fraction(45) - Fraction(100, 7)


def test_it_gives_zero_for_an_increase_of_exactly_twenty_percent() -> None:
    scores = score_units([unit("a", 5, 6), unit("b", 10, 12), unit("c", 100, 119)])
    assert yoy(scores, "a") == Decimal("0.00")
    assert yoy(scores, "b") == Decimal("0.00")
    # Just below 20 %: one point per percentage point below 45.
    assert yoy(scores, "c") == Decimal("26.00")


def test_it_scores_a_stable_count_at_45() -> None:
    [score] = score_units([unit("a", 9, 9)])
    assert display(score.part("cases_yoy")) == Decimal("45.00")


def test_it_treats_last_year_zero_and_this_year_zero_as_stable() -> None:
    [score] = score_units([unit("a", 0, 0)])
    assert display(score.part("cases_yoy")) == Decimal("45.00")
    assert "cases_yoy" not in score.pending


def test_it_gives_zero_when_cases_appear_after_a_year_without() -> None:
    [score] = score_units([unit("a", 0, 1)])
    assert display(score.part("cases_yoy")) == Decimal("0.00")


def test_it_gives_the_largest_decrease_50_and_others_in_proportion() -> None:
    scores = score_units([unit("a", 10, 5), unit("b", 10, 8), unit("c", 10, 10)])
    assert yoy(scores, "a") == Decimal("50.00")  # −50 %: the largest
    assert yoy(scores, "b") == Decimal("47.00")  # 45 + 5 × 20/50
    assert yoy(scores, "c") == Decimal("45.00")


def test_it_gives_every_unit_tied_for_the_largest_decrease_50() -> None:
    scores = score_units([unit("a", 10, 5), unit("b", 4, 2), unit("c", 3, 2)])
    assert yoy(scores, "a") == Decimal("50.00")
    assert yoy(scores, "b") == Decimal("50.00")
    # −1/3 against the tied largest −1/2: 45 + 5 × (1/3)/(1/2) = 48.33…
    assert yoy(scores, "c") == Decimal("48.33")


def test_it_compares_decreases_within_the_category_only() -> None:
    scores = score_units(
        [
            unit("office-a", 10, 2, "office"),  # −80 %
            unit("office-b", 10, 6, "office"),  # −40 %
            unit("sector-a", 10, 6, "sector"),  # −40 %: the largest among sector units
        ]
    )
    assert yoy(scores, "office-b") == Decimal("47.50")
    assert yoy(scores, "sector-a") == Decimal("50.00")


def test_it_counts_a_change_within_the_stable_band_as_stable() -> None:
    scheme = default_scheme()
    banded = type(scheme)(items=scheme.items, yoy=YoyParams(stable_band_percent=Decimal(5)))
    scores = score_units([unit("a", 100, 104), unit("b", 100, 97), unit("c", 100, 90)], banded)
    assert yoy(scores, "a") == Decimal("45.00")
    assert yoy(scores, "b") == Decimal("45.00")
    assert yoy(scores, "c") == Decimal("50.00")


def test_it_adds_the_parts_into_the_total() -> None:
    [score] = score_units(
        [
            unit(
                "a",
                7,
                8,
                card_publicity_in_six_into=True,
                card_prominent_problem=False,
                manual=FULL,
            )
        ]
    )
    assert display(score.part("system_building")) == Decimal("40.00")
    assert display(score.part("card_action")) == Decimal("10.00")
    assert display(score.total) == Decimal("80.71")
    assert score.pending == []


def test_it_scores_a_prominent_two_card_problem_zero() -> None:
    [score] = score_units(
        [
            unit(
                "a",
                1,
                1,
                card_publicity_in_six_into=False,
                card_prominent_problem=True,
                manual={"card_other": Decimal(4)},
            )
        ]
    )
    assert display(score.part("card_action")) == Decimal("4.00")


def test_it_counts_a_missing_manual_item_as_zero_and_pending() -> None:
    [score] = score_units(
        [
            unit(
                "a",
                1,
                1,
                card_publicity_in_six_into=True,
                card_prominent_problem=False,
                manual={"system": Decimal(7)},
            )
        ]
    )
    assert score.pending == ["publicity", "card_other"]
    assert display(score.total) == Decimal("57.00")  # 7 + 45 + 2 + 3
    assert "pending" in score.explanation or "待" in score.explanation


def test_it_reports_unavailable_inputs_as_pending() -> None:
    [score] = score_units([unit("a", None, None)])
    assert score.pending == [
        "system",
        "publicity",
        "cases_yoy",
        "card_publicity",
        "card_no_problem",
        "card_other",
    ]
    assert score.total == 0


@pytest.mark.parametrize("points", [Decimal("10.01"), Decimal(11), Decimal("-0.01")])
def test_it_refuses_a_manual_score_outside_zero_to_the_maximum(points: Decimal) -> None:
    with pytest.raises(ScoringError):
        score_units([unit("a", 1, 1, manual={"system": points})])


def test_it_accepts_a_manual_score_at_its_maximum_and_at_zero() -> None:
    [score] = score_units(
        [unit("a", 1, 1, manual={"system": Decimal(10), "publicity": Decimal(0)})]
    )
    assert display(score.part("system_building")) == Decimal("10.00")


def test_it_refuses_an_unknown_category_and_negative_counts() -> None:
    with pytest.raises(ScoringError):
        score_units([unit("a", 1, 1, "village")])
    with pytest.raises(ScoringError):
        score_units([unit("a", -1, 1)])


def test_it_rounds_half_up_only_for_display() -> None:
    assert display(Fraction(2675, 1000)) == Decimal("2.68")  # a float would give 2.67
    assert display(Fraction(1, 200)) == Decimal("0.01")
    assert display(Fraction(1, 300)) == Decimal("0.00")
    assert display(Fraction(45) - Fraction(100, 7)) == Decimal("30.71")


def test_it_ranks_within_the_category_with_shared_ranks_for_ties() -> None:
    scores = score_units(
        [
            unit("a", 10, 5),
            unit("b", 4, 2),
            unit("c", 3, 2),
            unit("s", 1, 2, "sector"),
        ]
    )
    ranks = {s.code: s.rank for s in scores}
    assert ranks == {"a": 1, "b": 1, "c": 3, "s": 1}


def test_it_lights_totals_by_the_thresholds() -> None:
    assert light(Decimal(85), Decimal(85), Decimal(70)) == "green"
    assert light(Fraction(8499, 100), Decimal(85), Decimal(70)) == "yellow"
    assert light(Decimal(70), Decimal(85), Decimal(70)) == "yellow"
    assert light(Decimal("69.99"), Decimal(85), Decimal(70)) == "red"


def test_it_reads_the_default_scheme_from_settings(settings: object) -> None:
    settings.FANZHA_ASSESSMENT_YOY_ZERO_AT_PERCENT = 30.0  # type: ignore[attr-defined]
    scores = score_units([unit("a", 5, 6)], default_scheme())
    assert yoy(scores, "a") == Decimal("25.00")
    assert default_scheme().max_total == Decimal(100)
