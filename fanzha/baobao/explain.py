"""Turning an assignment's stored explanation into sentences for a person (Chinese through the
catalogue). The explanation is stored as data so a later change of wording needs no migration."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _


def risk_sentence(data: dict[str, Any]) -> str:
    risk = data.get("risk") or {}
    weights = risk.get("weights") or {}
    if not risk:
        return ""
    loss_10k = (Decimal(risk.get("loss", "0")) / Decimal(10000)).quantize(Decimal("0.01"))
    return _(
        "Risk %(score)s = base %(base)s + %(cases)s cases × %(wc)s + %(loss)s ten-thousand yuan "
        "lost × %(wl)s + %(vuln)s vulnerable residents × %(wv)s (cases of the %(days)s days up "
        "to %(on)s)."
    ) % {
        "score": risk.get("score"),
        "base": weights.get("base"),
        "cases": risk.get("cases"),
        "wc": weights.get("cases"),
        "loss": loss_10k,
        "wl": weights.get("loss_per_10k"),
        "vuln": risk.get("vulnerable"),
        "wv": weights.get("vulnerable"),
        "days": risk.get("window_days"),
        "on": risk.get("on"),
    }


def role_sentence(data: dict[str, Any], role: str, person: Any) -> str:
    part = (data or {}).get(role) or {}
    mode = part.get("mode")
    if mode == "manual":
        return _("Set by hand by %(by)s on %(at)s (%(note)s); kept by every later run.") % {
            "by": part.get("by") or "—",
            "at": part.get("at") or "—",
            "note": part.get("note") or "—",
        }
    if mode == "solver" and person is not None:
        text = _(
            "Chosen by the solver among %(n)s eligible people of the area's own units: "
            "%(person)s now holds %(count)s of %(capacity)s areas with a risk load of %(load)s; "
            "loads in this group range from %(min)s to %(max)s (mean %(mean)s)."
        ) % {
            "n": part.get("candidates"),
            "person": person,
            "count": part.get("count"),
            "capacity": part.get("capacity"),
            "load": part.get("load"),
            "min": part.get("min"),
            "max": part.get("max"),
            "mean": part.get("mean"),
        }
        if part.get("kept"):
            text += " " + _("Same person as before: re-runs keep holders where that is as even.")
        return text
    reason = part.get("reason")
    if reason == "no_candidate":
        return _("Nobody of the area's own units can take it: add staff or officers there.")
    if reason == "capacity":
        return _("Everyone eligible is at capacity: raise a capacity or add people.")
    if reason == "released":
        return _("Released by hand; the next run chooses again.")
    return _("Not assigned yet: run the assignment.")
