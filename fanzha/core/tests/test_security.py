import pytest
from django.urls import reverse

from fanzha.core.models import WorkerHeartbeat


@pytest.mark.django_db
def test_pages_carry_a_strict_script_policy_and_frame_protection(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_the_login_page_has_no_inline_script(client):
    html = client.get(reverse("accounts:login")).content.decode()
    import re

    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag


@pytest.mark.django_db
def test_health_reports_database_and_worker(client, settings):
    from django.utils import timezone

    settings.FANZHA_HEALTH_REQUIRES_WORKER = True
    response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "worker": "never seen"}
    WorkerHeartbeat.objects.create(name="w1", seen_at=timezone.now())
    response = client.get(reverse("core:health"))
    assert response.status_code == 200
    assert response.json()["checks"]["worker"] == "ok"


@pytest.mark.django_db
def test_a_request_for_another_host_is_refused_with_one_warning_line(client, caplog):
    with caplog.at_level("INFO"):
        response = client.get(reverse("accounts:login"), HTTP_HOST="scanner.invalid")
    assert response.status_code == 400
    (record,) = [r for r in caplog.records if r.name == "django.security.DisallowedHost"]
    assert record.levelname == "WARNING" and record.exc_info is None
    assert "scanner.invalid" in record.getMessage()
    assert not [r for r in caplog.records if r.levelno >= 40]
