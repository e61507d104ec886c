"""The 三包 risk score of an area (village, residential compound, enterprise) from its cases,
losses and vulnerable residents (elderly, students, finance staff); weights are settings:

    risk = base + cases × w_cases + loss / 10,000 × w_loss + vulnerable × w_vulnerable

An enterprise's cases are those of victims it employs and its vulnerable residents are its
staff; a village's or compound's are those of the residents of its grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import reduce
from operator import or_
from typing import Any

from django.conf import settings
from django.db.models import Count, Q

from fanzha.outreach import casefigures
from fanzha.places.choices import PlaceKind

_CENTS = Decimal("0.01")
_TEN_THOUSAND = Decimal(10000)


@dataclass(frozen=True)
class Weights:
    base: Decimal
    cases: Decimal
    loss_per_10k: Decimal
    vulnerable: Decimal

    @classmethod
    def from_settings(cls) -> Weights:
        return cls(
            Decimal(str(settings.FANZHA_BAOBAO_BASE_RISK)),
            Decimal(str(settings.FANZHA_BAOBAO_WEIGHT_CASES)),
            Decimal(str(settings.FANZHA_BAOBAO_WEIGHT_LOSS_PER_10K)),
            Decimal(str(settings.FANZHA_BAOBAO_WEIGHT_VULNERABLE)),
        )

    def as_dict(self) -> dict[str, str]:
        return {k: str(v) for k, v in self.__dict__.items()}


@dataclass(frozen=True)
class AreaRisk:
    """An area's risk score with the inputs it came from."""

    place_id: int
    cases: int
    loss: Decimal
    vulnerable: int
    score: Decimal


def score(cases: int, loss: Decimal, vulnerable: int, weights: Weights) -> Decimal:
    raw = (
        weights.base
        + cases * weights.cases
        + loss / _TEN_THOUSAND * weights.loss_per_10k
        + vulnerable * weights.vulnerable
    )
    return max(Decimal(0), raw).quantize(_CENTS, rounding=ROUND_HALF_UP)


def vulnerable_q() -> Q:
    from fanzha.people.models import Resident

    tags = settings.FANZHA_BAOBAO_VULNERABLE_TAGS
    return reduce(or_, (Resident.tag_q(t) for t in tags)) if tags else Q(pk__in=[])


def area_risks(
    places: list[Any], today: date, weights: Weights | None = None
) -> dict[int, AreaRisk]:
    """Risk of each place over the trailing case window ending ``today``; four grouped
    queries whatever the number of places."""
    from fanzha.people.models import Resident

    weights = weights or Weights.from_settings()
    start = today - timedelta(days=settings.FANZHA_BAOBAO_CASE_WINDOW_DAYS - 1)
    firms = [p for p in places if p.kind == PlaceKind.ENTERPRISE]
    territorial = [p for p in places if p.kind != PlaceKind.ENTERPRISE]
    grid_ids = sorted({p.grid_id for p in territorial})
    firm_cases = casefigures.by_place([p.pk for p in firms], start, today)
    grid_cases = casefigures.by_grid(grid_ids, start, today)
    vq = vulnerable_q()
    firm_vulnerable = dict(
        Resident.objects.filter(vq, employer__in=[p.pk for p in firms])
        .values_list("employer")
        .annotate(n=Count("pk"))
    )
    grid_vulnerable = dict(
        Resident.objects.filter(vq, grid__in=grid_ids).values_list("grid").annotate(n=Count("pk"))
    )
    result: dict[int, AreaRisk] = {}
    for place in places:
        if place.kind == PlaceKind.ENTERPRISE:
            figures = firm_cases.get(place.pk, casefigures.Figures())
            vulnerable = firm_vulnerable.get(place.pk, 0)
        else:
            figures = grid_cases.get(place.grid_id, casefigures.Figures())
            vulnerable = grid_vulnerable.get(place.grid_id, 0)
        result[place.pk] = AreaRisk(
            place.pk,
            figures.cases,
            figures.loss,
            vulnerable,
            score(figures.cases, figures.loss, vulnerable, weights),
        )
    return result
