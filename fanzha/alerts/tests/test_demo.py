"""The demo builder: a year of alerts through the real intake, the article's dissuasions."""

from __future__ import annotations

import random

import pytest

from fanzha.alerts.choices import Outcome, TaskStatus
from fanzha.alerts.models import Alert, Attempt, Task
from fanzha.core.demo import DemoContext
from fanzha.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_it_builds_a_year_of_alerts_with_the_articles_dissuasions():
    from importlib import import_module

    ctx = DemoContext(seed=7, scale=0.02, rng=random.Random(7), log=lambda m: None)
    for name in ("fanzha.org.demo", "fanzha.people.demo", "fanzha.registrations.demo"):
        import_module(name).build(ctx)
    import_module("fanzha.alerts.demo").build(ctx)
    assert Alert.objects.count() == ctx.n(3200)
    assert Task.objects.filter(outcome=Outcome.DISSUADED).count() == ctx.n(296)
    open_tasks = Task.objects.exclude(status=TaskStatus.CLOSED)
    assert open_tasks.count() == 12
    assert all(t.alert.created_at.date() == ctx.today for t in open_tasks)
    closed = Task.objects.filter(status=TaskStatus.CLOSED)
    assert not closed.filter(first_contact_at__isnull=True).exists()
    assert Attempt.objects.filter(task__in=closed).values("task").distinct().count() == (
        closed.count()
    )
    assert Task.objects.filter(grid__isnull=False).count() > Task.objects.count() // 2
    first = Alert.objects.order_by("created_at").first()
    assert (ctx.today - first.created_at.date()).days > 300
    assert Notification.objects.filter(purpose="alert_warning", status="pending").count() == 12
