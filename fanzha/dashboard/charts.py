"""The charts' data, shaped for ECharts by ``static/dashboard/dashboard.js``. Each chart says
whether its source is available; an unavailable chart is drawn as a notice, never an error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from fanzha.dashboard import figures
from fanzha.dashboard.metrics import METRICS_BY_NAME, as_of

TREND_METRICS = ["registrations", "app_installs", "alerts", "dissuasions", "cases", "pledges"]


def _available(name: str) -> bool:
    metric = METRICS_BY_NAME.get(name)
    return bool(metric and metric.available)


def _label(name: str) -> str:
    metric = METRICS_BY_NAME.get(name)
    return str(metric.label) if metric else name


def _with_query(key: str, query: str) -> str | None:
    return figures.drill_url(key, query)


def trend(user: Any) -> dict[str, Any]:
    data = figures.weekly(user, TREND_METRICS)
    return {
        "available": bool(data["series"]),
        "title": _("Weekly trends"),
        "weeks": data["weeks"],
        "series": [
            {
                "name": _label(name),
                "data": values,
                "url": figures.drill_url({"dissuasions": "dissuasions_successful"}.get(name, name)),
            }
            for name, values in data["series"].items()
        ],
    }


def _fraud_type_labels() -> dict[str, Any]:
    try:
        from fanzha.cases.choices import FraudType
    except ImportError:
        return {}
    return {str(c.value): c.label for c in FraudType}


def cases_by_type(user: Any) -> dict[str, Any]:
    if not _available("cases"):
        return {"available": False, "title": _("Cases and losses by fraud type")}
    rows = figures.by_key(user, "cases", _fraud_type_labels())
    for row in rows:
        row["url"] = _with_query("cases", f"?fraud_type={row['key']}")
    return {"available": True, "title": _("Cases and losses by fraud type"), "rows": rows}


def _same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def cases_by_unit(user: Any) -> dict[str, Any]:
    """Cases and losses per 办事处 and sector unit, this year to date against the same period
    last year."""
    title = _("Cases by unit, year on year")
    if not _available("cases"):
        return {"available": False, "title": title}
    today = as_of()
    last = _same_day_last_year(today)
    this_year = {
        **figures.by_office(user, "cases", date(today.year, 1, 1), today),
        **figures.by_sector(user, "cases", date(today.year, 1, 1), today),
    }
    last_year = {
        **figures.by_office(user, "cases", date(last.year, 1, 1), last),
        **figures.by_sector(user, "cases", date(last.year, 1, 1), last),
    }
    ids = set(this_year) | set(last_year)
    names = figures.office_names(ids)
    zero = (0, Decimal(0))
    rows = [
        {
            "unit": names.get(i, "?"),
            "this_year": this_year.get(i, zero)[0],
            "last_year": last_year.get(i, zero)[0],
            "loss": float(this_year.get(i, zero)[1]),
            "url": _with_query("cases", f"?unit={i}"),
        }
        for i in sorted(ids, key=lambda i: names.get(i, ""))
    ]
    return {
        "available": True,
        "title": title,
        "rows": rows,
        "years": [str(last.year), str(today.year)],
    }


def cases_by_grid(user: Any) -> dict[str, Any]:
    title = _("Cases and losses by grid (this year)")
    if not _available("cases"):
        return {"available": False, "title": title}
    from fanzha.org.models import Grid

    data = figures.by_grid(user, "cases", since=date(as_of().year, 1, 1))
    top = sorted(data.items(), key=lambda kv: -kv[1][0])[:20]
    names = dict(Grid.objects.filter(pk__in=[k for k, _v in top]).values_list("pk", "name"))
    return {
        "available": True,
        "title": title,
        "rows": [
            {
                "grid": names.get(k, "?"),
                "count": v[0],
                "loss": float(v[1]),
                "url": _with_query("cases", f"?grid={k}"),
            }
            for k, v in top
        ],
    }


def warnings(user: Any) -> dict[str, Any]:
    """Warning volumes per week and the average minutes to first contact."""
    title = _("Warnings and time to first contact")
    if not _available("alerts"):
        return {"available": False, "title": title}
    data = figures.weekly(user, ["alerts", "first_contacts"])
    counts = data["series"].get("alerts", [])
    contacts = data["series"].get("first_contacts", [])
    seconds = data["amounts"].get("first_contacts", [])
    minutes = [round(s / c / 60, 1) if c else None for s, c in zip(seconds, contacts, strict=False)]
    return {
        "available": True,
        "title": title,
        "weeks": data["weeks"],
        "alerts": counts,
        "minutes": minutes,
        "url": figures.drill_url("alerts"),
    }


def coverage(user: Any) -> dict[str, Any]:
    rows = figures.coverage(user)
    for row in rows:
        row["url"] = figures.drill_url("coverage")
    return {
        "available": bool(rows),
        "title": _("Registration and pledge coverage against target"),
        "rows": rows,
        "target": figures.coverage_target(),
        "pledges": _available("pledges"),
    }


def riskiest(user: Any) -> dict[str, Any]:
    rows = figures.riskiest_areas(user)
    for row in rows:
        row["url"] = figures.drill_url(row["source"], f"?grid={row['grid_id']}")
    return {
        "available": bool(rows) or _available("cases") or _available("alerts"),
        "title": _("Riskiest areas"),
        "rows": rows,
    }


def chart_data(user: Any) -> dict[str, Any]:
    return {
        "trend": trend(user),
        "cases_by_type": cases_by_type(user),
        "cases_by_unit": cases_by_unit(user),
        "cases_by_grid": cases_by_grid(user),
        "warnings": warnings(user),
        "coverage": coverage(user),
        "riskiest": riskiest(user),
        "labels": {
            "unavailable": _("Not available yet: the source module has not been installed."),
            "last_year": _("Last year"),
            "this_year": _("This year"),
            "cases": _("Cases"),
            "loss": _("Loss (yuan)"),
            "minutes": _("Minutes to contact"),
            "warnings": _("Warnings"),
            "coverage": _("Registration coverage %"),
            "target": _("Target %"),
            "pledge": _("Pledge coverage %"),
            "rate": _("Cases per 10,000 residents"),
            "empty": _("No data in your area yet."),
        },
    }
