"""The customer's chat socket (/ws/chat/): the first frame authenticates it (key + token), the
entries after `since` are replayed in order and exactly once, then live; only their own
conversation; malformed, oversized and too-fast frames are answered with an error frame."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from walletdesk.chat.services import customer_say
from walletdesk.identity.models import User
from walletdesk.realtime import chat_customer, chat_protocol
from walletdesk.realtime.protocol import CLOSE_UNAUTHENTICATED

from .chat_fixtures import (
    agent_says,
    around_the_clock,  # noqa: F401 - the autouse fixture
    chat_with,
    client_id,
    customer_socket,
    drain,
    frames_until,
    numbered,
    open_customer,
    run_chat,
    start_chat,
)
from .conftest import TIMEOUT, assert_closed, db, receive

pytestmark = pytest.mark.django_db(transaction=True)


async def refused(communicator: Any, first: dict[str, Any]) -> dict[str, Any]:
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    await communicator.send_json_to(first)
    error = await receive(communicator)
    await assert_closed(communicator, CLOSE_UNAUTHENTICATED)
    await communicator.disconnect()
    return error


@run_chat
async def test_hello_replays_the_conversation_in_order_then_goes_live(
    make_user: Callable[..., User],
) -> None:
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    for n in range(3):
        await db(agent_says)(chat, agent, f"第{n}条")
    last = (await db(chat.refresh)()).last_seq
    communicator, hello = await open_customer(chat, since=0)
    assert hello == {
        "kind": "hello",
        "conversation": chat.key,
        "state": "active",
        "last_seq": last,
    }
    replay = await frames_until(communicator, lambda f: len(numbered(f)) == last)
    assert numbered(replay) == list(range(1, last + 1))
    assert [f["text"] for f in replay if f.get("author") == "agent"] == ["第0条", "第1条", "第2条"]
    live = await db(agent_says)(chat, agent, "Anything else?")
    frame = await receive(communicator)
    assert (frame["seq"], frame["text"], frame["author"]) == (live, "Anything else?", "agent")
    assert await drain(communicator) == []  # once, not again
    await communicator.disconnect()


@run_chat
async def test_since_replays_only_what_follows_it(make_user: Callable[..., User]) -> None:
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    for n in range(4):
        await db(agent_says)(chat, agent, f"m{n}")
    last = (await db(chat.refresh)()).last_seq
    communicator, _hello = await open_customer(chat, since=last - 2)
    frames = await frames_until(communicator, lambda f: len(numbered(f)) == 2)
    assert numbered(frames) == [last - 1, last]
    assert await drain(communicator) == []
    await communicator.disconnect()


@run_chat
async def test_a_wrong_token_and_another_conversations_key_are_refused_alike() -> None:
    mine, other = await db(start_chat)(), await db(start_chat)()
    wrong_token = await refused(
        customer_socket(),
        {"hello": {"conversation": mine.key, "token": mine.token[:-2] + "xx", "since": 0}},
    )
    other_key = await refused(
        customer_socket(), {"hello": {"conversation": other.key, "token": mine.token}}
    )
    unknown = await refused(
        customer_socket(), {"hello": {"conversation": "nosuchkey", "token": mine.token}}
    )
    assert wrong_token == other_key == unknown
    assert wrong_token["kind"] == "error"
    assert wrong_token["code"] == "unauthenticated"
    assert wrong_token["message"]  # a sentence to show, in the conversation's language


@run_chat
async def test_anything_before_hello_closes_the_socket() -> None:
    chat = await db(start_chat)()
    for first in (
        {"send": {"text": "hi", "client_id": "x"}},
        {"hello": "not an object"},
        {"hello": {"conversation": chat.key}},
        {"hello": {"conversation": chat.key, "token": chat.token, "since": -1}},
    ):
        error = await refused(customer_socket(), first)
        assert error["code"] == "unauthenticated"


@run_chat
async def test_a_socket_that_says_nothing_is_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(chat_customer, "HELLO_SECONDS", 0.2)
    communicator = customer_socket()
    connected, _ = await communicator.connect(timeout=TIMEOUT)
    assert connected
    assert (await receive(communicator))["code"] == "unauthenticated"
    await assert_closed(communicator, CLOSE_UNAUTHENTICATED)
    await communicator.disconnect()


@run_chat
async def test_malformed_oversized_and_binary_frames_get_an_error_and_the_socket_lives_on(
    make_user: Callable[..., User],
) -> None:
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    last = (await db(chat.refresh)()).last_seq
    communicator, _hello = await open_customer(chat, since=last)
    for text in (
        "not json",
        "[]",
        '{"send": 1}',
        '{"a": 1, "b": 2}',
        '{"typing": "yes"}',
        '{"read": true}',
        '{"rate": {"score": 9}}',
        '{"send": {"text": "", "client_id": "c"}}',
        "[" * 5000,
    ):
        await communicator.send_to(text_data=text)
        assert (await receive(communicator))["code"] == "malformed", text
    await communicator.send_to(text_data="x" * (chat_protocol.MAX_CHAT_FRAME_CHARS + 1))
    assert (await receive(communicator))["code"] == "too_large"
    await communicator.send_to(bytes_data=b"\x00\x01")
    assert (await receive(communicator))["code"] == "malformed"
    # Still a working socket.
    cid = client_id()
    await communicator.send_json_to({"send": {"text": "您好，还在吗？", "client_id": cid}})
    frames = await frames_until(communicator, lambda f: any(x.get("kind") == "ack" for x in f))
    ack = frames[-1]
    assert ack == {"kind": "ack", "client_id": cid, "seq": last + 1}
    await communicator.disconnect()


@run_chat
async def test_messages_past_the_per_minute_limit_are_refused_with_a_clear_error(
    make_user: Callable[..., User], settings: Any
) -> None:
    settings.CHAT_MESSAGES_PER_MINUTE = 2
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    communicator, _hello = await open_customer(chat, since=(await db(chat.refresh)()).last_seq)
    acks, errors = [], []
    for n in range(3):
        await communicator.send_json_to({"send": {"text": f"msg {n}", "client_id": client_id()}})
    while len(acks) + len(errors) < 3:
        frame = await receive(communicator)
        if frame.get("kind") == "ack":
            acks.append(frame)
        elif frame.get("kind") == "error":
            errors.append(frame)
    assert len(acks) == 2
    assert [e["code"] for e in errors] == ["rate_limited"]
    assert errors[0]["message"]
    await communicator.disconnect()


@run_chat
async def test_the_customers_own_typing_is_not_echoed_but_the_agents_arrives(
    make_user: Callable[..., User],
) -> None:
    from walletdesk.core import chatbus

    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    communicator, _hello = await open_customer(chat, since=(await db(chat.refresh)()).last_seq)
    await communicator.send_json_to({"typing": True})
    assert await drain(communicator) == []
    topic = chatbus.conversation_topic(chat.conversation.pk)
    chatbus.publish(topic, {"kind": "typing", "from": "agent", "on": True})
    assert await receive(communicator) == {"kind": "typing", "from": "agent", "on": True}
    await communicator.disconnect()


@run_chat
async def test_a_resent_message_is_acknowledged_with_its_first_number(
    make_user: Callable[..., User],
) -> None:
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    communicator, _hello = await open_customer(chat, since=(await db(chat.refresh)()).last_seq)
    cid = client_id()
    seqs = []
    for _ in range(2):
        await communicator.send_json_to({"send": {"text": "一次", "client_id": cid}})
        frames = await frames_until(communicator, lambda f: any(x.get("kind") == "ack" for x in f))
        seqs.append(frames[-1]["seq"])
    assert seqs[0] == seqs[1]
    stored = await db(customer_say)(conversation=chat.conversation, text="一次", client_id=cid)
    assert stored.entry.seq == seqs[0]
    await communicator.disconnect()
