"""The one way in, continued: every text redacted before storage, and floods stopped."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.db import models

from tests.tickets.inbound_support import MASK, PNG, SECRET, email
from walletdesk.core.ratelimit import TICKETS_PER_REQUESTER, RateLimited
from walletdesk.identity.models import Customer
from walletdesk.safety.redaction import Finding, Redacted
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import Priority, ProblemType
from walletdesk.tickets.inbound import InboundMessage, Sender, SenderKind, inbound_receive
from walletdesk.tickets.models import InboundPayload, Message, Ticket

pytestmark = pytest.mark.django_db

# --- redaction -------------------------------------------------------------------------------

seen_before_storage: list[int] = []


def mask_cards(text: str, field: str) -> Redacted:
    """The test redactor: replaces a card number, and notes how many messages exist when it
    runs (none may exist yet for the message it is redacting)."""
    seen_before_storage.append(Message.objects.count())
    if SECRET not in text:
        return Redacted(text=text)
    return Redacted(text=text.replace(SECRET, MASK), findings=(Finding("card_number", field),))


def _rows_containing(needle: str) -> list[str]:
    """Every text column of every table that holds `needle` (make it longer than a few
    digits: a password hash may hold any short run of them)."""
    hits = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField | models.TextField) and field.concrete:
                lookup = {f"{field.name}__contains": needle}
                if model._default_manager.filter(**lookup).exists():
                    hits.append(f"{model._meta.label}.{field.name}")
    return hits


@pytest.fixture
def card_redactor(settings: Any) -> None:
    settings.WALLETDESK_REDACTOR = "tests.tickets.test_inbound_safety.mask_cards"
    seen_before_storage.clear()


@pytest.mark.usefixtures("card_redactor")
def test_the_redaction_hook_runs_before_anything_is_stored(customer: Customer, agent):
    result = inbound_receive(
        InboundMessage(
            channel="email",
            sender=Sender.email(customer.email or ""),
            subject=f"card {SECRET}",
            text=f"My card is {SECRET}, please check",
            steps_tried=f"typed {SECRET} twice",
            attachments=(Upload(f"{SECRET}.png", PNG),),
            raw_payload=f"From: x\r\n\r\nMy card is {SECRET}".encode(),
        )
    )
    assert seen_before_storage
    assert set(seen_before_storage) == {0}
    assert {f.field for f in result.findings} == {
        "subject",
        "body",
        "steps_tried",
        "filename",
        "raw_payload",
    }
    assert result.message.body == f"My card is {MASK}, please check"
    assert result.ticket.subject == f"card {MASK}"
    assert MASK in result.ticket.steps_tried
    assert result.message.attachments.get().filename == f"{MASK}.png"
    # A secret found anywhere: the raw payload is not kept at all.
    assert not InboundPayload.objects.exists()
    assert _rows_containing(SECRET[:9]) == []
    assert _rows_containing(MASK)  # the scan does find what is stored


@pytest.mark.usefixtures("card_redactor")
def test_an_agent_recorded_request_and_note_are_redacted_too(customer: Customer, agent):
    result = inbound_receive(
        InboundMessage(
            channel="phone",
            sender=Sender.signed_in(customer),
            recorded_by=agent,
            subject="Card",
            text=f"Customer read out {SECRET}",
            note=f"Told them never to share {SECRET}",
        )
    )
    assert result.ticket_created
    assert _rows_containing(SECRET[:9]) == []


@pytest.mark.usefixtures("card_redactor")
def test_a_clean_payload_is_kept_privately_and_capped():
    big = b"x" * (InboundPayload.MAX_BYTES + 10)
    result = inbound_receive(email("a@example.com", "hello", raw_payload=big))
    payload = InboundPayload.objects.get(message=result.message)
    assert payload.truncated
    assert len(payload.content.encode()) == InboundPayload.MAX_BYTES
    small = inbound_receive(email("b@example.com", "hello", raw_payload=b"{'ok': 1}"))
    assert InboundPayload.objects.get(message=small.message).truncated is False


def test_the_default_redactor_passes_text_through():
    result = inbound_receive(email("a@example.com", f"card {SECRET}"))
    assert result.message.body == f"card {SECRET}"
    assert result.findings == ()


# --- floods ----------------------------------------------------------------------------------


def test_ticket_creation_per_requester_is_limited(customer: Customer):
    def report(n: int) -> InboundMessage:
        return InboundMessage(
            channel="portal",
            sender=Sender.signed_in(customer),
            subject=f"Problem {n}",
            text="Help",
            problem_type=ProblemType.TOPUP_NOT_CREDITED,
        )

    for n in range(TICKETS_PER_REQUESTER.max_hits):
        inbound_receive(report(n))
    with pytest.raises(RateLimited):
        inbound_receive(report(99))
    assert Ticket.objects.count() == TICKETS_PER_REQUESTER.max_hits
    # Someone forging the customer's address has an allowance of their own.
    assert inbound_receive(email(customer.email or "", "forged")).ticket_created


def test_a_flood_of_forged_reports_does_not_use_up_the_customers_allowance(customer: Customer):
    for n in range(TICKETS_PER_REQUESTER.max_hits):
        inbound_receive(email(customer.email or "", f"spam {n}", subject=f"spam {n}"))
    with pytest.raises(RateLimited):
        inbound_receive(email(customer.email or "", "more", subject="more"))
    own = inbound_receive(
        InboundMessage(channel="portal", sender=Sender.signed_in(customer), subject="s", text="t")
    )
    assert own.ticket_created


def test_a_second_wallet_stolen_report_joins_the_open_one(customer: Customer):
    def stolen(text: str) -> InboundMessage:
        return InboundMessage(
            channel="portal",
            sender=Sender.signed_in(customer),
            subject="My wallet was stolen",
            text=text,
            problem_type=ProblemType.ACCOUNT_STOLEN,
        )

    first = inbound_receive(stolen("Someone took my money"))
    assert first.ticket.priority == Priority.CRITICAL
    results = [inbound_receive(stolen(f"Still happening {n}")) for n in range(30)]
    assert {r.ticket for r in results} == {first.ticket}
    assert not any(r.ticket_created for r in results)
    assert Ticket.objects.filter(problem_type=ProblemType.ACCOUNT_STOLEN).count() == 1
    assert first.ticket.messages.count() == 31


def test_an_unproven_stolen_report_does_not_join_the_proven_case(customer: Customer):
    proven = inbound_receive(
        InboundMessage(
            channel="portal",
            sender=Sender.signed_in(customer),
            subject="stolen",
            text="help",
            problem_type=ProblemType.ACCOUNT_STOLEN,
        )
    )
    forged = inbound_receive(
        email(customer.email or "", "it's me, unfreeze", problem_type=ProblemType.ACCOUNT_STOLEN)
    )
    assert forged.ticket != proven.ticket


def test_an_unproven_claim_to_be_a_customer_has_its_own_allowance(customer: Customer):
    claim = Sender(SenderKind.CUSTOMER, customer=customer, verified=False)
    for n in range(TICKETS_PER_REQUESTER.max_hits):
        opened = inbound_receive(
            InboundMessage(channel="chat", sender=claim, text=f"claim {n}")
        ).ticket
        assert opened.requester_verified is False
    with pytest.raises(RateLimited):
        inbound_receive(InboundMessage(channel="chat", sender=claim, text="more"))
    own = inbound_receive(
        InboundMessage(channel="portal", sender=Sender.signed_in(customer), subject="s", text="t")
    )
    assert own.ticket_created
    assert own.ticket.requester_verified
