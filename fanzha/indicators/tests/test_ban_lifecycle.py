"""A fraud WeChat account goes from report to permanent ban and shows in the counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from fanzha.indicators.choices import BanTerm, IndicatorStatus, RiskLevel
from fanzha.indicators.counts import ban_counts
from fanzha.indicators.lookup import risk
from fanzha.indicators.models import Indicator, Transition
from fanzha.indicators.sightings import record_sighting
from fanzha.indicators.transitions import expire_bans, move

pytestmark = pytest.mark.django_db


def test_it_takes_a_wechat_account_from_report_to_permanent_ban(world, client_for):
    officer = world.user("east_officer")
    client = client_for(officer)
    response = client.post(
        "/indicators/add/", {"kind": "wechat", "account": " Fraud_Boss01 ", "note": "居民举报"}
    )
    indicator = Indicator.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/indicators/{indicator.pk}/"
    assert indicator.value == "fraud_boss01"
    assert indicator.status == IndicatorStatus.PENDING
    assert indicator.sightings_count == 1
    assert indicator.unit == world.stations["east"]

    url = f"/indicators/{indicator.pk}/transition/"
    client.post(url, {"target": "verified"})
    client.post(url, {"target": "submitted", "platform": "微信", "platform_ref": "WX-1"})
    client.post(url, {"target": "banned", "ban_term": "permanent"})
    indicator.refresh_from_db()
    assert indicator.status == IndicatorStatus.BANNED
    assert indicator.ban_term == BanTerm.PERMANENT
    assert indicator.banned_until is None
    assert list(Transition.objects.values_list("to_status", flat=True)) == [
        "verified",
        "submitted",
        "banned",
    ]

    counts = ban_counts(Indicator.objects.all())
    assert (counts.wechat_permanent, counts.wechat_short_term, counts.wechat_groups, counts.qq) == (
        1,
        0,
        0,
        0,
    )
    page = client.get("/indicators/counts/").content.decode()
    assert "永久封禁的微信账号" in page or "1" in page
    answer = risk("wechat", "FRAUD_BOSS01")
    assert answer.level == RiskLevel.BANNED
    assert answer.sightings == 1


def test_it_refuses_a_skipped_step(world):
    indicator = record_sighting("qq", "12345678", "staff", user=world.user("east_officer"))
    with pytest.raises(ValidationError, match="不能"):
        move(indicator, IndicatorStatus.BANNED, ban_term=BanTerm.PERMANENT)
    indicator.refresh_from_db()
    assert indicator.status == IndicatorStatus.PENDING


def test_it_needs_a_reason_for_a_false_positive(world):
    indicator = record_sighting("phone", "13800000001", "staff")
    with pytest.raises(ValidationError):
        move(indicator, IndicatorStatus.FALSE_POSITIVE)
    moved = move(indicator, IndicatorStatus.FALSE_POSITIVE, reason="号码属于银行客服")
    assert moved.status == IndicatorStatus.FALSE_POSITIVE
    assert risk("phone", "+86 138 0000 0001").level == RiskLevel.UNKNOWN


def test_it_expires_short_term_bans_and_still_counts_them(world):
    indicator = record_sighting("wechat", "shortban1", "alert", "alert:1")
    for target in ("verified", "submitted"):
        indicator = move(indicator, target)
    today = timezone.localdate()
    indicator = move(
        indicator, "banned", ban_term="short_term", banned_until=today + timedelta(days=7)
    )
    assert expire_bans(today) == 0
    assert expire_bans(today + timedelta(days=8)) == 1
    indicator.refresh_from_db()
    assert indicator.status == IndicatorStatus.EXPIRED
    assert ban_counts(Indicator.objects.all()).wechat_short_term == 1
    assert risk("wechat", "shortban1").level == RiskLevel.VERIFIED


def test_it_counts_each_source_reference_once(world):
    first = record_sighting("phone", "+86 13800000002", "alert", "alert:7")
    again = record_sighting("phone", "138-0000-0002", "alert", "alert:7")
    other = record_sighting("phone", "8613800000002", "case", "case:3")
    assert first.pk == again.pk == other.pk
    assert other.sightings_count == 2
    assert other.value == "+8613800000002"


def test_the_counts_page_counts_bans_in_a_period(world, client_for):
    from datetime import datetime

    indicator = record_sighting("qq", "23456789", "alert", "alert:2")
    for target in ("verified", "submitted"):
        indicator = move(indicator, target)
    move(
        indicator, "banned", ban_term="permanent", at=timezone.make_aware(datetime(2021, 3, 1, 10))
    )
    client = client_for(world.user("admin"))
    page = client.get("/indicators/counts/", {"start": "2021-01-01", "end": "2021-03-31"})
    assert page.context["bans"].qq == 1
    page = client.get("/indicators/counts/", {"start": "2021-04-01"})
    assert page.context["bans"].qq == 0
    assert client.get("/api/v1/indicators/counts", {"end": "2021-02-28"}).json()["qq"] == 0
    assert client.get("/api/v1/indicators/counts").json()["qq"] == 1


def test_the_list_page_does_not_query_per_row(world, client_for, django_assert_max_num_queries):
    for i in range(30):
        record_sighting("qq", f"3000{i:04d}", "alert", f"alert:{i}")
    client = client_for(world.user("admin"))
    with django_assert_max_num_queries(15):
        response = client.get("/indicators/")
    assert response.context["paginator"].count == 30


def test_the_list_filter_shows_the_same_bans_as_the_counts(world, client_for):
    today = timezone.localdate()
    for i, term in enumerate(["permanent", "short_term", "permanent"]):
        indicator = record_sighting("wechat", f"listban{i}", "alert", f"alert:{i}")
        for target in ("verified", "submitted"):
            indicator = move(indicator, target)
        until = today + timedelta(days=3) if term == "short_term" else None
        indicator = move(indicator, "banned", ban_term=term, banned_until=until)
    move(indicator, "false_positive", reason="误封")
    record_sighting("wechat", "notbanned", "alert", "alert:9")
    client = client_for(world.user("admin"))
    listed = client.get("/indicators/", {"kind": "wechat", "banned": "true"})
    counts = ban_counts(Indicator.objects.all())
    assert listed.context["paginator"].count == 2
    assert counts.wechat_permanent + counts.wechat_short_term == 2
