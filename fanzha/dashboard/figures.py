"""The dashboard's figures, computed from the rollups and scoped through ``restrict(user)``.

Every consumer (the dashboard page, the 大屏 wall, the JSON API and ``fanzha stats --json``)
calls these functions. ``user=None`` means the whole district and is for the command line
only; views always pass ``request.user``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, cast

from django.conf import settings
from django.db.models import Q, QuerySet, Sum
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.dashboard import scopes
from fanzha.dashboard.metrics import METRICS, METRICS_BY_NAME, as_of
from fanzha.dashboard.models import (
    PeriodFigure,
    RollupState,
    ScopeFigure,
    ScopeKind,
    WeeklyFigure,
)
from fanzha.dashboard.rollups import as_amount

# The headline keys of issues 2 and 6, in the article's order: (key, label, metric, field).
# ``field`` is "count", "total" or "count+total" (protected = registrants + family members).
HEADLINE: list[tuple[str, Any, str, str]] = [
    ("registrations", _("Warning registrations"), "registrations", "count"),
    ("protected", _("People protected"), "registrations", "count+total"),
    ("dissuasions_successful", _("Successful dissuasions"), "dissuasions", "count"),
    ("app_installs", _("App installs"), "app_installs", "count"),
    (
        "wechat_accounts_banned_permanent",
        _("WeChat accounts banned permanently"),
        "bans_wechat_permanent",
        "count",
    ),
    (
        "wechat_accounts_banned_short_term",
        _("WeChat accounts banned short-term"),
        "bans_wechat_short_term",
        "count",
    ),
    ("wechat_groups_banned", _("WeChat groups banned"), "bans_wechat_group", "count"),
    ("qq_accounts_banned", _("QQ accounts banned"), "bans_qq", "count"),
    ("notices_issued", _("三告 notices issued"), "notices", "count"),
    ("cases", _("Fraud cases"), "cases", "count"),
    ("loss_yuan", _("Losses (yuan)"), "cases", "total"),
    ("alerts", _("Warnings received"), "alerts", "count"),
    ("pledges", _("Household pledges signed"), "pledges", "count"),
    ("residents", _("Residents"), "residents", "count"),
    ("households", pgettext_lazy("count", "Households"), "households", "count"),
    ("units", _("Units"), "units", "count"),
    ("grids", _("Grids"), "grids", "count"),
    ("places", _("Places"), "places", "count"),
]

# Where each figure drills down to: candidate URL names (the first that exists wins) and the
# query string. A figure whose list page does not exist yet shows without a link.
DRILL: dict[str, tuple[tuple[str, ...], str]] = {
    "registrations": (("registrations:registration_list",), ""),
    "protected": (("registrations:registration_list",), ""),
    "coverage": (("registrations:coverage",), ""),
    "app_installs": (("registrations:appinstall_list",), ""),
    "residents": (("people:resident_list",), ""),
    "households": (("people:household_list",), ""),
    "places": (("places:place_list",), ""),
    "units": (("org:unit_list",), ""),
    "grids": (("org:grid_list",), ""),
    "dissuasions_successful": (("alerts:queue",), "?status=closed"),
    "alerts": (("alerts:alert_list",), ""),
    "wechat_accounts_banned_permanent": (
        ("indicators:indicator_list",),
        "?kind=wechat&ban_term=permanent",
    ),
    "wechat_accounts_banned_short_term": (
        ("indicators:indicator_list",),
        "?kind=wechat&ban_term=short_term",
    ),
    "wechat_groups_banned": (("indicators:indicator_list",), "?kind=wechat_group&status=banned"),
    "qq_accounts_banned": (("indicators:indicator_list",), "?kind=qq&status=banned"),
    "notices_issued": (("notices:notice_list",), "?status=issued"),
    "cases": (("cases:case_list",), ""),
    "loss_yuan": (("cases:case_list",), ""),
    "pledges": (("outreach:pledge_list",), ""),
}


@dataclass(frozen=True)
class Figure:
    """A headline figure: ``value`` is ``None`` when its source app has not landed."""

    key: str
    label: Any
    value: int | Decimal | None
    url: str | None

    @property
    def available(self) -> bool:
        return self.value is not None


def drill_url(key: str, params: str = "") -> str | None:
    """The list behind a figure, or ``None`` while that list does not exist."""
    names, default_query = DRILL.get(key, ((), ""))
    for name in names:
        try:
            base = reverse(name)
        except NoReverseMatch:
            continue
        query = params or default_query
        return base + query
    return None


def rollup(user: Any) -> QuerySet[WeeklyFigure]:
    """The rollup rows ``user`` may see (``None``: the whole district, for the CLI)."""
    if user is None:
        return WeeklyFigure.objects.all()
    return WeeklyFigure.objects.restrict(user, "view")


def scoped(user: Any) -> QuerySet[Any]:
    """Rows whose sums are ``user``'s area: the precomputed area rows where the user's area
    has them (:mod:`fanzha.dashboard.scopes`), else the weekly rows; both through
    ``restrict``. For totals over the area, not for breakdowns by grid or unit."""
    kind = scopes.kind_for(user)
    if kind is None:
        return rollup(user)
    qs = ScopeFigure.objects.all() if user is None else ScopeFigure.objects.restrict(user, "view")
    return qs.filter(kind=kind)


def totals(user: Any, names: list[str] | None = None) -> dict[str, tuple[int, Decimal]]:
    """(count, total) per metric, in one query."""
    qs = scoped(user)
    if names is not None:
        qs = qs.filter(metric__in=names)
    result: dict[str, tuple[int, Decimal]] = {}
    for row in qs.values("metric").annotate(c=Sum("count"), t=Sum("total")).order_by():
        result[row["metric"]] = (int(row["c"] or 0), Decimal(row["t"] or 0))
    return result


def _value(sums: tuple[int, Decimal], field: str) -> int | Decimal:
    count, total = sums
    if field == "count":
        return count
    if field == "total":
        return total.quantize(Decimal("0.01"))
    return count + int(total)


def _live_sums(metric: Any, user: Any) -> tuple[int, Decimal]:
    qs = metric.source_queryset()
    if user is not None:
        model = metric.model_class()
        qs = qs.filter(pk__in=model._default_manager.restrict(user, "view").values("pk"))
    count = qs.count()
    expression = metric.total_expression()
    total = (
        as_amount(qs.aggregate(t=Sum(expression))["t"]) if expression is not None else (Decimal(0))
    )
    return count, total


def headline(user: Any) -> list[Figure]:
    """The article's headline figures for ``user``'s area."""
    sums = totals(user)
    for metric in METRICS:
        if metric.live and metric.available:
            sums[metric.name] = _live_sums(metric, user)
    figures = []
    for key, label, metric_name, field in HEADLINE:
        source = METRICS_BY_NAME.get(metric_name)
        value: int | Decimal | None = None
        if source is not None and source.available:
            value = _value(sums.get(metric_name, (0, Decimal(0))), field)
        figures.append(Figure(key, label, value, drill_url(key)))
    return figures


def headline_dict(user: Any) -> dict[str, Any]:
    """Headline figures as plain JSON values (money as a string with 2 decimals)."""
    out: dict[str, Any] = {}
    for figure in headline(user):
        value = figure.value
        out[figure.key] = f"{value:.2f}" if isinstance(value, Decimal) else value
    return out


def live_headline(user: Any = None) -> dict[str, Any]:
    """The same figures computed straight from the source tables (for checks and the CLI's
    ``--live``). Scoped like the rollup when ``user`` is given."""
    sums = {m.name: _live_sums(m, user) for m in METRICS if m.available}
    out: dict[str, Any] = {}
    for key, _label, metric_name, field in HEADLINE:
        metric = METRICS_BY_NAME.get(metric_name)
        if metric is None or not metric.available:
            out[key] = None
            continue
        value = _value(sums.get(metric_name, (0, Decimal(0))), field)
        out[key] = f"{value:.2f}" if isinstance(value, Decimal) else value
    return out


# -- charts ---------------------------------------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def trend_weeks(weeks: int | None = None) -> list[date]:
    """The Mondays of the trend window ending in the reference week."""
    count = weeks or settings.FANZHA_DASHBOARD_TREND_WEEKS
    last = week_start(as_of())
    return [last - timedelta(weeks=count - 1 - i) for i in range(count)]


def weekly(user: Any, names: list[str], weeks: int | None = None) -> dict[str, Any]:
    """Weekly counts per metric over the trend window (missing weeks are 0)."""
    window = trend_weeks(weeks)
    rows = (
        scoped(user)
        .filter(metric__in=names, week__gte=window[0], week__lte=window[-1])
        .values("metric", "week")
        .annotate(c=Sum("count"), t=Sum("total"))
        .order_by()
    )
    counts: dict[str, dict[date, int]] = defaultdict(dict)
    amounts: dict[str, dict[date, Decimal]] = defaultdict(dict)
    for row in rows:
        week = cast(date, row["week"])  # never null: the filter above needs a week
        counts[row["metric"]][week] = int(row["c"] or 0)
        amounts[row["metric"]][week] = Decimal(row["t"] or 0)
    return {
        "weeks": [w.isoformat() for w in window],
        "series": {
            name: [counts[name].get(w, 0) for w in window]
            for name in names
            if METRICS_BY_NAME.get(name) and METRICS_BY_NAME[name].available
        },
        "amounts": {
            name: [float(amounts[name].get(w, 0)) for w in window]
            for name in names
            if METRICS_BY_NAME.get(name) and METRICS_BY_NAME[name].available
        },
    }


def by_key(
    user: Any,
    name: str,
    choices: dict[str, Any] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[dict[str, Any]]:
    """A metric broken down by its key (e.g. cases by fraud type), largest first, optionally
    within a week range (see :func:`year_windows`)."""
    qs = _within(scoped(user).filter(metric=name), since, until)
    rows = qs.values("key").annotate(c=Sum("count"), t=Sum("total")).order_by("-c", "key")
    labels = choices or {}
    return [
        {
            "key": r["key"],
            "label": str(labels.get(r["key"], r["key"] or "—")),
            "count": int(r["c"] or 0),
            "total": float(r["t"] or 0),
        }
        for r in rows
    ]


def by_key_windows(
    user: Any, name: str, windows: list[Window], choices: dict[str, Any] | None = None
) -> list[list[dict[str, Any]]]:
    """:func:`by_key` for several windows, in one query (weekly sums, added up here)."""
    if not windows:
        return []
    first = min(w.first for w in windows)
    last = max(w.last for w in windows)
    rows = (
        scoped(user)
        .filter(metric=name, week__gte=first, week__lte=last)
        .values("key", "week")
        .annotate(c=Sum("count"), t=Sum("total"))
        .order_by()
    )
    sums: list[dict[str, list[Any]]] = [defaultdict(lambda: [0, Decimal(0)]) for _w in windows]
    for r in rows:
        for i, window in enumerate(windows):
            if window.first <= r["week"] <= window.last:
                sums[i][r["key"]][0] += int(r["c"] or 0)
                sums[i][r["key"]][1] += Decimal(r["t"] or 0)
    labels = choices or {}
    return [
        [
            {
                "key": key,
                "label": str(labels.get(key, key or "—")),
                "count": count,
                "total": float(total),
            }
            for key, (count, total) in sorted(found.items(), key=lambda kv: (-kv[1][0], kv[0]))
            if count
        ]
        for found in sums
    ]


def _within(qs: QuerySet[Any], since: date | None, until: date | None) -> QuerySet[Any]:
    if since is not None:
        qs = qs.filter(week__gte=week_start(since))
    if until is not None:
        qs = qs.filter(week__lte=until)
    return qs


@dataclass(frozen=True)
class Window:
    """A run of whole rollup weeks: ``first`` is a Monday, ``last`` the Sunday of the last week.
    The rollups count by week, so a year-on-year window is whole weeks (the list behind a
    figure is filtered by the same days, so its count is the figure)."""

    first: date
    last: date
    label: str

    @property
    def query(self) -> str:
        return f"date_from={self.first.isoformat()}&date_to={self.last.isoformat()}"


def same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def year_windows(today: date | None = None) -> tuple[Window, Window]:
    """(last year, this year) to date: from the week of 1 January to the week of the reference
    day, and the same weeks a year earlier."""
    day = today or as_of()
    last_day = same_day_last_year(day)
    windows = []
    for end in (last_day, day):
        first = week_start(date(end.year, 1, 1))
        windows.append(Window(first, week_start(end) + timedelta(days=6), str(end.year)))
    return windows[0], windows[1]


def contact_percentiles(
    user: Any, shares: tuple[int, ...] = (50, 90), weeks: int | None = None
) -> dict[str, Any]:
    """Weekly percentiles of the minutes from a warning to its first contact, from the
    rollup's histogram (``first_contacts`` keyed by bucket: the nearest-rank percentile is the
    upper bound of the bucket that holds it; ``None`` for a week without contacts, or beyond
    the last bucket)."""
    from fanzha.dashboard.sources import CONTACT_OVERFLOW

    window = trend_weeks(weeks)
    rows = (
        scoped(user)
        .filter(metric="first_contacts", week__gte=window[0], week__lte=window[-1])
        .values("week", "key")
        .annotate(c=Sum("count"))
        .order_by()
    )
    histograms: dict[date, dict[int, int]] = defaultdict(dict)
    for row in rows:
        if row["key"] == "":
            continue
        week = cast(date, row["week"])
        bucket = int(row["key"])
        histograms[week][bucket] = histograms[week].get(bucket, 0) + int(row["c"] or 0)
    series: dict[str, list[int | None]] = {}
    for share in shares:
        values: list[int | None] = []
        for week in window:
            value = percentile_of(histograms.get(week, {}), share)
            values.append(None if value == CONTACT_OVERFLOW else value)
        series[f"p{share}"] = values
    return {"weeks": [w.isoformat() for w in window], **series}


def percentile_of(histogram: dict[int, int], share: int) -> int | None:
    """The nearest-rank ``share``-th percentile (0-100) of a histogram ``{value: count}``:
    the smallest value with at least ``share`` percent of the counts at or below it."""
    n = sum(histogram.values())
    if n == 0:
        return None
    rank = max(1, -(-share * n // 100))
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen >= rank:
            return value
    return max(histogram)


Sums = dict[int, tuple[int, Decimal]]


def _period(window: Window | None) -> str:
    return scopes.ALL if window is None else scopes.period_name(window.first, window.last)


def breakdown(
    user: Any, wants: list[tuple[str, Window | None]], field: str
) -> dict[tuple[str, Window | None], Sums]:
    """Metrics over periods (every week, or a window), each broken down by ``field``
    (``grid``, ``grid__office`` or ``sector_unit``), in one query on the period rows when they
    were built for those periods (else from the weekly rows)."""
    names = {name for name, _w in wants}
    if field == "grid__office" and _offices_of_district(user, names):
        return _district_by_office(wants)
    built = {
        metric: set(periods.split(","))
        for metric, periods in RollupState.objects.filter(metric__in=names).values_list(
            "metric", "periods"
        )
    }
    out: dict[tuple[str, Window | None], Sums] = {want: {} for want in wants}
    ready = [w for w in wants if _period(w[1]) in built.get(w[0], set())]
    if ready:
        by_period = {(name, _period(window)): (name, window) for name, window in ready}
        match = Q()
        for name, period in by_period:
            match |= Q(metric=name, period=period)
        qs = PeriodFigure.objects.all() if user is None else PeriodFigure.objects.restrict(user)
        rows = (
            qs.filter(match, **{f"{field}__isnull": False})
            .values("metric", "period", field)
            .annotate(c=Sum("count"), t=Sum("total"))
            .order_by()
        )
        for r in rows:
            want = by_period[(r["metric"], r["period"])]
            out[want][r[field]] = (int(r["c"] or 0), Decimal(r["t"] or 0))
    for name, window in wants:
        if (name, window) in ready:
            continue
        fine = rollup(user).filter(metric=name, **{f"{field}__isnull": False})
        if window is not None:
            fine = _within(fine, window.first, window.last)
        for r in fine.values(field).annotate(c=Sum("count"), t=Sum("total")).order_by():
            out[(name, window)][r[field]] = (int(r["c"] or 0), Decimal(r["t"] or 0))
    return out


def _offices_of_district(user: Any, names: set[str]) -> bool:
    """Whether the per-office area rows are the breakdown by office: for a user who sees the
    whole district, of metrics that no unit owns (an office's area rows would also hold the
    rows it owns elsewhere)."""
    if scopes.kind_for(user) != ScopeKind.DISTRICT:
        return False
    metrics = [METRICS_BY_NAME.get(name) for name in names]
    return all(m is not None and m.unit is None for m in metrics)


def _district_by_office(
    wants: list[tuple[str, Window | None]],
) -> dict[tuple[str, Window | None], Sums]:
    rows = (
        ScopeFigure.objects.filter(kind=ScopeKind.OFFICE, metric__in={n for n, _w in wants})
        .values("metric", "week", "office")
        .annotate(c=Sum("count"), t=Sum("total"))
        .order_by()
    )
    out: dict[tuple[str, Window | None], dict[int, list[Any]]] = {
        want: defaultdict(lambda: [0, Decimal(0)]) for want in wants
    }
    for r in rows:
        for name, window in wants:
            if name != r["metric"]:
                continue
            if window is not None and not (
                r["week"] is not None and window.first <= r["week"] <= window.last
            ):
                continue
            sums = out[(name, window)][r["office"]]
            sums[0] += int(r["c"] or 0)
            sums[1] += Decimal(r["t"] or 0)
    return {
        want: {office: (int(c), Decimal(t)) for office, (c, t) in found.items()}
        for want, found in out.items()
    }


def by_office(user: Any, name: str, window: Window | None = None) -> Sums:
    """A metric per 办事处 (by the grid's office), over every week or a window."""
    return breakdown(user, [(name, window)], "grid__office")[(name, window)]


def by_sector(user: Any, name: str, window: Window | None = None) -> Sums:
    """A metric per sector unit (rows whose resident or place has a sector unit)."""
    return breakdown(user, [(name, window)], "sector_unit")[(name, window)]


def by_grid(user: Any, name: str, window: Window | None = None) -> Sums:
    """A metric per grid, over every week or a window."""
    return breakdown(user, [(name, window)], "grid")[(name, window)]


def coverage_target(on: date | None = None) -> int:
    """The registration coverage target (percent) in force on a day: the first
    ``FANZHA_COVERAGE_TARGETS`` deadline not yet passed, else the last one."""
    day = on or as_of()
    targets: list[tuple[date, int]] = []
    for pair in settings.FANZHA_COVERAGE_TARGETS:
        month_day, _sep, share = pair.partition(":")
        month, dom = (int(x) for x in month_day.split("-"))
        targets.append((date(day.year, month, dom), int(share)))
    targets.sort()
    for deadline, percent in targets:
        if day <= deadline:
            return percent
    return targets[-1][1] if targets else 100


def office_names(ids: set[int]) -> dict[int, str]:
    from fanzha.org.models import Unit

    return dict(Unit.objects.filter(pk__in=ids).values_list("pk", "name"))


def coverage(user: Any) -> list[dict[str, Any]]:
    """Registration coverage per 办事处 against the target in force, and pledge coverage
    (pledges per household) where the outreach app provides pledges."""
    wants: list[tuple[str, Window | None]] = [
        ("registrations", None),
        ("residents_16plus", None),
        ("households", None),
    ]
    if _available("pledges"):
        wants.append(("pledges", None))
    sums = breakdown(user, wants, "grid__office")
    registered = sums[("registrations", None)]
    adults = sums[("residents_16plus", None)]
    households = sums[("households", None)]
    pledges = sums.get(("pledges", None), {})
    ids = set(adults) | set(registered)
    names = office_names(ids)
    target = coverage_target()
    rows = []
    for office_id in sorted(ids, key=lambda i: names.get(i, "")):
        denominator = adults.get(office_id, (0, 0))[0]
        count = registered.get(office_id, (0, 0))[0]
        homes = households.get(office_id, (0, 0))[0]
        signed = pledges.get(office_id, (0, 0))[0]
        rows.append(
            {
                "office_id": office_id,
                "office": names.get(office_id, "?"),
                "registered": count,
                "denominator": denominator,
                "percent": round(100 * count / denominator, 1) if denominator else 0.0,
                "target": target,
                "pledge_percent": round(100 * signed / homes, 1) if homes and pledges else None,
            }
        )
    return rows


def _available(name: str) -> bool:
    metric = METRICS_BY_NAME.get(name)
    return bool(metric and metric.available)


def riskiest_areas(user: Any, top: int | None = None) -> list[dict[str, Any]]:
    """Grids ranked by cases per ``FANZHA_DASHBOARD_RISK_PER`` residents this year (by warnings
    while the case register has not landed)."""
    from fanzha.org.models import Grid

    source = "cases" if _available("cases") else ("alerts" if _available("alerts") else None)
    if source is None:
        return []
    this_year = year_windows()[1]
    sums = breakdown(user, [(source, this_year), ("residents", None)], "grid")
    events, residents = sums[(source, this_year)], sums[("residents", None)]
    per = settings.FANZHA_DASHBOARD_RISK_PER
    scored = []
    for grid_id, (count, loss) in events.items():
        people = residents.get(grid_id, (0, 0))[0]
        rate = count * per / people if people else float(count)
        scored.append((rate, count, loss, grid_id))
    scored.sort(reverse=True)
    scored = scored[: top or settings.FANZHA_DASHBOARD_TOP_AREAS]
    names = dict(Grid.objects.filter(pk__in=[s[3] for s in scored]).values_list("pk", "name"))
    return [
        {
            "grid_id": g,
            "grid": names.get(g, "?"),
            "events": c,
            "loss": float(loss),
            "rate": round(r, 2),
            "source": source,
        }
        for r, c, loss, g in scored
    ]


def built_at() -> Any:
    """The oldest rollup's build time (what the dashboard's 'as of' says)."""
    return RollupState.objects.order_by("built_at").values_list("built_at", flat=True).first()
