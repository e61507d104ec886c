"""Finding warning leads by the target's number: the queue, the leads list and the API filter
by a whole mobile number (through the blind index: numbers are stored encrypted); a partial
number is refused with the reason, never ignored; and the task page lists the other leads for
the same number in the user's area."""

from __future__ import annotations

import pytest

from fanzha.alerts.intake import ingest
from fanzha.alerts.models import Alert, Task
from fanzha.alerts.tests.helpers import item

pytestmark = pytest.mark.django_db


def _task(phone: str, **extra) -> Task:
    result = ingest([item(phone, **extra)])[0]
    return Task.objects.get(alert_id=result.alert_id)


@pytest.fixture
def worker(world, client_for):
    return client_for(world.user("east_worker"))


def _queue_ids(response) -> set[int]:
    html = response.content.decode()
    return {t.pk for t in Task.objects.all() if f"/alerts/tasks/{t.pk}/" in html}


def test_the_queue_finds_the_tasks_of_a_whole_number(world, worker):
    first, second = world.phones["east"][:2]
    mine = [_task(first), _task(first, level="low")]
    other = _task(second)
    response = worker.get("/alerts/", {"phone": first})
    assert response.status_code == 200
    assert _queue_ids(response) == {t.pk for t in mine}
    # Spaces and the +86 prefix are the same number.
    spaced = f"+86 {first[:3]} {first[3:7]} {first[7:]}"
    assert _queue_ids(worker.get("/alerts/", {"phone": spaced})) == {t.pk for t in mine}
    assert _queue_ids(worker.get("/alerts/", {"phone": ""})) == {*(t.pk for t in mine), other.pk}


def test_a_partial_number_in_the_queue_shows_the_reason_and_no_rows(world, worker):
    task = _task(world.phones["east"][0])
    response = worker.get("/alerts/", {"phone": world.phones["east"][0][:7]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "请输入完整的 11 位手机号码。" in html
    assert f"/alerts/tasks/{task.pk}/" not in html


def test_another_bad_filter_on_the_leads_list_is_reported_and_left_out(world, worker):
    task = _task(world.phones["east"][0])
    html = worker.get("/alerts/leads/", {"level": "urgent"}).content.decode()
    assert 'class="has-error"' in html and "选择一个有效的选项" in html
    assert f"/alerts/leads/{task.alert_id}/" in html


def test_the_leads_list_filters_by_number(world, worker):
    first, second = world.phones["east"][:2]
    wanted, other = _task(first), _task(second)
    html = worker.get("/alerts/leads/", {"phone": first}).content.decode()
    assert f"/alerts/leads/{wanted.alert_id}/" in html
    assert f"/alerts/leads/{other.alert_id}/" not in html


def test_the_api_filters_tasks_and_alerts_by_number_and_refuses_a_partial_one(world, worker):
    first, second = world.phones["east"][:2]
    wanted, _ = _task(first), _task(second)
    tasks = worker.get("/api/v1/alerts/tasks", {"phone": first})
    assert tasks.status_code == 200, tasks.content
    assert [row["id"] for row in tasks.json()["results"]] == [wanted.pk]
    alerts = worker.get("/api/v1/alerts", {"phone": first})
    assert alerts.status_code == 200, alerts.content
    assert [row["id"] for row in alerts.json()] == [wanted.alert_id]
    for url in ("/api/v1/alerts/tasks", "/api/v1/alerts"):
        refused = worker.get(url, {"phone": first[:7]})
        assert refused.status_code == 422
        (problem,) = refused.json()["detail"]
        assert problem["loc"][-1] == "phone"
        assert problem["msg"] == "请输入完整的 11 位手机号码。"
        assert first[:7] not in refused.content.decode()


def test_the_task_page_lists_the_other_leads_for_the_number_in_my_area(world, worker):
    phone = world.phones["east"][0]
    earlier = _task(phone, level="low")
    unrelated = _task(world.phones["east"][1])
    # The same number once routed to the other side (the person moved): not in my area.
    elsewhere = _task(world.phones["west"][0])
    Alert.objects.filter(pk=elsewhere.alert_id).update(
        target_phone_index=earlier.alert.target_phone_index
    )
    task = _task(phone)
    html = worker.get(f"/alerts/tasks/{task.pk}/").content.decode()
    section = html.split('id="same-target"')[1].split("</table>")[0]
    assert f"/alerts/tasks/{earlier.pk}/" in section
    assert f"/alerts/tasks/{unrelated.pk}/" not in section
    assert f"/alerts/tasks/{elsewhere.pk}/" not in section
    assert f"/alerts/tasks/{task.pk}/" not in section
    lonely = worker.get(f"/alerts/tasks/{unrelated.pk}/").content.decode()
    assert "这是此号码的第一条预警" in lonely


def test_the_task_page_shows_the_latest_ten_and_says_there_are_more(world, worker):
    phone = world.phones["east"][0]
    tasks = [_task(phone) for _ in range(12)]
    html = worker.get(f"/alerts/tasks/{tasks[-1].pk}/").content.decode()
    section = html.split('id="same-target"')[1].split("</table>")[0]
    shown = {t.pk for t in tasks if f"/alerts/tasks/{t.pk}/" in section}
    assert shown == {t.pk for t in tasks[1:11]}
    assert "仅显示最近 10 条。" in html


def test_an_export_by_number_is_audited_without_the_number(world, client_for):
    from fanzha.audit.models import AccessRecord

    phone = world.phones["east"][0]
    _task(phone)
    client = client_for(world.user("admin"))
    export = client.get("/alerts/", {"phone": phone, "export": "xlsx"})
    assert export.status_code == 200
    b"".join(export.streaming_content)
    record = AccessRecord.objects.latest("pk")
    assert record.kind == "export"
    assert phone not in str(record.detail)
    assert "138****8000" in record.detail["query"]


def test_the_alerts_api_combines_the_number_with_its_other_filters(world, worker):
    phone = world.phones["east"][0]
    high, low = _task(phone), _task(phone, level="low", source="bank")
    assert [r["id"] for r in worker.get("/api/v1/alerts", {"phone": phone}).json()] == [
        low.alert_id,
        high.alert_id,
    ]
    by_level = worker.get("/api/v1/alerts", {"phone": phone, "level": "low"}).json()
    assert [r["id"] for r in by_level] == [low.alert_id]
    by_source = worker.get("/api/v1/alerts", {"source": "national"}).json()
    assert [r["id"] for r in by_source] == [high.alert_id]
    assert worker.get("/api/v1/alerts", {"level": "urgent"}).status_code == 422
