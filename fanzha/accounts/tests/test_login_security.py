"""Sign-in protection: lockout after repeated failures, the TOTP second factor, idle timeout."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from fanzha.core.testing.world import PASSWORD


def attempt(client: Client, username: str, password: str):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR="10.0.0.9"
    )


@pytest.mark.django_db
def test_it_locks_a_username_out_after_five_failures(world, settings):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "east_liaison", "wrong-password").status_code == 200
    # The fifth failure locks the pair out; even the right password is refused afterwards.
    assert attempt(client, "east_liaison", "wrong-password").status_code == 429
    locked = attempt(client, "east_liaison", PASSWORD)
    assert locked.status_code == 429
    assert "登录失败次数过多" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account from the same address is not affected.
    assert attempt(Client(), "west_liaison", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_correct_password_signs_in(world):
    client = Client()
    assert attempt(client, "east_liaison", PASSWORD).status_code == 302
    assert client.get("/people/residents/").status_code == 200


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.mark.django_db
def test_a_user_with_a_device_must_enter_a_code(world):
    user = world.user("east_officer")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    assert attempt(client, "east_officer", PASSWORD).status_code == 302
    blocked = client.get("/people/residents/")
    assert blocked.status_code == 302 and "/accounts/otp/verify/" in blocked["Location"]
    assert client.get("/api/v1/people/residents").status_code == 401
    wrong = client.post("/accounts/otp/verify/", {"token": "000000", "next": "/"})
    assert "验证码错误或已过期" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles the next try for a second after a wrong code
    ok = client.post(
        "/accounts/otp/verify/", {"token": _code(device), "next": "/people/residents/"}
    )
    assert ok.status_code == 302 and ok["Location"] == "/people/residents/"
    assert client.get("/people/residents/").status_code == 200


@pytest.mark.django_db
def test_required_roles_must_set_up_a_device_first(world, settings):
    settings.FANZHA_OTP_REQUIRED_ROLES = ["admin"]
    client = Client()
    client.force_login(world.user("admin"))
    response = client.get("/people/residents/")
    assert response.status_code == 302 and response["Location"] == "/accounts/otp/setup/"
    # The staff API holds to the same rule: nothing before the second factor is set up.
    assert client.get("/api/v1/alerts/tasks").status_code == 401
    assert client.get("/api/v1/people/residents").status_code == 401
    page = client.get("/accounts/otp/setup/")
    assert "data:image/svg+xml" in page.content.decode()
    device = TOTPDevice.objects.get(user=world.user("admin"), confirmed=False)
    assert client.post("/accounts/otp/setup/", {"token": _code(device)}).status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/people/residents/").status_code == 200
    assert client.get("/api/v1/alerts/tasks").status_code == 200
    # Other roles are not forced.
    other = Client()
    other.force_login(world.user("east_liaison"))
    assert other.get("/people/residents/").status_code == 200


@pytest.mark.django_db
def test_an_idle_session_expires(world, settings):
    settings.SESSION_COOKIE_AGE = 1
    client = Client()
    client.force_login(world.user("east_liaison"))
    assert client.get("/people/residents/").status_code == 200
    time.sleep(2.1)
    assert client.get("/people/residents/").status_code == 302
