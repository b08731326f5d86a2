"""Chat tests: a frozen clock inside service hours, a recorder in place of the chat bus, and
builders for conversations and agents made through the chat's own services."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from walletdesk.chat.choices import Presence
from walletdesk.chat.models import Conversation
from walletdesk.chat.services import conversation_start, presence_set
from walletdesk.core import chatbus, clock
from walletdesk.identity.models import Customer, Role, User

# Tuesday 10:00 in Shanghai: inside the default CHAT_HOURS (08:00-22:00).
T0 = dt.datetime(2026, 12, 1, 2, 0, tzinfo=dt.UTC)
_client_ids = itertools.count(1)


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def advance(self, seconds: float) -> dt.datetime:
        self.now += dt.timedelta(seconds=seconds)
        return self.now


@pytest.fixture(autouse=True)
def moving_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    frozen = Clock(T0)
    monkeypatch.setattr(clock, "_now", lambda: frozen.now)
    return frozen


class Bus:
    """What the services published, once their transaction committed."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, dict[str, Any]]] = []

    def __call__(self, topic: str, frame: Any) -> None:
        self.sent.append((topic, dict(frame)))

    def frames(self, topic: str) -> list[dict[str, Any]]:
        return [frame for t, frame in self.sent if t == topic]

    def of(self, conversation: Conversation) -> list[dict[str, Any]]:
        return self.frames(chatbus.conversation_topic(conversation.pk))

    def clear(self) -> None:
        self.sent.clear()


@pytest.fixture(autouse=True)
def bus(monkeypatch: pytest.MonkeyPatch) -> Bus:
    recorder = Bus()
    monkeypatch.setattr(chatbus, "publish", recorder)
    return recorder


@pytest.fixture
def commit(django_capture_on_commit_callbacks: Any) -> Callable[..., Any]:
    """Run `fn(**kwargs)` as if its transaction committed (on-commit callbacks run)."""

    def run(fn: Callable[..., Any], **kwargs: Any) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return fn(**kwargs)

    return run


def client_id() -> str:
    return f"c-{next(_client_ids)}"


@pytest.fixture
def visitor_chat(db: None) -> Callable[..., Conversation]:
    def make(**kwargs: Any) -> Conversation:
        kwargs.setdefault("origin", "embed")
        kwargs.setdefault("language", "zh-hans")
        kwargs.setdefault("visitor_name", "李雷")
        kwargs.setdefault("visitor_contact", "lilei@example.com")
        return conversation_start(**kwargs).conversation

    return make


@pytest.fixture
def customer_chat(customer: Customer) -> Callable[..., Conversation]:
    def make(**kwargs: Any) -> Conversation:
        kwargs.setdefault("origin", "portal")
        kwargs.setdefault("language", "zh-hans")
        return conversation_start(customer=customer, **kwargs).conversation

    return make


@pytest.fixture
def online_agent(make_user: Callable[..., User]) -> Callable[..., User]:
    def make(
        teams: tuple[str, ...] = ("frontline",),
        languages: tuple[str, ...] = ("zh-hans",),
        capacity: int = 3,
        role: str = Role.AGENT,
        **kwargs: Any,
    ) -> User:
        user = make_user(role, teams, **kwargs)
        presence_set(
            user=user, status=Presence.ONLINE, capacity=capacity, languages=list(languages)
        )
        return user

    return make


@pytest.fixture
def no_chat_hours(settings: Any) -> None:
    settings.CHAT_HOURS = ""
