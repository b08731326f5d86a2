"""Every browser test's Chromium: Debian's (/usr/bin/chromium), driven by Playwright; nothing
downloads. Loaded as a plugin by the root conftest, so every `browser` fixture uses it."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import pytest
from django.db import connection

CHROMIUM = os.environ.get("WALLETDESK_CHROMIUM", "/usr/bin/chromium")


T = TypeVar("T")


@pytest.fixture(scope="session")
def browser_type_launch_args(
    browser_type_launch_args: dict[str, Any], django_db_setup: None
) -> dict[str, Any]:
    """The system Chromium; the test database exists before Playwright starts its loop."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}; `make test` installs it with apt-get.")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


def off_loop(make: Callable[[], T]) -> T:
    """Run set-up through the services on a thread without an event loop, as the server does
    (their on-commit realtime nudges cannot be sent from inside Playwright's loop)."""

    def run() -> T:
        try:
            return make()
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(run).result()
