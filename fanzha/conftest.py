"""Fixtures shared by every app's tests.

- ``world``: the two-sided test district (fanzha.core.testing.world); every permission test is a
  line away: ``client_for(world.user("east_liaison"))``.
- ``client_for``: a Django test client logged in as a user.
- ``browser_page``: a Playwright page in Debian's Chromium; skipped with a clear message when
  Chromium is missing, but a failure under CI=true.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from fanzha.core.testing.world import World, build_world

# Playwright's sync API runs an event loop in the test thread; Django would then refuse ORM calls
# from that thread although they are made synchronously, so tests allow it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CHROMIUM = os.environ.get("FANZHA_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(autouse=True)
def _isolated_keys(settings: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Each test session gets its own encryption keys and data directory, never the demo's."""
    from fanzha.lib import crypto

    base = tmp_path_factory.getbasetemp()
    settings.FANZHA_KEY_FILE = str(base / "keys" / "test.keys")
    settings.FANZHA_DATA_DIR = base / "data"
    settings.MEDIA_ROOT = base / "media"
    crypto.reset_keyring()
    yield
    crypto.reset_keyring()


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def client_for() -> Callable[[Any], Client]:
    def make(user: Any) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def _chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not _chromium_available():
        message = f"Chromium not found at {CHROMIUM}: install Debian's chromium package"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield instance
        instance.close()


@pytest.fixture
def browser_page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def phone_page(browser: Any) -> Iterator[Any]:
    """A phone-sized page (390×844, touch) for the residents' portal and grid workers."""
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def login(page: Any, live_server: Any, username: str, password: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.fixture
def browser_login() -> Callable[..., None]:
    return login
