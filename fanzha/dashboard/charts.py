"""The charts' data, shaped for ECharts by ``static/dashboard/dashboard.js``. Each chart says
whether its source is available; an unavailable chart is drawn as a notice, never an error."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from fanzha.dashboard import figures
from fanzha.dashboard.metrics import METRICS_BY_NAME

# How many grids the year-on-year grid chart shows (the most cases this year first).
TOP_GRIDS = 20
TREND_METRICS = ["registrations", "app_installs", "alerts", "dissuasions", "cases", "pledges"]


def _available(name: str) -> bool:
    metric = METRICS_BY_NAME.get(name)
    return bool(metric and metric.available)


def _label(name: str) -> str:
    metric = METRICS_BY_NAME.get(name)
    return str(metric.label) if metric else name


def _with_query(key: str, query: str) -> str | None:
    return figures.drill_url(key, query)


def trend(user: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Weekly trends; ``data``: :func:`figures.weekly` of the trend metrics, if already read."""
    data = data or figures.weekly(user, TREND_METRICS)
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


def _windows() -> tuple[figures.Window, figures.Window]:
    return figures.year_windows()


def _window_data(windows: tuple[figures.Window, figures.Window]) -> list[dict[str, str]]:
    return [
        {"label": w.label, "first": w.first.isoformat(), "last": w.last.isoformat()}
        for w in windows
    ]


def _case_url(query: str, window: figures.Window) -> str | None:
    return _with_query("cases", f"?{query}&{window.query}&counted=true")


def cases_by_type(user: Any) -> dict[str, Any]:
    """Cases and losses per fraud type, this year to date against the same weeks last year;
    each bar opens the case list of that type and window."""
    title = _("Cases and losses by fraud type, year on year")
    if not _available("cases"):
        return {"available": False, "title": title}
    labels = _fraud_type_labels()
    last, this = windows = _windows()
    per_window = [
        {r["key"]: r for r in rows}
        for rows in figures.by_key_windows(user, "cases", list(windows), labels)
    ]
    keys = sorted(
        set(per_window[0]) | set(per_window[1]),
        key=lambda k: (-per_window[1].get(k, {}).get("count", 0), k),
    )
    rows = []
    for key in keys:
        row: dict[str, Any] = {"key": key, "label": str(labels.get(key, key or "—"))}
        for name, window, data in (
            ("last_year", last, per_window[0]),
            ("this_year", this, per_window[1]),
        ):
            found = data.get(key, {})
            row[name] = {
                "count": found.get("count", 0),
                "loss": found.get("total", 0.0),
                "url": _case_url(f"fraud_type={key}", window),
            }
        rows.append(row)
    return {"available": True, "title": title, "rows": rows, "windows": _window_data(windows)}


def cases_by_unit(user: Any) -> dict[str, Any]:
    """Cases and losses per 办事处 and sector unit, this year to date against the same weeks
    last year."""
    title = _("Cases by unit, year on year")
    if not _available("cases"):
        return {"available": False, "title": title}
    windows = _windows()
    wants: list[tuple[str, figures.Window | None]] = [("cases", w) for w in windows]
    offices = figures.breakdown(user, wants, "grid__office")
    sectors = figures.breakdown(user, wants, "sector_unit")
    per_window = [{**offices[want], **sectors[want]} for want in wants]
    ids = set(per_window[0]) | set(per_window[1])
    names = figures.office_names(ids)
    zero = (0, Decimal(0))
    rows = [
        {
            "unit": names.get(i, "?"),
            "this_year": per_window[1].get(i, zero)[0],
            "last_year": per_window[0].get(i, zero)[0],
            "loss": float(per_window[1].get(i, zero)[1]),
            "loss_last_year": float(per_window[0].get(i, zero)[1]),
            "url": _case_url(f"unit={i}", windows[1]),
            "url_last_year": _case_url(f"unit={i}", windows[0]),
        }
        for i in sorted(ids, key=lambda i: names.get(i, ""))
    ]
    return {
        "available": True,
        "title": title,
        "rows": rows,
        "years": [w.label for w in windows],
        "windows": _window_data(windows),
    }


def cases_by_grid(user: Any) -> dict[str, Any]:
    """The grids with the most cases this year to date, against the same weeks last year."""
    title = _("Cases by grid, year on year")
    if not _available("cases"):
        return {"available": False, "title": title}
    from fanzha.org.models import Grid

    windows = _windows()
    wants: list[tuple[str, figures.Window | None]] = [("cases", w) for w in windows]
    sums = figures.breakdown(user, wants, "grid")
    last_year, this_year = (sums[want] for want in wants)
    zero = (0, Decimal(0))
    ranked = sorted(
        set(this_year) | set(last_year),
        key=lambda g: (-this_year.get(g, zero)[0], -last_year.get(g, zero)[0], g),
    )[:TOP_GRIDS]
    names = dict(Grid.objects.filter(pk__in=ranked).values_list("pk", "name"))
    return {
        "available": True,
        "title": title,
        "years": [w.label for w in windows],
        "windows": _window_data(windows),
        "rows": [
            {
                "grid": names.get(g, "?"),
                "count": this_year.get(g, zero)[0],
                "last_year": last_year.get(g, zero)[0],
                "loss": float(this_year.get(g, zero)[1]),
                "loss_last_year": float(last_year.get(g, zero)[1]),
                "url": _case_url(f"grid={g}", windows[1]),
                "url_last_year": _case_url(f"grid={g}", windows[0]),
            }
            for g in ranked
        ],
    }


def warnings(user: Any, data: dict[str, Any] | None = None) -> dict[str, Any]:
    """Warning volumes per week and the median and 90th percentile of the minutes from a
    warning to its first contact (from the rollup's histogram)."""
    title = _("Warnings and time to first contact")
    if not _available("alerts"):
        return {"available": False, "title": title}
    data = data or figures.weekly(user, ["alerts"])
    contact = figures.contact_percentiles(user) if _available("first_contacts") else {}
    return {
        "available": True,
        "title": title,
        "weeks": data["weeks"],
        "alerts": data["series"].get("alerts", []),
        "p50": contact.get("p50", []),
        "p90": contact.get("p90", []),
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
    weekly = figures.weekly(user, TREND_METRICS)  # the warnings chart's volumes too
    return {
        "trend": trend(user, weekly),
        "cases_by_type": cases_by_type(user),
        "cases_by_unit": cases_by_unit(user),
        "cases_by_grid": cases_by_grid(user),
        "warnings": warnings(user, weekly),
        "coverage": coverage(user),
        "riskiest": riskiest(user),
        "labels": {
            "unavailable": _("Not available yet: the source module has not been installed."),
            "last_year": _("Last year"),
            "this_year": _("This year"),
            "cases": pgettext("count", "Cases"),
            "loss": _("Loss (yuan)"),
            "minutes": _("Minutes to first contact"),
            "p50": _("Median minutes to first contact"),
            "p90": _("90th percentile minutes to first contact"),
            "warnings": pgettext("count", "Warnings"),
            "coverage": _("Registration coverage %"),
            "target": _("Target %"),
            "pledge": _("Pledge coverage %"),
            "rate": _("Cases per 10,000 residents"),
            "empty": _("No data in your area yet."),
        },
    }
