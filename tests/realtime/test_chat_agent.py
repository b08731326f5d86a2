"""The agent's chat socket (/ws/chat/agent/): the console session; `watch` only what the
tickets' rule lets the agent see (unknown and forbidden answered alike), replay then live with
each frame naming its conversation; typing goes to the other side only; a revoked session or a
narrower access closes it like the console's socket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from walletdesk.core import chatbus
from walletdesk.core.events import send_sessions_revoked_on_commit
from walletdesk.identity.models import Team, User
from walletdesk.realtime.protocol import CLOSE_ACCESS_CHANGED, CLOSE_UNAUTHENTICATED

from .chat_fixtures import (
    around_the_clock,  # noqa: F401 - the autouse fixture
    chat_with,
    client_id,
    drain,
    frames_until,
    numbered,
    open_customer,
    run_chat,
    start_chat,
)
from .conftest import (
    assert_closed,
    assert_refused,
    console_cookie,
    db,
    open_socket,
    receive,
    socket,
)

pytestmark = pytest.mark.django_db(transaction=True)

AGENT_PATH = "/ws/chat/agent/"


async def open_agent(user: User) -> Any:
    return await open_socket(AGENT_PATH, cookie=await db(console_cookie)(user))


async def watch(communicator: Any, key: str, since: int = 0) -> dict[str, Any]:
    await communicator.send_json_to({"watch": key, "since": since})
    return await receive(communicator)


@run_chat
async def test_without_a_console_session_the_socket_is_refused() -> None:
    await assert_refused(socket(AGENT_PATH))


@run_chat
async def test_watch_replays_and_follows_a_conversation_naming_it_in_every_frame(
    make_user: Callable[..., User],
) -> None:
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    last = (await db(chat.refresh)()).last_seq
    communicator = await open_agent(agent)
    hello = await watch(communicator, chat.key)
    assert hello == {"kind": "hello", "conversation": chat.key, "state": "active", "last_seq": last}
    replay = await frames_until(communicator, lambda f: len(numbered(f)) == last)
    assert numbered(replay) == list(range(1, last + 1))
    assert {f["conversation"] for f in replay} == {chat.key}
    customer, _hello = await open_customer(chat, since=last)
    await customer.send_json_to({"send": {"text": "我的充值没到账", "client_id": client_id()}})
    frame = await receive(communicator)
    assert (frame["conversation"], frame["seq"], frame["author"]) == (
        chat.key,
        last + 1,
        "customer",
    )
    assert frame["text"] == "我的充值没到账"
    await communicator.send_json_to(
        {"send": {"conversation": chat.key, "text": "我们来查一下。", "client_id": "a-1"}}
    )
    frames = await frames_until(communicator, lambda f: any(x.get("kind") == "ack" for x in f))
    assert frames[-1] == {
        "kind": "ack",
        "conversation": chat.key,
        "client_id": "a-1",
        "seq": last + 2,
    }
    seen = await frames_until(customer, lambda f: any(x.get("seq") == last + 2 for x in f))
    assert [f["text"] for f in seen if f.get("seq") == last + 2] == ["我们来查一下。"]
    await customer.disconnect()
    await communicator.disconnect()


@run_chat
async def test_an_agent_may_not_watch_what_their_role_does_not_show_them(
    make_user: Callable[..., User],
) -> None:
    owner = await db(make_user)("agent", ("frontline",))
    chat = await db(chat_with)(owner)  # a frontline ticket: the security team does not see it
    outsider = await db(make_user)("agent", ("security",))
    communicator = await open_agent(outsider)
    forbidden = await watch(communicator, chat.key)
    unknown = await watch(communicator, "nosuchconversation")
    assert forbidden["code"] == unknown["code"] == "not_found"
    assert forbidden["message"] == unknown["message"]
    # Nothing of that conversation reaches the socket, and it may not write in it.
    await db(chatbus.publish)(
        chatbus.conversation_topic(chat.conversation.pk), {"kind": "typing", "from": "customer"}
    )
    await communicator.send_json_to(
        {"send": {"conversation": chat.key, "text": "hi", "client_id": "x-1"}}
    )
    assert (await receive(communicator))["code"] == "not_watching"
    assert await drain(communicator) == []
    supervisor = await db(make_user)("supervisor", ("management",))
    lead = await open_agent(supervisor)
    assert (await watch(lead, chat.key))["kind"] == "hello"
    await lead.disconnect()
    await communicator.disconnect()


@run_chat
async def test_a_chat_without_a_ticket_is_seen_by_nobody(make_user: Callable[..., User]) -> None:
    chat = await db(start_chat)()  # still with the assistant: no ticket
    supervisor = await db(make_user)("supervisor", ("management",))
    communicator = await open_agent(supervisor)
    assert (await watch(communicator, chat.key))["code"] == "not_found"
    await communicator.disconnect()


@run_chat
async def test_typing_goes_to_the_other_side_only(make_user: Callable[..., User]) -> None:
    agent = await db(make_user)()
    chat = await db(chat_with)(agent)
    last = (await db(chat.refresh)()).last_seq
    communicator = await open_agent(agent)
    await watch(communicator, chat.key, since=last)
    customer, _hello = await open_customer(chat, since=last)
    await communicator.send_json_to({"typing": {"conversation": chat.key, "on": True}})
    assert await receive(customer) == {"kind": "typing", "from": "agent", "on": True}
    await customer.send_json_to({"typing": False})
    assert await receive(communicator) == {
        "conversation": chat.key,
        "kind": "typing",
        "from": "customer",
        "on": False,
    }
    assert await drain(communicator) == []  # its own typing did not come back
    await customer.send_json_to({"read": last})
    read = await receive(communicator)
    assert (read["kind"], read["by"], read["conversation"]) == ("read", "customer", chat.key)
    await customer.disconnect()
    await communicator.disconnect()


@run_chat
async def test_the_agents_own_topic_and_their_teams_queue_reach_the_socket(
    make_user: Callable[..., User],
) -> None:
    agent = await db(make_user)("agent", ("frontline",))
    communicator = await open_agent(agent)
    await db(chatbus.publish)(chatbus.queue_topic("frontline"), {"kind": "queue.changed"})
    assert await receive(communicator) == {"kind": "queue.changed"}
    await db(chatbus.publish)(chatbus.queue_topic("security"), {"kind": "queue.changed"})
    await db(chatbus.publish)(
        chatbus.agent_topic(agent.pk), {"kind": "chat.assigned", "conversation": "k1"}
    )
    assert await receive(communicator) == {"kind": "chat.assigned", "conversation": "k1"}
    assert await drain(communicator) == []
    await communicator.disconnect()


@run_chat
async def test_malformed_frames_are_answered_and_the_socket_lives_on(
    make_user: Callable[..., User],
) -> None:
    agent = await db(make_user)()
    communicator = await open_agent(agent)
    for text in (
        "{",
        "7",
        '{"watch": 5}',
        '{"watch": "k", "extra": 1}',
        '{"presence": "gone"}',
        '{"typing": {"conversation": "k"}}',
        '{"read": {"conversation": "k", "seq": "x"}}',
        '{"nothing": {}}',
    ):
        await communicator.send_to(text_data=text)
        frame = await receive(communicator)
        assert frame["kind"] == "error", text
        assert frame["code"] in {"malformed", "not_watching"}, (text, frame)
    await communicator.send_json_to({"ping": {}})
    assert await receive(communicator) == {"kind": "pong"}
    await communicator.disconnect()


@run_chat
async def test_a_revoked_session_closes_the_socket(make_user: Callable[..., User]) -> None:
    agent = await db(make_user)()
    communicator = await open_agent(agent)

    def revoke() -> None:
        from django.db import transaction

        with transaction.atomic():
            send_sessions_revoked_on_commit(user_id=agent.pk)

    await db(revoke)()
    await assert_closed(communicator, CLOSE_UNAUTHENTICATED)
    await communicator.disconnect()


@run_chat
async def test_a_narrower_access_closes_the_socket(make_user: Callable[..., User]) -> None:
    agent = await db(make_user)("specialist", ("payments", "security"))
    communicator = await open_agent(agent)
    security = await db(Team.objects.get)(code="security")
    await db(agent.teams.remove)(security)
    await assert_closed(communicator, CLOSE_ACCESS_CHANGED)
    await communicator.disconnect()
