"""Bulk import of platform replies: all rows or none, with a per-row report."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from fanzha.indicators.counts import ban_counts
from fanzha.indicators.models import Indicator, PlatformReplyImport
from fanzha.indicators.sightings import record_sighting
from fanzha.indicators.transitions import move

pytestmark = pytest.mark.django_db


def _submitted(world, kind, value):
    indicator = record_sighting(kind, value, "staff", user=world.user("east_officer"))
    for target in ("verified", "submitted"):
        indicator = move(indicator, target)
    return indicator


def _upload(client, text, encoding="utf-8"):
    upload = SimpleUploadedFile("replies.csv", text.encode(encoding), content_type="text/csv")
    return client.post("/indicators/imports/add/", {"file": upload})


def test_it_applies_every_row_of_a_clean_file(world, client_for):
    _submitted(world, "wechat", "wx_fraud_1")
    _submitted(world, "wechat", "wx_fraud_2")
    _submitted(world, "qq", "10001000")
    _submitted(world, "wechat_group", "高收益理财群")
    until = (timezone.localdate() + timedelta(days=30)).isoformat()
    text = (
        "类型,账号,结果,期限,截止日期,平台单号,原因\n"
        "微信账号,WX_FRAUD_1,封禁,永久,,WX-9,\n"
        f"wechat,wx_fraud_2,banned,short_term,{until},WX-10,\n"
        "qq,1000 1000,banned,permanent,,QQ-1,\n"
        "wechat_group,高收益理财群,驳回,,,,群已解散\n"
    )
    client = client_for(world.user("east_officer"))
    response = _upload(client, text, "gb18030")
    imported = PlatformReplyImport.objects.get()
    assert response["Location"] == f"/indicators/imports/{imported.pk}/"
    assert (imported.status, imported.rows_total, imported.rows_failed) == ("applied", 4, 0), [
        r["errors"] for r in imported.report
    ]
    counts = ban_counts(Indicator.objects.all())
    assert (counts.wechat_permanent, counts.wechat_short_term, counts.qq, counts.wechat_groups) == (
        1,
        1,
        1,
        0,
    )
    assert Indicator.objects.get(value="高收益理财群").status == "rejected"


def test_a_bad_row_applies_nothing_and_is_reported(world, client_for):
    _submitted(world, "wechat", "wx_ok")
    record_sighting("wechat", "wx_pending", "staff", user=world.user("east_officer"))
    text = (
        "kind,value,result,term,until\n"
        "wechat,wx_ok,banned,permanent,\n"
        "wechat,wx_pending,banned,permanent,\n"
        "wechat,wx_unknown,banned,permanent,\n"
        "fax,123,banned,permanent,\n"
        "wechat,wx_ok,banned,short_term,2001-01-01\n"
    )
    client = client_for(world.user("east_officer"))
    _upload(client, text)
    imported = PlatformReplyImport.objects.get()
    assert (imported.status, imported.rows_total, imported.rows_failed) == ("failed", 5, 4)
    errors = {row["line"]: row["errors"] for row in imported.report}
    assert errors[2] == []
    assert errors[3] and errors[4] and errors[5] and errors[6]
    assert Indicator.objects.get(value="wx_ok").status == "submitted"
    page = client.get(f"/indicators/imports/{imported.pk}/").content.decode()
    assert "wx_unknown" in page


def test_a_file_without_the_columns_is_refused_clearly(world, client_for):
    client = client_for(world.user("east_officer"))
    _upload(client, "foo,bar\n1,2\n")
    imported = PlatformReplyImport.objects.get()
    assert imported.status == "failed"
    assert imported.report[0]["errors"]


def test_the_west_cannot_ban_east_indicators_by_import(world, client_for):
    _submitted(world, "wechat", "wx_east")
    client = client_for(world.user("west_officer"))
    _upload(client, "kind,value,result,term\nwechat,wx_east,banned,permanent\n")
    assert PlatformReplyImport.objects.get().status == "failed"
    assert Indicator.objects.get(value="wx_east").status == "submitted"
    east = client_for(world.user("east_officer"))
    imported = PlatformReplyImport.objects.get()
    assert east.get(f"/indicators/imports/{imported.pk}/").status_code == 404
