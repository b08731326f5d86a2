"""Chats made through the chat's own services, the way the widget makes them."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from walletdesk.chat import services
from walletdesk.chat.choices import Origin, Presence
from walletdesk.chat.models import Conversation
from walletdesk.identity.models import Customer, User
from walletdesk.vocab.choices import ProblemType

_ids = itertools.count(1)


@pytest.fixture(autouse=True)
def _chat_all_day(settings: Any) -> None:
    """Chats are answered around the clock here: the tests must not depend on the hour."""
    settings.CHAT_HOURS = ""


def say(conversation: Conversation, text: str) -> None:
    services.customer_say(conversation=conversation, text=text, client_id=f"c-{next(_ids)}")


def start_chat(
    *,
    customer: Customer | None = None,
    visitor_name: str = "Visitor Vic",
    visitor_contact: str = "vic@example.net",
    problem_type: str = ProblemType.TOPUP_NOT_CREDITED,
    language: str = "en",
    first: str = "My top-up did not arrive.",
) -> Conversation:
    if customer is not None:
        started = services.conversation_start(
            origin=Origin.PORTAL, language=language, problem_type=problem_type, customer=customer
        )
    else:
        started = services.conversation_start(
            origin=Origin.EMBED,
            language=language,
            problem_type=problem_type,
            visitor_name=visitor_name,
            visitor_contact=visitor_contact,
            site="https://shop.example",
        )
    conversation = started.conversation
    say(conversation, first)
    return conversation


def queued(conversation: Conversation) -> Conversation:
    services.queue_join(conversation=conversation)
    conversation.refresh_from_db()
    return conversation


@pytest.fixture
def chat_desk(make_user: Callable[..., User]) -> User:
    """Someone online for chats, with room for one and already in one: a chat joining the queue
    waits there (instead of being answered by email, or given to someone at once)."""
    user = make_user("agent", ("frontline",), username=f"desk{next(_ids)}")
    services.presence_set(
        user=user, status=Presence.ONLINE, capacity=1, languages=["en", "zh-hans"]
    )
    earlier = queued(start_chat(visitor_name="Earlier visitor", first="An earlier chat."))
    assert earlier.agent_id == user.pk
    return user


@pytest.fixture
def waiting_chat(
    chat_desk: User, make_customer: Callable[..., Customer]
) -> Callable[..., Conversation]:
    def make(**kwargs: Any) -> Conversation:
        return queued(start_chat(**kwargs))

    return make
