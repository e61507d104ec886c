"""Take the README screenshot: sign in to a running demo server and capture the dashboard.

FANZHA_MODE=demo .venv/bin/fanzha runserver 127.0.0.1:8765 --noreload &
.venv/bin/python scripts/screenshot.py http://127.0.0.1:8765 docs/screenshot.png [path]
"""

from __future__ import annotations

import os
import sys

from playwright.sync_api import sync_playwright


def main() -> None:
    base, out = sys.argv[1], sys.argv[2]
    path = sys.argv[3] if len(sys.argv) > 3 else "/dashboard/"
    password = os.environ.get("FANZHA_DEMO_PASSWORD", "fanzha-demo-2021")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=os.environ.get("FANZHA_CHROMIUM", "/usr/bin/chromium"),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1440, "height": 900}, locale="zh-CN")
        page.goto(f"{base}/accounts/login/")
        page.fill("#id_username", "admin")
        page.fill("#id_password", password)
        page.click("button[type=submit]")
        page.wait_for_load_state("networkidle")
        page.goto(f"{base}{path}", timeout=180_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(1500)  # let the charts finish their animation
        page.screenshot(path=out)
        browser.close()


if __name__ == "__main__":
    main()
