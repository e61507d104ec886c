"""Metrics whose source apps were built in parallel with the dashboard (alerts, cases,
indicators, notices, outreach). Each is declared against the app's model and fields; while a
model or field does not exist the metric is unavailable and its figures show as such.

The definitions follow each app's own counting rules: cases use ``FANZHA_CASE_COUNT_DATE`` and
skip ``FANZHA_CASE_UNCOUNTED_STATUSES``; bans count indicators whose ban was carried out (banned,
expired or lifted since); a successful dissuasion is a task closed with outcome 3.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import (
    Case,
    DurationField,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from fanzha.dashboard.metrics import Metric, register

# Indicator statuses whose ban was carried out (fanzha.indicators.counts.BAN_CARRIED_OUT).
BAN_CARRIED_OUT = ("banned", "expired", "unbanned")


def _banned(kind: str, term: str | None = None) -> Any:
    def where() -> Q:
        q = Q(kind=kind, status__in=BAN_CARRIED_OUT, banned_at__isnull=False)
        return q & Q(ban_term=term) if term else q

    return where


def _counted_cases() -> Q:
    uncounted = getattr(settings, "FANZHA_CASE_UNCOUNTED_STATUSES", ["void", "draft"])
    return ~Q(status__in=list(uncounted))


def _seconds_to_first_contact() -> Any:
    return ExpressionWrapper(
        F("first_contact_at") - F("alert__received_at"), output_field=DurationField()
    )


class CeilMinutes(Func):
    """A duration in whole minutes, rounded up (five minutes exactly is 5, a second more 6)."""

    output_field = IntegerField()
    template = "CAST(CEIL(EXTRACT(EPOCH FROM %(expressions)s) / 60) AS integer)"

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        # SQLite durations are integer microseconds (Django's django_timestamp_diff).
        return self.as_sql(
            compiler,
            connection,
            template="CAST(CEILING(%(expressions)s / 60000000.0) AS integer)",
            **extra,
        )


# Buckets of minutes to first contact, by upper bound: the percentiles are read to the bucket's
# bound. Coarse on purpose: at ten times the demo district a finer histogram multiplies the rollup
# rows (a grid sees about twenty contacts a week, each bucket a row).
CONTACT_BUCKETS: tuple[int, ...] = (
    5,
    10,
    15,
    20,
    30,
    45,
    60,
    90,
    120,
    180,
    240,
    360,
    480,
    720,
    1440,
    2880,
)
# Everything slower than the last bucket.
CONTACT_OVERFLOW = 99999


def contact_bucket(minutes: int) -> int:
    """The bucket (its upper bound in minutes) of a whole number of minutes, as SQL computes it."""
    if minutes <= 0:
        return 0
    for upper in CONTACT_BUCKETS:
        if minutes <= upper:
            return upper
    return CONTACT_OVERFLOW


def _minutes_to_first_contact_bucket() -> Any:
    minutes = CeilMinutes(_seconds_to_first_contact())
    whens = [When(LessThanOrEqual(minutes, 0), then=Value(0))]
    whens += [When(LessThanOrEqual(minutes, upper), then=Value(upper)) for upper in CONTACT_BUCKETS]
    return Case(*whens, default=Value(CONTACT_OVERFLOW), output_field=IntegerField())


_BAN: dict[str, Any] = {
    "model": "indicators.Indicator",
    "date_field": "banned_at",
    "unit": "unit",
    "requires": ("ban_term", "banned_at", "status"),
}

register(
    Metric(
        "bans_wechat_permanent",
        _("WeChat accounts banned permanently"),
        where=_banned("wechat", "permanent"),
        **_BAN,
    )
)
register(
    Metric(
        "bans_wechat_short_term",
        _("WeChat accounts banned short-term"),
        where=_banned("wechat", "short_term"),
        **_BAN,
    )
)
register(
    Metric("bans_wechat_group", _("WeChat groups banned"), where=_banned("wechat_group"), **_BAN)
)
register(Metric("bans_qq", _("QQ accounts banned"), where=_banned("qq"), **_BAN))

register(
    Metric(
        "cases",
        _("Fraud cases"),
        "cases.Case",
        getattr(settings, "FANZHA_CASE_COUNT_DATE", "reported_at"),
        grid="grid",
        unit="victim_unit",
        sector="employer__sector_unit",
        key="fraud_type",
        total="loss",
        where=_counted_cases,
        requires=("loss", "fraud_type", "victim_unit"),
    )
)
register(
    Metric(
        "notices",
        _("三告 notices issued"),
        "notices.Notice",
        "issued_on",
        grid="case__grid",
        unit="case__victim_unit",
        sector="case__employer__sector_unit",
        key="kind",
        where=lambda: Q(status="issued"),
        requires=("issued_on", "case", "status"),
    )
)
register(
    Metric(
        "alerts",
        pgettext_lazy("count", "Warnings"),
        "alerts.Alert",
        "received_at",
        grid="task__grid",
        requires=("received_at", "task"),
        # The warning is placed by its task's grid: a task created or moved moves the count.
        watch=("alerts.Task:alert",),
    )
)
register(
    Metric(
        "dissuasions",
        _("Successful dissuasions"),
        "alerts.Task",
        "closed_at",
        grid="grid",
        total="amount_saved",
        where=lambda: Q(outcome="3"),
        requires=("outcome", "closed_at", "amount_saved"),
    )
)
register(
    Metric(
        "first_contacts",
        _("Warnings reached (first contact)"),
        "alerts.Task",
        "first_contact_at",
        grid="grid",
        # The histogram of minutes to first contact: percentiles come from summed buckets.
        key=_minutes_to_first_contact_bucket,
        total=_seconds_to_first_contact,
        where=lambda: Q(first_contact_at__isnull=False),
        requires=("first_contact_at", "alert__received_at"),
    )
)
register(
    Metric(
        "pledges",
        _("Household pledges"),
        "outreach.Pledge",
        "signed_on",
        grid="grid",
        requires=("signed_on", "grid"),
    )
)
