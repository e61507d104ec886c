"""In a real browser: an alert posted to the API appears in the grid worker's queue without a
reload, with a countdown; the worker opens it on a phone and records a successful dissuasion."""

from __future__ import annotations

import json
import re
import urllib.request

import pytest

from fanzha.alerts.models import Task
from fanzha.alerts.tests.helpers import ingest_key, item
from fanzha.core.testing.world import PASSWORD

pytestmark = [pytest.mark.browser]


def _post_alert(live_server, key: str, payload: dict) -> dict:
    request = urllib.request.Request(  # noqa: S310 - the test's own live server
        f"{live_server.url}/api/v1/alerts",
        data=json.dumps(payload).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {key}"},
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        assert response.status == 201
        return json.loads(response.read())


def test_a_posted_alert_appears_in_the_queue_and_is_handled_on_a_phone(
    transactional_db, world, live_server, phone_page, browser_login, settings
):
    settings.FANZHA_ALERT_QUEUE_POLL_SECONDS = 1
    page = phone_page
    browser_login(page, live_server, "east_worker", PASSWORD)
    page.goto(f"{live_server.url}/alerts/")
    assert page.locator("#queue-rows").inner_text().strip() == "暂无未办结任务。"

    key = ingest_key()
    created = _post_alert(live_server, key, item(world.phones["east"][0], level="high"))
    # A west alert must never show up in the east worker's queue.
    _post_alert(live_server, key, item(world.phones["west"][0], level="high"))
    row = page.locator(f"#task-{created['task_id']}")
    row.wait_for(timeout=10000)  # appears by polling, no reload
    assert "138****8000" in row.inner_text()
    assert page.locator("#queue-rows tr").count() == 1
    countdown = row.locator("[data-due]")
    assert re.match(r"^(9|10):\d\d$|^0?9:\d\d$", countdown.inner_text()), countdown.inner_text()

    row.locator("a").first.click()
    page.wait_for_selector("#attempt-form")
    page.select_option("#id_channel", "phone")
    page.select_option("#id_outcome", "3")
    page.fill("#id_amount_saved", "8800.50")
    page.fill("#id_note", "及时劝阻，未转账")
    page.click("#attempt-form button[type=submit]")
    page.wait_for_selector("#attempts td:has-text('及时劝阻')")
    assert "8800.50" in page.locator("#attempts").inner_text()
    task = Task.objects.get(pk=created["task_id"])
    assert task.first_contact_at is not None
    assert str(task.amount_saved) == "8800.50"

    page.once("dialog", lambda dialog: dialog.accept())
    page.select_option("#close-form select", "3")
    page.click("#close-form button[type=submit]")
    page.wait_for_selector("#task-outcome")
    task.refresh_from_db()
    assert (task.status, task.outcome) == ("closed", "3")


def test_a_stale_attempt_form_is_refused_in_the_browser(
    transactional_db, world, live_server, browser_page, browser_login
):
    from fanzha.alerts.handling import AttemptData, record_attempt
    from fanzha.alerts.intake import ingest

    task = Task.objects.get(alert_id=ingest([item(world.phones["east"][0])])[0].alert_id)
    page = browser_page
    browser_login(page, live_server, "east_worker", PASSWORD)
    page.goto(f"{live_server.url}/alerts/tasks/{task.pk}/")
    # Meanwhile the officer records an attempt on the same task.
    record_attempt(
        task, world.user("east_officer"), task.version, AttemptData(channel="phone", outcome="1")
    )
    page.select_option("#id_outcome", "3")
    with page.expect_response(re.compile(r"/attempt/$")) as response:
        page.click("#attempt-form button[type=submit]")
    assert response.value.status == 409
    page.wait_for_selector("text=此任务已被他人修改")
    assert task.attempts.count() == 1
