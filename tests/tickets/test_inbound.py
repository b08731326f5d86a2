"""The one way in: threads and references, redelivery, sender matching, redaction, flood limit."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from tests.tickets.inbound_support import email
from walletdesk.core.errors import Conflict, ValidationFailed
from walletdesk.identity.models import Customer
from walletdesk.tickets.choices import MessageKind, ProblemType, Status
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.tickets.inbound import service as inbound_service
from walletdesk.tickets.models import ExternalThread, Message, Ticket
from walletdesk.tickets.services import TicketChanges, ticket_update

pytestmark = pytest.mark.django_db

# --- threads and references ------------------------------------------------------------------


def test_a_new_thread_opens_a_ticket_and_registers_it():
    result = inbound_receive(email("nobody@example.com", external_thread_id="<t1@mail>"))
    assert result.ticket_created
    assert result.message_created
    ticket = result.ticket
    assert ticket.requester is None
    assert ticket.contact == "nobody@example.com"
    assert ticket.external_threads.get().external_id == "<t1@mail>"
    assert result.message.author_kind == "customer"
    assert ticket.events.filter(field="created").exists()


def test_a_message_with_a_known_thread_appends_to_its_ticket():
    first = inbound_receive(email("a@example.com", "one", external_thread_id="<t1@mail>"))
    second = inbound_receive(email("A@Example.com", "two", external_thread_id="<t1@mail>"))
    assert not second.ticket_created
    assert second.message_created
    assert second.ticket == first.ticket
    assert [m.body for m in first.ticket.messages.order_by("id")] == ["one", "two"]
    assert Ticket.objects.count() == 1


def test_a_message_with_only_a_known_reference_appends_to_its_ticket():
    first = inbound_receive(email("a@example.com", "one", external_thread_id="<root@mail>"))
    reply = inbound_receive(
        email(
            "a@example.com",
            "two",
            external_thread_id="<unknown@mail>",
            references=("<other@mail>", "<root@mail>"),
        )
    )
    assert reply.ticket == first.ticket
    assert not reply.ticket_created


def test_a_thread_id_from_someone_else_does_not_put_words_on_their_ticket():
    victim = inbound_receive(email("victim@example.com", "mine", external_thread_id="<v@mail>"))
    intruder = inbound_receive(
        email("intruder@example.com", "change the phone number", references=("<v@mail>",))
    )
    assert intruder.ticket_created
    assert intruder.ticket != victim.ticket
    assert victim.ticket.messages.count() == 1


def test_a_customers_reply_reopens_and_a_closed_thread_moves_to_a_follow_up(
    customer: Customer, supervisor
):
    first = inbound_receive(
        InboundMessage(
            channel="chat",
            sender=Sender.signed_in(customer),
            text="Where is my top-up?",
            external_thread_id="chat-9",
        )
    )
    assert first.ticket.subject == "Where is my top-up?"  # chats have no subject line
    for status in (Status.SOLVED, Status.CLOSED):
        ticket_update(ticket=first.ticket, by=supervisor, changes=TicketChanges(status=status))
    again = inbound_receive(
        InboundMessage(
            channel="chat",
            sender=Sender.signed_in(customer),
            text="Hi",
            external_thread_id="chat-9",
        )
    )
    assert again.ticket_created
    assert ExternalThread.objects.get(external_id="chat-9").ticket == again.ticket
    third = inbound_receive(
        InboundMessage(
            channel="chat", sender=Sender.signed_in(customer), text="?", external_thread_id="chat-9"
        )
    )
    assert third.ticket == again.ticket


def test_a_reply_addressed_to_a_ticket_must_be_the_requesters_own(
    customer: Customer, make_customer, make_ticket
):
    ticket = make_ticket(requester=customer)
    ok = inbound_receive(
        InboundMessage(
            channel="portal", sender=Sender.signed_in(customer), ticket_id=ticket.pk, text="hi"
        )
    )
    assert ok.ticket == ticket
    from walletdesk.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        inbound_receive(
            InboundMessage(
                channel="portal",
                sender=Sender.signed_in(make_customer()),
                ticket_id=ticket.pk,
                text="hi",
            )
        )
    with pytest.raises(ValidationFailed):
        inbound_receive(
            InboundMessage(
                channel="portal",
                sender=Sender.signed_in(customer),
                ticket_id=ticket.pk,
                text="note",
                kind=MessageKind.NOTE,
            )
        )


# --- redelivery ------------------------------------------------------------------------------


def test_a_redelivered_message_returns_the_stored_one():
    message = email("a@example.com", "once", external_id="<m1@mail>", external_thread_id="<m1>")
    first = inbound_receive(message)
    again = inbound_receive(message)
    assert again.message == first.message
    assert again.ticket == first.ticket
    assert not again.message_created
    assert not again.ticket_created
    assert Message.objects.filter(external_id="<m1@mail>").count() == 1


def test_an_id_sent_by_someone_else_is_their_own_message_and_reveals_nothing():
    mine = inbound_receive(email("a@example.com", "mine", external_id="<m1@mail>"))
    theirs = inbound_receive(email("b@example.com", "theirs", external_id="<m1@mail>"))
    assert theirs.message_created
    assert theirs.ticket != mine.ticket
    assert theirs.message.body == "theirs"
    assert mine.ticket.messages.get().body == "mine"


def test_redelivery_to_a_closed_ticket_still_answers_the_stored_message(customer, supervisor):
    message = InboundMessage(
        channel="email", sender=Sender.signed_in(customer), subject="s", text="t", external_id="x1"
    )
    first = inbound_receive(message)
    for status in (Status.SOLVED, Status.CLOSED):
        ticket_update(ticket=first.ticket, by=supervisor, changes=TicketChanges(status=status))
    assert inbound_receive(message).message == first.message


def test_a_redelivery_that_loses_the_race_returns_the_winners_message(monkeypatch):
    """The loser's look-up runs before the winner commits (simulated here, so the test also
    runs on SQLite): its insert hits the unique index and its retry finds the winner's row."""
    message = email("a@example.com", "once", external_id="<race@mail>")
    winner = inbound_receive(message)
    real = inbound_service._stored
    calls: list[dict[str, str]] = []

    def late(**kwargs: str) -> Message | None:
        calls.append(kwargs)
        return None if len(calls) == 1 else real(**kwargs)

    monkeypatch.setattr(inbound_service, "_stored", late)
    loser = inbound_receive(message)
    assert len(calls) == 2
    assert loser.message == winner.message
    assert not loser.message_created
    assert Message.objects.filter(external_id="<race@mail>").count() == 1
    assert Ticket.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)
def test_two_concurrent_deliveries_store_one_message_and_both_get_it_back(make_customer):
    make_customer(email="racer@example.com")
    workers = 4
    start = threading.Barrier(workers)
    message = email("racer@example.com", "Wallet emptied", external_id="<dup@mail>")

    def deliver(_n: int) -> tuple[int, int, bool]:
        try:
            start.wait()
            result = inbound_receive(message)
            return result.message.pk, result.ticket.pk, result.message_created
        finally:
            connections.close_all()

    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(deliver, range(workers)))
    assert len({(m, t) for m, t, _c in results}) == 1
    assert sorted(created for _m, _t, created in results) == [False] * (workers - 1) + [True]
    assert Message.objects.filter(external_id="<dup@mail>").count() == 1
    assert Ticket.objects.count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)"
)
def test_concurrent_first_messages_of_one_thread_share_one_ticket():
    workers = 3
    start = threading.Barrier(workers)

    def deliver(n: int) -> int:
        try:
            start.wait()
            message = email("t@example.com", f"part {n}", external_thread_id="<same@mail>")
            return inbound_receive(message).ticket.pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(workers) as pool:
        tickets = set(pool.map(deliver, range(workers)))
    assert len(tickets) == 1
    assert Message.objects.filter(ticket_id=tickets.pop()).count() == workers


# --- matching the sender ---------------------------------------------------------------------


def test_an_unproven_address_matches_the_customer_but_marks_the_ticket(customer: Customer):
    result = inbound_receive(email(" XiaoMing@Example.com ", "Freeze my wallet"))
    assert result.ticket.requester == customer
    assert result.ticket.requester_verified is False
    assert result.message.sender_verified is False
    assert result.ticket.contact == "xiaoming@example.com"


def test_a_proven_address_is_a_verified_requester(customer: Customer):
    message = InboundMessage(
        channel="email", sender=Sender.email(customer.email or "", verified=True), text="hi"
    )
    result = inbound_receive(message)
    assert result.ticket.requester == customer
    assert result.ticket.requester_verified is True


def test_an_unproven_sender_never_joins_a_proven_customers_ticket(customer: Customer):
    proven = inbound_receive(
        InboundMessage(
            channel="email",
            sender=Sender.signed_in(customer),
            text="real",
            external_thread_id="<t@mail>",
        )
    )
    forged = inbound_receive(
        email(customer.email or "", "send the code to me", external_thread_id="<t@mail>")
    )
    assert forged.ticket != proven.ticket
    assert forged.ticket.requester_verified is False
    assert proven.ticket.messages.count() == 1


def test_a_phone_number_matches_in_any_spelling(make_customer):
    caller = make_customer(phone="+8613800138000")
    result = inbound_receive(
        InboundMessage(channel="phone", sender=Sender.phone("138 0013 8000"), text="call me")
    )
    assert result.ticket.requester == caller
    assert result.ticket.contact == "+8613800138000"
    assert result.ticket.requester_verified is False


# --- agent-recorded tickets ------------------------------------------------------------------


def test_an_agent_recorded_ticket_starts_with_the_customers_words(customer: Customer, agent):
    result = inbound_receive(
        InboundMessage(
            channel="phone",
            sender=Sender.signed_in(customer),
            recorded_by=agent,
            subject="Top-up missing",
            text="I topped up 100 CNY yesterday and it never arrived.",
            note="Caller sounded sure; bank reference read out.",
        )
    )
    first, note = result.ticket.messages.order_by("id")
    assert first == result.message
    assert (first.kind, first.author_kind, first.author_customer) == ("reply", "customer", customer)
    assert first.recorded_by == agent
    assert first.author_user is None
    assert (note.kind, note.author_user, note.body) == (
        "note",
        agent,
        "Caller sounded sure; bank reference read out.",
    )
    event = result.ticket.events.get(field="created")
    assert event.actor_user == agent


def test_agents_write_only_on_tickets_they_may_see(agent, make_ticket):
    hidden = make_ticket(problem_type=ProblemType.ACCOUNT_STOLEN)  # the security team's
    from walletdesk.core.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        inbound_receive(
            InboundMessage(channel="api", sender=Sender.agent(agent), ticket_id=hidden.pk, text="x")
        )
    with pytest.raises(ValidationFailed):
        inbound_receive(InboundMessage(channel="api", sender=Sender.agent(agent), text="x"))


def test_a_closed_ticket_refuses_an_addressed_reply(customer: Customer, supervisor, make_ticket):
    ticket = make_ticket(requester=customer)
    for status in (Status.SOLVED, Status.CLOSED):
        ticket_update(ticket=ticket, by=supervisor, changes=TicketChanges(status=status))
    with pytest.raises(Conflict):
        inbound_receive(
            InboundMessage(
                channel="portal", sender=Sender.signed_in(customer), ticket_id=ticket.pk, text="?"
            )
        )


@pytest.mark.parametrize(
    "message",
    [
        InboundMessage(channel="fax", sender=Sender.email("a@example.com"), text="x"),
        InboundMessage(channel="email", sender=Sender.email("   "), text="x"),
        InboundMessage(channel="email", sender=Sender.email("a@example.com"), text=""),
        InboundMessage(
            channel="email", sender=Sender.email("a@example.com"), text="x", external_id="i" * 256
        ),
    ],
)
def test_malformed_messages_are_refused_and_nothing_is_stored(message: InboundMessage):
    with pytest.raises(ValidationFailed):
        inbound_receive(message)
    assert not Ticket.objects.exists()
