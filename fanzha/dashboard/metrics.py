"""What the dashboard counts: one :class:`Metric` per rollup, declared as data.

A metric names its source model (``"app_label.Model"``), the field that dates a row, the paths
to the row's grid, owning unit and sector unit (the same paths its scope uses), an optional
breakdown key and summed amount, and a filter. Metrics whose source app has not landed yet (the
model does not exist) are *unavailable*: the dashboard shows them as such and never crashes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


@dataclass(frozen=True)
class Metric:
    """One rolled-up figure."""

    name: str
    label: Any
    model: str
    date_field: str | None = None
    grid: str | None = None
    unit: str | None = None
    sector: str | None = None
    # A field path, or a callable giving an expression (e.g. the minutes-to-contact bucket).
    key: str | Callable[[], Any] | None = None
    # A field path, or a callable giving an expression (e.g. seconds to first contact).
    total: str | Callable[[], Any] | None = None
    where: Callable[[], Q] | None = None
    # Fields that must exist on the model (a source app may still be reshaping its models).
    requires: tuple[str, ...] = field(default=())
    # Counted live through the model's own ``restrict`` instead of the rollup: for small
    # tables whose scope rule the rollup's paths cannot express (units: own unit and children).
    live: bool = False
    # Other models whose changes make this metric stale (e.g. family members → protected), as
    # "app.Model" (the whole metric) or "app.Model:path" (the path from that row to the source
    # row, whose week alone is then re-aggregated).
    watch: tuple[str, ...] = field(default=())

    def model_class(self) -> type[models.Model] | None:
        """The source model, or ``None`` while its app has not landed."""
        app_label, _dot, model_name = self.model.partition(".")
        if not apps.is_installed(f"fanzha.{app_label}"):
            return None
        try:
            model = apps.get_model(app_label, model_name)
        except LookupError:
            return None
        for path in self.requires:
            if not _has_path(model, path):
                return None
        return model

    @property
    def available(self) -> bool:
        return self.model_class() is not None

    def total_expression(self) -> Any:
        """What ``Sum`` adds up, or ``None``."""
        return self.total() if callable(self.total) else self.total

    def key_expression(self) -> Any:
        """What the rows are broken down by (a field path or an expression), or ``None``."""
        return self.key() if callable(self.key) else self.key

    def source_queryset(self) -> models.QuerySet:
        model = self.model_class()
        assert model is not None, self.name
        qs = model._default_manager.all()
        if self.where is not None:
            qs = qs.filter(self.where())
        return qs


def _has_path(model: type[models.Model], path: str) -> bool:
    current: Any = model
    for part in path.split("__"):
        try:
            f = current._meta.get_field(part)
        except FieldDoesNotExist:
            return False
        current = f.related_model if f.is_relation else None
        if current is None and part != path.split("__")[-1]:
            return False
    return True


def as_of() -> date:
    """The dashboard's reference date: the setting, else the demo's today in demo mode, else
    today."""
    if settings.FANZHA_DASHBOARD_AS_OF:
        return date.fromisoformat(settings.FANZHA_DASHBOARD_AS_OF)
    if settings.DEMO:
        from fanzha.core.demo import DEMO_TODAY

        return DEMO_TODAY
    return timezone.localdate()


def coverage_birth_cutoff() -> date:
    """Residents born on or before this day count in the registration coverage denominator."""
    today = as_of()
    years = settings.FANZHA_COVERAGE_MIN_AGE
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _q(**kwargs: Any) -> Callable[[], Q]:
    return lambda: Q(**kwargs)


# Paths shared by everything attached to a resident.
_RESIDENT: dict[str, Any] = {"grid": "grid", "sector": "employer__sector_unit"}

METRICS: list[Metric] = [
    # -- the registry (foundation: always available) -------------------------------------------
    Metric("residents", _("Residents"), "people.Resident", "created_at", **_RESIDENT),
    Metric(
        "residents_16plus",
        _("Residents aged 16 and over"),
        "people.Resident",
        None,
        where=lambda: Q(birth_date__lte=coverage_birth_cutoff()),
        **_RESIDENT,
    ),
    Metric(
        "households",
        pgettext_lazy("count", "Households"),
        "people.Household",
        "created_at",
        grid="grid",
    ),
    Metric(
        "registrations",
        _("Warning registrations"),
        "registrations.Registration",
        "registered_at",
        grid="grid",
        sector="registrant__employer__sector_unit",
        total="family_count",
        watch=("registrations.FamilyMember:registration",),
    ),
    Metric(
        "app_installs",
        _("App installs"),
        "registrations.AppInstall",
        "installed_on",
        grid="resident__grid",
        sector="resident__employer__sector_unit",
    ),
    Metric(
        "places",
        _("Places"),
        "places.Place",
        "created_at",
        grid="grid",
        sector="sector_unit",
        key="kind",
    ),
    Metric("grids", _("Grids"), "org.Grid", None, grid="pk"),
    Metric("units", _("Units"), "org.Unit", None, unit="pk", key="kind", live=True),
]

METRICS_BY_NAME = {m.name: m for m in METRICS}


def register(metric: Metric) -> None:
    """Add a metric (used below for the apps that land in parallel)."""
    if metric.name not in METRICS_BY_NAME:
        METRICS.append(metric)
        METRICS_BY_NAME[metric.name] = metric
