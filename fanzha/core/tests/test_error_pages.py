"""Error answers a person reads are Chinese pages and an API client's are JSON, never Django's
English defaults (fanzha.core.errors)."""

from __future__ import annotations

from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse

from fanzha.core import errors


def test_a_missing_page_is_a_chinese_page_with_a_way_home(db):
    response = Client().get("/no/such/page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "页面不存在" in page and 'lang="zh-hans"' in page
    assert f'href="{reverse("core:home")}"' in page
    assert "Not Found" not in page


def test_a_missing_api_path_is_json(db):
    response = Client().get("/api/v1/no-such-thing")
    assert response.status_code == 404
    assert response.json() == {
        "error": "not_found",
        "detail": "您访问的页面不存在，或已被移动或删除。",
    }


def test_a_refusal_shows_its_reason_or_a_chinese_default(world, client_for):
    response = client_for(world.user("leader")).get(reverse("cases:case_add"))
    assert response.status_code == 403
    page = response.content.decode()
    assert "无权访问" in page and "Forbidden" not in page


def test_the_failure_page_needs_no_database_and_no_session():
    """No ``db`` fixture: pytest-django refuses any query, so rendering must not make one."""
    assert get_resolver().resolve_error_handler(500) is errors.server_error
    page = errors.server_error(RequestFactory().get("/people/residents/"))
    assert page.status_code == 500 and "出错了" in page.content.decode()
    api = errors.server_error(RequestFactory().get("/api/v1/alerts"))
    assert api.status_code == 500 and api["Content-Type"] == "application/json"


def test_every_error_handler_is_ours():
    resolver = get_resolver()
    assert resolver.resolve_error_handler(400) is errors.bad_request
    assert resolver.resolve_error_handler(403) is errors.permission_denied
    assert resolver.resolve_error_handler(404) is errors.page_not_found
