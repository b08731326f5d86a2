"""Chats for the websocket tests, made through the chat's own services: a visitor's
conversation (with the token its widget keeps), an online agent, and a conversation that
agent has been given."""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.testing import WebsocketCommunicator

from walletdesk.chat.choices import Presence
from walletdesk.chat.models import Conversation
from walletdesk.chat.services import agent_say, conversation_start, presence_set, queue_join
from walletdesk.identity.models import User
from walletdesk.realtime import chat_hub

from .conftest import ORIGIN, TIMEOUT, socket

_ids = itertools.count(1)


@dataclass
class Chat:
    conversation: Conversation
    token: str

    @property
    def key(self) -> str:
        return self.conversation.key

    def refresh(self) -> Conversation:
        self.conversation.refresh_from_db()
        return self.conversation


def client_id() -> str:
    return f"client-{next(_ids)}"


def run_chat(body: Callable[..., Awaitable[None]]) -> Callable[..., None]:
    """Like conftest.run_async, and the process's chat hub is stopped and forgotten at the end
    (every test runs on a loop of its own)."""

    @functools.wraps(body)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        async def scenario() -> None:
            await get_channel_layer().flush()
            await chat_hub.reset()
            try:
                await body(*args, **kwargs)
            finally:
                await chat_hub.reset()

        async_to_sync(scenario)()

    return wrapper


@pytest.fixture(autouse=True)
def around_the_clock(settings: Any) -> None:
    settings.CHAT_HOURS = ""  # the queue is open whenever the test runs


def start_chat(language: str = "zh-hans") -> Chat:
    started = conversation_start(
        origin="embed", language=language, visitor_name="李雷", visitor_contact="lilei@example.com"
    )
    return Chat(started.conversation, started.token)


def go_online(user: User, languages: tuple[str, ...] = ("zh-hans", "en")) -> User:
    presence_set(user=user, status=Presence.ONLINE, capacity=5, languages=list(languages))
    return user


def chat_with(agent: User, language: str = "zh-hans") -> Chat:
    """A conversation in the queue, given at once to `agent` (online, with room)."""
    go_online(agent)
    chat = start_chat(language)
    queue_join(conversation=chat.conversation)
    conversation = chat.refresh()
    assert conversation.agent_id == agent.pk, conversation.state
    return chat


def agent_says(chat: Chat, agent: User, text: str) -> int:
    return agent_say(
        conversation=chat.conversation, user=agent, text=text, client_id=client_id()
    ).entry.seq


def customer_socket(origin: tuple[bytes, bytes] | None = ORIGIN) -> WebsocketCommunicator:
    return socket("/ws/chat/", origin=origin)


async def open_customer(chat: Chat, since: int = 0) -> tuple[WebsocketCommunicator, dict[str, Any]]:
    """A customer's socket after `hello`: the communicator and the server's `hello`."""
    communicator = customer_socket()
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    await communicator.send_json_to(
        {"hello": {"conversation": chat.key, "token": chat.token, "since": since}}
    )
    hello = await communicator.receive_json_from(timeout=TIMEOUT)
    assert hello["kind"] == "hello", hello
    return communicator, hello


async def frames_until(
    communicator: WebsocketCommunicator, done: Callable[[list[dict[str, Any]]], bool]
) -> list[dict[str, Any]]:
    frames: list[dict[str, Any]] = []
    while not done(frames):
        frames.append(await communicator.receive_json_from(timeout=TIMEOUT))
    return frames


def numbered(frames: list[dict[str, Any]]) -> list[int]:
    """The entry numbers among `frames` (an ack's or a read receipt's `seq` names another)."""
    return [f["seq"] for f in frames if "seq" in f and f.get("kind") not in {"ack", "read"}]


async def drain(communicator: WebsocketCommunicator, seconds: float = 0.3) -> list[dict[str, Any]]:
    """Everything that arrives within `seconds` of quiet."""
    frames = []
    while not await communicator.receive_nothing(timeout=seconds):
        frames.append(json.loads((await communicator.receive_output())["text"]))
    return frames
