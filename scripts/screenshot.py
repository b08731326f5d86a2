"""Refresh the README screenshots from a running demo (`make run`, then this script).

.venv/bin/python scripts/screenshot.py [http://127.0.0.1:8000]
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
OUT = Path(__file__).resolve().parent.parent / "docs" / "images"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1360, "height": 820})
        page.goto(f"{BASE}/console/login/")
        page.fill("input[name=username]", "supervisor")
        page.fill("input[name=password]", "demo-supervisor-2026")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(f"{BASE}/console/")
        page.screenshot(path=OUT / "console-inbox.png")
        page.get_by_text("充值100元未到账").first.click()
        page.wait_for_load_state("networkidle")
        page.screenshot(path=OUT / "console-ticket.png", full_page=False)
        portal = browser.new_page(viewport={"width": 1200, "height": 800})
        portal.goto(f"{BASE}/login/")
        portal.fill("input[name=identifier]", "demo@walletdesk.example")
        portal.fill("input[name=password]", "demo-customer-2026")
        portal.locator("main form button[type=submit]").click()
        portal.goto(f"{BASE}/wallet/")
        portal.screenshot(path=OUT / "portal-wallet.png")
        browser.close()


if __name__ == "__main__":
    main()
