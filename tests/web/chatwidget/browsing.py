"""What the widget's browser tests share: their marks, the topic they pick, reads beside the
running server, and a check that a page fits the phone."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import OperationalError
from playwright.sync_api import Frame, Page

from tests.browser_launch import off_loop
from walletdesk.chat import services
from walletdesk.chat.choices import Origin
from walletdesk.chat.models import Conversation

T = TypeVar("T")
TYPE = "topup_not_credited"
MARKS = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    # WhiteNoise hands Django's ASGI handler file iterators; Django says so (cli.py quiets it).
    pytest.mark.filterwarnings("ignore:StreamingHttpResponse must consume synchronous iterators"),
]


def fits(page: Page | Frame) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    inner = page.evaluate("window.innerWidth")
    assert width <= inner, f"{width}px wide on a {inner}px screen"


def visitor(language: str, name: str) -> Conversation:
    started = services.conversation_start(
        origin=Origin.EMBED,
        language=language,
        problem_type=TYPE,
        visitor_name=name,
        visitor_contact=f"{name.lower()}@example.com",
    )
    services.queue_join(conversation=started.conversation)
    started.conversation.refresh_from_db()
    return started.conversation


def db(read: Callable[[], T]) -> T:
    """A read beside the server's writes. The SQLite test database is one in-memory database
    in shared-cache mode, where a reader meets "table is locked" instead of waiting for a
    writer: try again shortly, as a busy timeout would."""
    for _attempt in range(50):
        try:
            return off_loop(read)
        except OperationalError as error:
            if "locked" not in str(error):
                raise
            time.sleep(0.1)
    return off_loop(read)


def wait_for(condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "the condition did not come true in time"
        time.sleep(0.1)
