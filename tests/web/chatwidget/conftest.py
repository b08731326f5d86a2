"""The widget's fixtures: a shared identity secret, an allowed embedding site, JSON posting; for
the browser tests the whole ASGI app under uvicorn, a page on another origin, a 360 px phone."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

from tests.browser_launch import off_loop
from tests.web.chatwidget.servers import Served, asgi_server, host_page_server
from walletdesk.identity.models import Role, User

SECRET = "operator-shared-secret-for-tests-0123456789"
SITE = "https://shop.example"
PHONE: ViewportSize = {"width": 360, "height": 740}


@pytest.fixture(autouse=True)
def chat_settings(settings: Any) -> Any:
    settings.CHAT_IDENTITY_SECRET = SECRET
    settings.CHAT_ALLOWED_ORIGINS = [SITE, "http://localhost:8123"]
    settings.CHAT_HOURS = ""  # around the clock: the tests do not depend on the hour
    return settings


def post_start(client: Client, body: dict[str, Any] | str, **headers: Any) -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post("/chat/start", data=data, content_type="application/json", **headers)


# --- the browser tests' servers and phone ---------------------------------------------------


@pytest.fixture
def desk(transactional_db: None) -> Iterator[Served]:
    yield from asgi_server()


@pytest.fixture
def shop(desk: Served) -> Iterator[Served]:
    """A page on http://localhost:<port> that embeds the desk's widget (at 127.0.0.1)."""
    yield from host_page_server(desk.url, "en")


@pytest.fixture
def chat_agent(make_user: Callable[..., User]) -> User:
    # Off Playwright's loop, as the server would (the new user's realtime nudges are sent).
    return off_loop(lambda: make_user(Role.AGENT, ("frontline", "payments"), username="chat.agent"))


@pytest.fixture
def phone_at(browser: Browser, desk: Served) -> Iterator[Callable[[str], Page]]:
    """A 360 px phone in a fresh context, closed before the server stops (its sockets end
    while the database is still there)."""
    contexts: list[BrowserContext] = []

    def make(language: str) -> Page:
        context = browser.new_context(
            viewport=PHONE,
            device_scale_factor=2,
            is_mobile=True,
            has_touch=True,
            locale="zh-CN" if language == "zh-hans" else "en-US",
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
