"""What a signed-in request costs: the idle timeout's session save and the second-factor check
are not paid on every request, and neither shortcut lets anyone in who should not be."""

from __future__ import annotations

import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fanzha.core.testing.world import PASSWORD


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _expiry(client: Client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def _age_session(client: Client, seconds: int) -> None:
    """Pretend the session's last save and device check were ``seconds`` ago."""
    session = client.session
    session["_fanzha_saved_at"] -= seconds
    if "_fanzha_otp_checked" in session:
        session["_fanzha_otp_checked"][3] -= seconds
    session.save()


@pytest.mark.django_db
def test_the_session_is_saved_once_per_refresh_period_not_per_request(world, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.FANZHA_SESSION_REFRESH_SECONDS = 60
    client = Client()
    client.force_login(world.user("east_liaison"))
    assert client.get("/people/residents/").status_code == 200
    first = _expiry(client)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/people/residents/").status_code == 200
        assert client.get("/api/v1/people/residents").status_code == 200
    writes = [q["sql"] for q in queries if "django_session" in q["sql"] and "UPDATE" in q["sql"]]
    assert writes == []
    assert not any("otp_totp_totpdevice" in q["sql"] for q in queries)
    assert _expiry(client) == first
    # Once the last save is a refresh period old, the next request pushes the expiry forward.
    _age_session(client, 61)
    time.sleep(0.01)
    response = client.get("/people/residents/")
    assert response.status_code == 200
    assert _expiry(client) > first
    assert response.cookies["sessionid"]["max-age"] == 1800


@pytest.mark.django_db
def test_an_idle_session_still_expires_with_a_short_timeout(world, settings):
    settings.SESSION_COOKIE_AGE = 2  # refresh period: a tenth of it, i.e. every request
    client = Client()
    client.force_login(world.user("east_liaison"))
    for _ in range(3):
        time.sleep(1.2)  # active: each request keeps the session alive beyond its age
        assert client.get("/people/residents/").status_code == 200
    time.sleep(2.2)
    assert client.get("/people/residents/").status_code == 302


@pytest.mark.django_db
def test_a_removed_device_ends_the_verified_session_at_once(world):
    user = world.user("east_officer")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    assert client.post("/accounts/login/", {"username": user.username, "password": PASSWORD})
    assert client.post("/accounts/otp/verify/", {"token": _code(device), "next": "/"})
    assert client.get("/people/residents/").status_code == 200
    assert client.get("/api/v1/people/residents").status_code == 200
    # Another device remains; the one this session was verified with is removed (lost phone).
    TOTPDevice.objects.create(user=user, name="spare", confirmed=True)
    device.delete()
    blocked = client.get("/people/residents/")
    assert blocked.status_code == 302 and "/accounts/otp/verify/" in blocked["Location"]
    assert client.get("/api/v1/people/residents").status_code == 401


@pytest.mark.django_db
def test_a_device_added_elsewhere_is_asked_for_within_the_refresh_period(world, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.FANZHA_SESSION_REFRESH_SECONDS = 60
    user = world.user("east_officer")
    client = Client()
    client.force_login(user)
    assert client.get("/people/residents/").status_code == 200  # no device: checked, kept
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)  # set up in another browser
    assert client.get("/people/residents/").status_code == 200  # within the period
    _age_session(client, 61)
    blocked = client.get("/people/residents/")
    assert blocked.status_code == 302 and "/accounts/otp/verify/" in blocked["Location"]
    assert client.get("/api/v1/people/residents").status_code == 401


@pytest.mark.django_db
def test_the_device_check_is_bound_to_the_user_of_the_session(world, settings):
    settings.SESSION_COOKIE_AGE = 1800
    settings.FANZHA_SESSION_REFRESH_SECONDS = 60
    officer = world.user("east_officer")
    TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)
    client = Client()
    client.force_login(world.user("east_liaison"))
    assert client.get("/people/residents/").status_code == 200  # the liaison has no device
    answer = client.session["_fanzha_otp_checked"]
    assert answer[2] is False
    # Signing in as someone else starts a new session; even if that answer were carried over,
    # it is not the officer's.
    client.force_login(officer)
    session = client.session
    session["_fanzha_otp_checked"] = answer
    session.save()
    blocked = client.get("/people/residents/")
    assert blocked.status_code == 302 and "/accounts/otp/verify/" in blocked["Location"]
