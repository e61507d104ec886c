"""An automated pass over every staff URL, as every role and as an anonymous visitor.

For each URL without parameters: an anonymous visitor is sent to the login page (or gets 401
from the API) unless the URL is public; every role gets a normal answer (never a server error),
and a page or route meant for the administrator answers 403 to everyone else."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

PUBLIC_PREFIXES = (
    "/portal/",
    "/health/",
    "/accounts/login/",
    "/static/",
    "/api/v1/openapi",
    "/api/v1/docs",
    "/api/v1/portal",
    "/api/v1/risk",
    "/api/v1/detect",
)
ROLES = ["admin", "leader", "east_liaison", "east_worker", "east_officer", "tax_liaison"]
ADMIN_ONLY = ("/audit/", "/accounts/staff/", "/accounts/api-keys/")
# Staff pages that live under the portal's prefix.
STAFF_UNDER_PUBLIC = ("/portal/submissions/", "/portal/qr/")


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            if "<" in route or "(?P" in route or "^" in route or "$" in route:
                continue
            yield "/" + route


def plain_urls() -> list[str]:
    urls = sorted(set(_walk(get_resolver().url_patterns)))
    return [u for u in urls if "logout" not in u]


@pytest.mark.django_db
def test_anonymous_visitors_reach_only_public_urls(client):
    for url in plain_urls():
        response = client.get(url)
        assert response.status_code < 500, url
        if url.startswith(PUBLIC_PREFIXES) and not url.startswith(STAFF_UNDER_PUBLIC):
            continue
        if url.startswith("/api/"):
            assert response.status_code in (401, 404, 405), url
        else:
            assert response.status_code in (302, 405), url
            if response.status_code == 302:
                assert "/accounts/login/" in response["Location"], url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_role_gets_a_proper_answer_everywhere(world, client_for, role):
    client = client_for(world.user(role))
    for url in plain_urls():
        response = client.get(url)
        assert response.status_code < 500, f"{url} as {role}: {response.status_code}"
        if url.startswith(ADMIN_ONLY) and role != "admin":
            assert response.status_code == 403, f"{url} as {role}"
