from __future__ import annotations

import pytest
from django.core import mail

from walletdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import MessageKind, Priority, ProblemType, Status
from walletdesk.tickets.models import Message, TicketEvent
from walletdesk.tickets.selectors import thread
from walletdesk.tickets.services import (
    Author,
    Provenance,
    TicketChanges,
    message_add,
    ticket_create,
    ticket_update,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32

pytestmark = pytest.mark.django_db


def test_create_opens_ticket_with_first_message_team_and_history(customer):
    ticket = ticket_create(
        channel="portal",
        requester=customer,
        subject="充值未到账",
        body="我充值了100元，银行卡已扣款，但余额没有增加。",
        steps_tried="重新登录了应用",
        problem_type=ProblemType.TOPUP_NOT_CREDITED,
    )
    assert ticket.reference == f"WD-{ticket.pk:06d}"
    assert ticket.status == Status.NEW
    assert ticket.team is not None
    assert ticket.team.code == "frontline"
    assert ticket.language == customer.preferred_language
    first = ticket.messages.get()
    assert first.author_kind == "customer"
    assert first.author_customer == customer
    assert ticket.events.filter(field="created").exists()


def test_stolen_account_is_critical_and_goes_to_security(make_ticket):
    ticket = make_ticket(problem_type=ProblemType.ACCOUNT_STOLEN, subject="钱包被盗")
    assert ticket.priority == Priority.CRITICAL
    assert ticket.team.code == "security"


@pytest.mark.parametrize(
    ("field", "value"),
    [("channel", "fax"), ("problem_type", "cosmic_rays"), ("subject", "   "), ("body", "")],
)
def test_create_rejects_bad_input(customer, field, value):
    kwargs = {"channel": "portal", "requester": customer, "subject": "Hi", "body": "Help"}
    kwargs[field] = value
    with pytest.raises(ValidationFailed):
        ticket_create(**kwargs)


def test_create_needs_a_requester_or_contact():
    with pytest.raises(ValidationFailed):
        ticket_create(channel="email", subject="Hi", body="Help")


def test_agent_reply_stamps_first_response_opens_and_emails_customer(
    make_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    with django_capture_on_commit_callbacks(execute=True):
        message_add(ticket=ticket, author=Author(user=agent), body="We are checking your top-up.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.first_response_at is not None
    assert len(mail.outbox) == 1
    assert ticket.reference in mail.outbox[0].subject
    assert "We are checking your top-up." in mail.outbox[0].body


def test_internal_note_is_hidden_from_the_customer_thread_and_sends_nothing(
    make_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = make_ticket()
    with django_capture_on_commit_callbacks(execute=True):
        message_add(ticket=ticket, author=Author(user=agent), body="Card issuer", kind="note")
    assert [m.kind for m in thread(ticket=ticket, include_internal=True)] == ["reply", "note"]
    assert [m.kind for m in thread(ticket=ticket, include_internal=False)] == ["reply"]
    assert mail.outbox == []


def test_customer_reply_reopens_a_ticket_waiting_on_them(make_ticket, agent):
    ticket = make_ticket()
    ticket_update(ticket=ticket, by=agent, changes=TicketChanges(status=Status.PENDING_CUSTOMER))
    message_add(ticket=ticket, author=Author(customer=ticket.requester), body="Here is my receipt")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.events.filter(field="status", new_value=Status.OPEN).exists()


def test_customers_cannot_write_notes_or_on_others_tickets(make_ticket, make_customer):
    ticket = make_ticket()
    with pytest.raises(PermissionDenied):
        message_add(ticket=ticket, author=Author(customer=ticket.requester), body="x", kind="note")
    with pytest.raises(PermissionDenied):
        message_add(ticket=ticket, author=Author(customer=make_customer()), body="x")


def test_agent_outside_the_team_cannot_write(make_ticket, agent):
    ticket = make_ticket(problem_type=ProblemType.ACCOUNT_STOLEN)
    with pytest.raises(PermissionDenied):
        message_add(ticket=ticket, author=Author(user=agent), body="x")


def test_status_machine_and_closed_is_final(make_ticket, agent):
    ticket = make_ticket()
    with pytest.raises(Conflict):
        ticket_update(ticket=ticket, by=agent, changes=TicketChanges(status=Status.CLOSED))
    ticket = ticket_update(ticket=ticket, by=agent, changes=TicketChanges(status=Status.SOLVED))
    assert ticket.solved_at is not None
    ticket = ticket_update(ticket=ticket, by=agent, changes=TicketChanges(status=Status.CLOSED))
    assert ticket.closed_at is not None
    with pytest.raises(Conflict):
        message_add(ticket=ticket, author=Author(customer=ticket.requester), body="one more thing")
    with pytest.raises(Conflict):
        ticket_update(ticket=ticket, by=agent, changes=TicketChanges(status=Status.OPEN))


def test_update_records_every_change(make_ticket, agent, supervisor):
    ticket = make_ticket()
    ticket_update(
        ticket=ticket,
        by=supervisor,
        changes=TicketChanges(
            priority=Priority.HIGH,
            team="payments",
            assignee_id=agent.pk,
            problem_type="payment_method",
        ),
    )
    fields = set(TicketEvent.objects.filter(ticket=ticket).values_list("field", flat=True))
    assert {"priority", "team", "assignee", "problem_type"} <= fields
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    ticket_update(ticket=ticket, by=supervisor, changes=TicketChanges(assignee_id=0))
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_update_rejects_unknown_values(make_ticket, agent):
    ticket = make_ticket()
    for changes in (
        TicketChanges(status="exploded"),
        TicketChanges(priority=7),
        TicketChanges(team="marketing"),
        TicketChanges(assignee_id=999_999),
    ):
        with pytest.raises(ValidationFailed):
            ticket_update(ticket=ticket, by=agent, changes=changes)


def test_attachments_are_stored_privately_with_sniffed_type(make_ticket, settings):
    ticket = make_ticket(uploads=[Upload("receipt.png", PNG)])
    attachment = ticket.messages.get().attachments.get()
    assert attachment.content_type == "image/png"
    assert attachment.size == len(PNG)
    path = attachment.file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert "receipt" not in path  # stored under its hash, not the sender's name
    with open(path, "rb") as fh:
        assert fh.read() == PNG


def test_message_with_attachment_only_is_allowed(make_ticket):
    ticket = make_ticket()
    msg = message_add(
        ticket=ticket,
        author=Author(customer=ticket.requester),
        body="",
        uploads=[Upload("a.png", PNG)],
    )
    assert msg.attachments.count() == 1


def test_an_external_id_is_unique_per_sender_scope(make_ticket):
    """The database backs what inbound_receive promises: one message per id and sender."""
    from django.db import IntegrityError, transaction

    ticket = make_ticket()
    author = Author(customer=ticket.requester)
    mine = Provenance(external_id="<a@b>", scope="sender-a")
    message_add(ticket=ticket, author=author, body="hi", channel="email", provenance=mine)
    with pytest.raises(IntegrityError), transaction.atomic():
        message_add(ticket=ticket, author=author, body="hi", channel="email", provenance=mine)
    theirs = Provenance(external_id="<a@b>", scope="sender-b")
    message_add(ticket=ticket, author=author, body="hi", channel="email", provenance=theirs)
    assert Message.objects.filter(external_id="<a@b>").count() == 2


def test_null_bytes_are_stripped(make_ticket):
    ticket = make_ticket(body="hello\x00world")
    assert ticket.messages.get().body == "helloworld"


def test_kind_event_cannot_be_posted(make_ticket, agent):
    with pytest.raises(ValidationFailed):
        message_add(
            ticket=make_ticket(), author=Author(user=agent), body="x", kind=MessageKind.EVENT
        )


def test_reopening_reply_announces_the_status_change(
    make_ticket, agent, django_capture_on_commit_callbacks, monkeypatch
):
    from walletdesk.tickets import events as services

    sent: list[dict] = []
    monkeypatch.setattr(services, "send_event_on_commit", lambda groups, event: sent.append(event))
    ticket = make_ticket()
    ticket_update(ticket=ticket, by=agent, changes=TicketChanges(status=Status.PENDING_CUSTOMER))
    sent.clear()
    message_add(ticket=ticket, author=Author(customer=ticket.requester), body="Still waiting")
    assert [e.kind for e in sent] == ["message.created", "ticket.updated"]
    sent.clear()
    message_add(ticket=ticket, author=Author(customer=ticket.requester), body="And now?")
    assert [e.kind for e in sent] == ["message.created"]  # already open: no status change


def test_customers_hear_of_status_changes_but_not_of_internal_ones(make_ticket, agent, monkeypatch):
    from walletdesk.tickets import events as services

    sent: list[list[str]] = []
    monkeypatch.setattr(services, "send_event_on_commit", lambda groups, event: sent.append(groups))
    ticket = make_ticket()
    customer_group = f"customer.{ticket.requester_id}"
    sent.clear()  # the customer does hear that their ticket was created
    ticket_update(ticket=ticket, by=agent, changes=TicketChanges(priority=Priority.HIGH))
    ticket_update(ticket=ticket, by=agent, changes=TicketChanges(assignee_id=agent.pk))
    assert all(customer_group not in groups for groups in sent)
    ticket_update(ticket=ticket, by=agent, changes=TicketChanges(status=Status.SOLVED))
    assert customer_group in sent[-1]
