from datetime import timedelta

import pytest
from django.utils import timezone

from fanzha.audit.models import AccessRecord
from fanzha.core import retention


@pytest.mark.django_db
def test_it_purges_only_what_is_past_its_period(world, settings):
    settings.FANZHA_AUDIT_RETENTION_DAYS = 30
    old = AccessRecord.objects.create(kind="export", reason="old")
    recent = AccessRecord.objects.create(kind="export", reason="recent")
    AccessRecord.objects.filter(pk=old.pk).update(time=timezone.now() - timedelta(days=31))
    AccessRecord.objects.filter(pk=recent.pk).update(time=timezone.now() - timedelta(days=29))
    assert retention.purge() >= 1
    assert list(AccessRecord.objects.values_list("reason", flat=True)) == ["recent"]


def test_the_purge_runs_as_a_periodic_job():
    from fanzha.core import periodic

    assert "core.retention" in {job.name for job in periodic.jobs()}
    models = {rule.model for rule in retention.rules()}
    assert {"audit.AccessRecord", "audit.ChangeRecord"} <= models
