"""An agent's watch ends when they may no longer see the chat's ticket: passed to a team they
are not in, the conversation's later entries never reach their socket."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from walletdesk.chat.services import chat_transfer
from walletdesk.identity.models import User

from .chat_fixtures import (
    around_the_clock,  # noqa: F401 - the autouse fixture
    chat_with,
    client_id,
    drain,
    frames_until,
    open_customer,
    run_chat,
)
from .conftest import db
from .test_chat_agent import open_agent, watch

pytestmark = pytest.mark.django_db(transaction=True)


@run_chat
async def test_a_chat_passed_to_another_team_stops_reaching_the_agent(
    make_user: Callable[..., User],
) -> None:
    owner = await db(make_user)("agent", ("frontline",))
    chat = await db(chat_with)(owner)
    last = (await db(chat.refresh)()).last_seq
    communicator = await open_agent(owner)
    assert (await watch(communicator, chat.key, since=last))["kind"] == "hello"
    supervisor = await db(make_user)("supervisor", ("management",))
    await db(make_user)("agent", ("security",))  # the team it is passed to
    await db(chat_transfer)(conversation=chat.conversation, by=supervisor, to_team="security")
    customer, _hello = await open_customer(chat, since=last)
    await customer.send_json_to({"send": {"text": "我的账户被盗了", "client_id": client_id()}})
    await frames_until(customer, lambda f: any(x.get("kind") == "ack" for x in f))
    later = await drain(communicator)
    assert [f for f in later if f.get("text") == "我的账户被盗了"] == []
    assert [f["conversation"] for f in later if f.get("code") == "not_found"] == [chat.key]
    await communicator.send_json_to({"typing": {"conversation": chat.key, "on": True}})
    assert (await frames_until(communicator, lambda f: bool(f)))[0]["code"] == "not_watching"
    await customer.disconnect()
    await communicator.disconnect()
