"""Metrics whose source apps are built in parallel (alerts, cases, indicators, notices,
outreach). Each is declared against the app's model; until that model exists the metric is
unavailable and its figures show as such."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fanzha.dashboard.metrics import Metric, register

# Filled in as each app lands (see the report for which are live).
_ = (Q, _, Metric, register)
