"""Every event kind survives the channel layer (JSON, as Redis carries it) unchanged, and the
browser's wire format stays `{"kind", "ticket", "message"}`."""

from __future__ import annotations

import json

import pytest

from walletdesk.core.events import (
    EVENT_KINDS,
    AccessChanged,
    ChatReply,
    Event,
    MalformedEventError,
    MessageCreated,
    MessageUpdated,
    SessionsRevoked,
    TicketAudience,
    TicketCreated,
    TicketUpdated,
    customer_group,
    event_from_json,
    ticket_group,
    user_group,
)

ROUTED = TicketAudience(team_id=3, assignee_id=None)
ASSIGNED = TicketAudience(team_id=None, assignee_id=9)

SAMPLES: list[Event] = [
    SessionsRevoked(),
    AccessChanged(),
    TicketCreated(ticket=12, audience=ROUTED),
    TicketCreated(ticket=12),  # no audience: for the portal only
    TicketUpdated(ticket=12, audience=ASSIGNED),
    MessageCreated(ticket=12, message=40, audience=ROUTED),
    MessageCreated(ticket=12, message=40),
    MessageUpdated(ticket=12, message=40, audience=ROUTED),
    ChatReply(outbound=5, message=40),
]


def test_the_samples_cover_every_event_kind():
    assert {type(event) for event in SAMPLES} == set(EVENT_KINDS.values())


@pytest.mark.parametrize("event", SAMPLES, ids=repr)
def test_every_event_round_trips_through_json(event):
    carried = json.loads(json.dumps(event.to_json()))
    assert carried["kind"] == event.kind
    assert event_from_json(carried) == event


def test_the_browser_sees_ids_and_a_kind_only():
    assert MessageCreated(ticket=12, message=40, audience=ROUTED).wire() == {
        "kind": "message.created",
        "ticket": 12,
        "message": 40,
    }
    assert TicketUpdated(ticket=12, audience=ASSIGNED).wire() == {
        "kind": "ticket.updated",
        "ticket": 12,
    }
    assert AccessChanged().wire() == {"kind": "access.changed"}


@pytest.mark.parametrize(
    "data",
    [
        None,
        [],
        {},
        {"kind": "probe", "ticket": 1},
        {"kind": "ticket.updated"},
        {"kind": "ticket.updated", "ticket": "12"},
        {"kind": "ticket.updated", "ticket": True},
        {"kind": "message.created", "ticket": 12},
        {"kind": "ticket.updated", "ticket": 12, "audience": []},
        {"kind": "ticket.updated", "ticket": 12, "audience": {"team": "x", "assignee": None}},
    ],
)
def test_anything_else_is_malformed(data):
    with pytest.raises(MalformedEventError):
        event_from_json(data)


def test_group_names_are_made_in_one_place():
    assert [ticket_group(1), customer_group(2), user_group(3)] == [
        "ticket.1",
        "customer.2",
        "user.3",
    ]
