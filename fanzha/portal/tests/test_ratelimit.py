"""Rate limits: per IP on every form, per phone number on code sending and registration,
counted in the database so every web worker shares them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client
from django.utils import timezone

from fanzha.portal.models import RateCounter
from fanzha.portal.ratelimit import Limit, client_ip, hit

pytestmark = pytest.mark.django_db


def test_it_allows_the_limit_and_refuses_the_next_hit(settings):
    settings.FANZHA_PORTAL_RATE_IP = "3/60"
    now = timezone.now()
    assert [hit("form", "1.2.3.4", "FANZHA_PORTAL_RATE_IP", now=now) for _ in range(4)] == [
        True,
        True,
        True,
        False,
    ]
    # Another subject and another form have their own slots.
    assert hit("form", "5.6.7.8", "FANZHA_PORTAL_RATE_IP", now=now)
    assert hit("other", "1.2.3.4", "FANZHA_PORTAL_RATE_IP", now=now)
    # The next window starts afresh.
    assert hit("form", "1.2.3.4", "FANZHA_PORTAL_RATE_IP", now=now + timedelta(seconds=61))
    assert RateCounter.objects.filter(count=3).count() == 1


def test_it_refuses_a_bad_limit_setting(settings):
    settings.FANZHA_PORTAL_RATE_IP = "lots"
    with pytest.raises(ImproperlyConfigured):
        Limit.parse("FANZHA_PORTAL_RATE_IP")


@pytest.mark.parametrize(
    "url,data",
    [
        ("/portal/check/", {"text": "你好"}),
        ("/portal/lookup/", {"kind": "phone", "value": "13312345678"}),
        ("/portal/report/", {"kind": "phone", "value": "bad", "what_happened": "x"}),
        ("/portal/pledge/", {"name": "x", "id_number": "1", "agree": "on"}),
        ("/portal/quiz/0/", {"choice": "0"}),
    ],
)
def test_it_limits_every_form_per_ip(world, settings, url, data):
    settings.FANZHA_PORTAL_RATE_IP = "2/3600"
    client = Client(REMOTE_ADDR="10.0.0.1")
    assert client.post(url, data).status_code != 429
    assert client.post(url, data).status_code != 429
    refused = client.post(url, data)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 3600
    assert "请稍后再试" in refused.content.decode() or refused.status_code == 429
    # Another address is not affected.
    assert Client(REMOTE_ADDR="10.0.0.2").post(url, data).status_code != 429


def test_it_limits_code_sending_per_phone_across_addresses(world, settings):
    from fanzha.notifications.models import Notification

    settings.FANZHA_PORTAL_RATE_CODE_PHONE = "2/900"
    for address in ("10.0.0.1", "10.0.0.2"):
        response = Client(REMOTE_ADDR=address).post(
            "/portal/register/phone/", {"phone": "13700137000"}
        )
        assert response.status_code == 302
    third = Client(REMOTE_ADDR="10.0.0.3").post("/portal/register/phone/", {"phone": "13700137000"})
    assert third.status_code == 429
    assert Notification.objects.count() == 2


def test_it_limits_code_sending_per_ip(world, settings):
    settings.FANZHA_PORTAL_RATE_CODE_IP = "1/3600"
    client = Client(REMOTE_ADDR="10.0.0.9")
    assert client.post("/portal/register/phone/", {"phone": "13700137000"}).status_code == 302
    assert client.post("/portal/register/phone/", {"phone": "13700137001"}).status_code == 429


def test_it_limits_registration_attempts_per_phone(world, settings):
    from fanzha.portal.tests.helpers import registration_post

    settings.FANZHA_PORTAL_RATE_PHONE = "1/3600"
    client = Client(REMOTE_ADDR="10.0.0.1")
    client.post("/portal/register/phone/", {"phone": "13700137000"})
    assert client.post("/portal/register/", registration_post(world, "000000")).status_code == 200
    assert client.post("/portal/register/", registration_post(world, "000000")).status_code == 429


def test_it_reads_the_client_address_behind_trusted_proxies(settings, rf):
    request = rf.get("/", REMOTE_ADDR="172.16.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    settings.FANZHA_PORTAL_TRUSTED_PROXIES = 0
    assert client_ip(request) == "172.16.0.1"
    settings.FANZHA_PORTAL_TRUSTED_PROXIES = 1
    assert client_ip(request) == "203.0.113.7"  # the forged left end is ignored


def test_it_purges_old_windows(settings):
    from fanzha.portal.ratelimit import purge

    hit("form", "1.1.1.1", "FANZHA_PORTAL_RATE_IP", now=timezone.now() - timedelta(days=3))
    hit("form", "1.1.1.1", "FANZHA_PORTAL_RATE_IP")
    assert purge() == 1
    assert RateCounter.objects.count() == 1
