"""``fanzha alerts import FILE``: CSV and JSONL, streamed, per-row errors, safe to rerun."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

from fanzha.alerts.models import Alert, Task
from fanzha.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_it_imports_a_csv_and_reports_bad_rows_by_line(world, tmp_path):
    path = tmp_path / "alerts.csv"
    path.write_text(
        "source_ref,level,target_phone,fraud_type,contact\n"
        f"c1,high,{world.phones['east'][0]},SDFL,http://evil.example\n"
        f"c2,中,{world.phones['west'][0]},,\n"
        "c3,high,not-a-phone,,\n"
        f"c4,low,{world.phones['west'][1]},NOPE,\n",
        encoding="utf-8",
    )
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "alerts", "import", str(path), "--source", "provincial", "--json", stdout=out, stderr=err
    )
    assert json.loads(out.getvalue()) == {"lines": 4, "created": 2, "duplicates": 0, "rejected": 2}
    lines = err.getvalue().splitlines()
    assert lines[1].startswith("3\ttarget_phone\t")
    assert lines[2].startswith("4\tfraud_type\t")
    assert Alert.objects.get(source_ref="c1").contact_kind == "url"
    assert Alert.objects.get(source_ref="c2").level == "medium"
    assert set(Alert.objects.values_list("source", flat=True)) == {"provincial"}


def test_rerunning_a_jsonl_file_stores_nothing_twice(world, tmp_path):
    path = tmp_path / "alerts.jsonl"
    rows = [
        {
            "source": "12381",
            "source_ref": f"j{i}",
            "level": "low",
            "target_phone": world.phones["east"][i % 3],
        }
        for i in range(25)
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")
    out = io.StringIO()
    call_command(
        "alerts", "import", str(path), "--chunk", "7", "--json", stdout=out, stderr=io.StringIO()
    )
    assert json.loads(out.getvalue())["created"] == 25
    assert json.loads(out.getvalue())["rejected"] == 1
    out = io.StringIO()
    call_command(
        "alerts", "import", str(path), "--chunk", "4", "--json", stdout=out, stderr=io.StringIO()
    )
    assert json.loads(out.getvalue()) == {
        "lines": 26,
        "created": 0,
        "duplicates": 25,
        "rejected": 1,
    }
    assert Alert.objects.count() == Task.objects.count() == 25
    assert Notification.objects.count() == 25


def test_nul_and_lone_surrogates_reject_their_line_only(world, tmp_path):
    # 150 good lines so the chunk takes the bulk (COPY) path on PostgreSQL, which a NUL or a
    # lone surrogate used to fail as a whole.
    good = [
        json.dumps(
            {
                "source": "12381",
                "source_ref": f"g{i}",
                "level": "low",
                "target_phone": world.phones["east"][i % 3],
            }
        )
        for i in range(150)
    ]
    phone = world.phones["east"][0]
    bad = [
        '{"source": "12381", "source_ref": "nul\\u0000ref", "level": "low", '
        f'"target_phone": "{phone}"}}',
        '{"source": "12381", "source_ref": "s1", "level": "low", "contact": "x\\ud800", '
        f'"target_phone": "{phone}"}}',
        '{"source": "12381", "source_ref": "s2", "level": "low", "extra": {"note": "\\udfff"}, '
        f'"target_phone": "{phone}"}}',
    ]
    path = tmp_path / "alerts.jsonl"
    path.write_text("\n".join(good[:70] + bad + good[70:]) + "\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    call_command("alerts", "import", str(path), "--json", stdout=out, stderr=err)
    assert json.loads(out.getvalue()) == {
        "lines": 153,
        "created": 150,
        "duplicates": 0,
        "rejected": 3,
    }
    fields = [line.split("\t")[:2] for line in err.getvalue().splitlines()[1:]]
    assert fields == [["71", "source_ref"], ["72", "contact"], ["73", ""]]
    assert Alert.objects.count() == Task.objects.count() == 150


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="找不到文件"):
        call_command("alerts", "import", str(tmp_path / "nope.csv"))


def test_it_issues_lists_and_revokes_ingest_keys(world):
    from django.test import Client

    from fanzha.alerts.tests.helpers import item, post_json

    out = io.StringIO()
    call_command(
        "alerts",
        "issue-key",
        "省厅推送",
        "--source",
        "provincial",
        stdout=out,
        stderr=io.StringIO(),
    )
    prefix, key = out.getvalue().strip().split("\t")
    payload = item(world.phones["east"][0])
    del payload["source"]
    assert post_json(Client(), "/api/v1/alerts", payload, key).status_code == 201
    assert Alert.objects.get().source == "provincial"
    listing = io.StringIO()
    call_command("alerts", "keys", stdout=listing)
    assert f"{prefix}\tprovincial\tactive" in listing.getvalue()
    call_command("alerts", "revoke-key", prefix, stdout=io.StringIO())
    assert (
        post_json(Client(), "/api/v1/alerts", item(world.phones["east"][1]), key).status_code == 401
    )
    with pytest.raises(CommandError):
        call_command("alerts", "revoke-key", prefix)
    with pytest.raises(CommandError):
        call_command("alerts", "revoke-key", "nosuchkey")
    # Both are in the change log, as when done on the page (no staff member behind them).
    from fanzha.audit.models import ChangeRecord

    logged = ChangeRecord.objects.filter(model="accounts.apikey").order_by("pk")
    assert [(r.action, r.user_id) for r in logged] == [("create", None), ("update", None)]
    assert key not in str([r.after for r in logged])
