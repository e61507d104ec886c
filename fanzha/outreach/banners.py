"""Venue banners (the article's rule, DOMAIN.md §1.6): every venue hangs at least
``FANZHA_VENUE_MIN_BANNERS`` banners stating its OWN case count and loss for the year, taken from
the case register; banks, hotels and restaurants scroll slogans on their LED screens."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fanzha.outreach.casefigures import Figures, for_place_year
from fanzha.places.choices import SCROLLING_KINDS, VENUE_KINDS

# {venue}, {year}, {cases} and {loss} are filled in; the Chinese lives in the catalogue.
DEFAULT_BANNER_TEXTS = [
    gettext_lazy(
        "{venue}: {cases} telecom fraud cases in {year}, {loss} yuan lost. "
        "Anti-fraud starts with each of us!"
    ),
    gettext_lazy(
        "{year}: our staff lost {loss} yuan in {cases} cases. The police have no "
        "'safe account': check before you transfer!"
    ),
    gettext_lazy(
        "'The boss' asking for a transfer on QQ or WeChat is a fraudster: {venue} "
        "had {cases} cases in {year}, {loss} yuan lost."
    ),
    gettext_lazy(
        "Never rent, lend or sell your phone or bank cards: {venue}, {year}, {cases} fraud cases."
    ),
]
DEFAULT_SCROLLING_SLOGANS = [
    gettext_lazy("Install the National Anti-Fraud Centre App; when in doubt call 96110."),
    gettext_lazy("Anyone who asks for a verification code or screen sharing is a fraudster."),
    gettext_lazy("Do not rent, lend or sell your phone card, bank card or payment account."),
    gettext_lazy("Loans that want money first and 'safe accounts' are always fraud."),
]


@dataclass(frozen=True)
class VenueBanners:
    """What a venue must show for a year, with the figures it states."""

    place: Any
    year: int
    figures: Figures
    banners: list[str]
    slogans: list[str]

    @property
    def needs_banners(self) -> bool:
        return bool(self.banners)


def format_loss(loss: Decimal) -> str:
    return f"{loss:,.2f}"


def _fill(template: str, place: Any, year: int, figures: Figures) -> str:
    return template.format(
        venue=place.name, year=year, cases=figures.cases, loss=format_loss(figures.loss)
    )


def banner_templates() -> list[str]:
    overrides = settings.FANZHA_VENUE_BANNER_TEXTS
    return list(overrides) if overrides else [str(t) for t in DEFAULT_BANNER_TEXTS]


def slogans() -> list[str]:
    overrides = settings.FANZHA_SCROLLING_SLOGANS
    return list(overrides) if overrides else [str(t) for t in DEFAULT_SCROLLING_SLOGANS]


def for_venue(place: Any, year: int, figures: Figures | None = None) -> VenueBanners:
    """The banner texts (venue kinds) or scrolling slogans (banks, hotels, restaurants) of a
    place for a year. At least ``FANZHA_VENUE_MIN_BANNERS`` texts: templates are reused with
    the venue's name if a district configured fewer."""
    figures = figures if figures is not None else for_place_year(place.pk, year)
    banners: list[str] = []
    if place.kind in VENUE_KINDS:
        templates = banner_templates()
        wanted = max(settings.FANZHA_VENUE_MIN_BANNERS, len(templates))
        banners = [
            _fill(templates[i % len(templates)], place, year, figures) for i in range(wanted)
        ]
        banners = list(dict.fromkeys(banners))  # a repeated template adds nothing
        if len(banners) < settings.FANZHA_VENUE_MIN_BANNERS:
            raise ValueError(
                _("Configure at least %(n)d different banner texts.")
                % {"n": settings.FANZHA_VENUE_MIN_BANNERS}
            )
    lines = slogans() if place.kind in SCROLLING_KINDS else []
    return VenueBanners(place, year, figures, banners, lines)


def venue_q() -> Q:
    return Q(kind__in=[str(k) for k in VENUE_KINDS | SCROLLING_KINDS])


def venues_for(user: Any) -> QuerySet:
    """The venues a user may see: places that hang banners or scroll slogans."""
    from fanzha.places.models import Place

    return Place.objects.restrict(user, "view").filter(venue_q())  # type: ignore[attr-defined]
