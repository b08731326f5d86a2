"""The intake's steps: what is stored (redacted), whose transaction may be confirmed, and the
one ticket a person gets, routed by the diagnosis."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.db import connection, connections, models

from tests.intake.support import answers, declined_top_up_wallet
from walletdesk.core.errors import Conflict, ValidationFailed
from walletdesk.identity.models import Customer, TeamCode
from walletdesk.intake.diagnosis.contracts import Outcome
from walletdesk.intake.handover import (
    intake_confirm,
    intake_handover,
    intake_resolve,
    intake_start,
    intake_start_checked,
)
from walletdesk.intake.models import IntakeRequest
from walletdesk.safety.redaction import Finding, Redacted
from walletdesk.tickets.choices import MessageKind
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import MAX_STEPS_TRIED_CHARS, ticket_create
from walletdesk.wallet.errors import TransactionNotFound
from walletdesk.wallet.gateway import get_gateway

pytestmark = pytest.mark.django_db

CARD = "4111111111111111"
MASK = "[card number removed]"
seen: list[int] = []
fields_seen: list[str] = []


def mask_cards(text: str, field: str) -> Redacted:
    """Masks a card number; notes how many intake requests exist when it runs, and where."""
    seen.append(IntakeRequest.objects.count())
    fields_seen.append(field)
    if CARD not in text:
        return Redacted(text=text)
    return Redacted(text=text.replace(CARD, MASK), findings=(Finding("card_number", field),))


def _rows_containing(needle: str) -> list[str]:
    hits = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            text = isinstance(field, models.CharField | models.TextField)
            if not (getattr(field, "concrete", False) and text):
                continue
            if model._default_manager.filter(**{f"{field.name}__contains": needle}).exists():
                hits.append(f"{model._meta.label}.{field.name}")
    for request in IntakeRequest.objects.all():
        if needle in str(request.answers):
            hits.append("intake.IntakeRequest.answers")
    return hits


def _start(customer: Customer, **values: object) -> IntakeRequest:
    return intake_start(
        customer=customer, answers=answers(**values), channel="portal", language="en"
    )


def test_free_text_is_redacted_before_it_is_stored(settings: Any, wallet_customer) -> None:
    settings.WALLETDESK_REDACTOR = "tests.intake.test_handover.mask_cards"
    seen.clear()
    fields_seen.clear()
    customer, _ref = wallet_customer
    tx_hash = "ab" * 32
    request, findings = intake_start_checked(
        customer=customer,
        answers=answers(
            happened=f"My card {CARD} was charged",
            tried=f"typed {CARD} again",
            tx_hash=tx_hash,
            counterparty="Tea House",
        ),
        channel="portal",
        language="en",
    )
    # Free text is redacted; answers whose format was already checked are not.
    assert "intake.counterparty" in fields_seen
    assert "intake.tx_hash" not in fields_seen
    assert "intake.occurred_at" not in fields_seen
    assert seen
    assert set(seen) == {0}  # every text redacted before the row existed
    assert {f.field for f in findings} == {"intake.happened", "intake.tried"}
    request.refresh_from_db()
    assert request.answers["happened"] == f"My card {MASK} was charged"
    assert request.answers["tried"] == f"typed {MASK} again"
    assert request.answers["tx_hash"] == tx_hash
    assert _rows_containing(CARD) == []
    intake_handover(request)
    assert _rows_containing(CARD) == []


def test_start_refuses_unknown_codes(wallet_customer) -> None:
    customer, _ref = wallet_customer
    with pytest.raises(ValidationFailed) as error:
        intake_start(
            customer=customer, answers=answers("nonsense"), channel="pigeon", language="fr"
        )
    assert set(error.value.fields) == {"channel", "problem_type", "language"}
    assert not IntakeRequest.objects.exists()


def test_confirm_keeps_the_diagnosis_of_the_customers_own_transaction(wallet_customer) -> None:
    customer, declined = wallet_customer
    request = _start(customer)
    diagnosis = intake_confirm(request, transaction_ref=declined)
    request.refresh_from_db()
    assert request.transaction_ref == declined
    assert request.outcome == diagnosis.outcome.value
    assert request.cause == diagnosis.cause
    assert request.diagnosis == diagnosis.as_json()
    assert request.diagnosis["outcome"] == request.outcome


@pytest.mark.parametrize("whose", ["another customer's", "unknown", "no wallet"])
def test_confirm_refuses_any_transaction_but_the_customers_own(
    whose: str, wallet_customer, make_customer: Callable[..., Customer]
) -> None:
    customer, _mine = wallet_customer
    _account, theirs = declined_top_up_wallet("李四")
    if whose == "no wallet":
        customer = make_customer(wallet_account_ref="")
    request = _start(customer)
    ref = "TX-DOES-NOT-EXIST" if whose == "unknown" else theirs
    with pytest.raises(TransactionNotFound):
        intake_confirm(request, transaction_ref=ref)
    request.refresh_from_db()
    assert request.transaction_ref == ""
    assert request.diagnosis is None
    assert request.outcome == ""


def test_handover_opens_one_ticket_however_often_it_is_asked(wallet_customer) -> None:
    customer, declined = wallet_customer
    request = _start(customer)
    intake_confirm(request, transaction_ref=declined)
    first = intake_handover(request)
    again = intake_handover(IntakeRequest.objects.get(pk=request.pk))
    assert first.ticket_created
    assert not again.ticket_created
    assert again.ticket.pk == first.ticket.pk
    assert again.message.pk == first.message.pk
    assert Ticket.objects.count() == 1
    assert request.ticket == first.ticket
    assert IntakeRequest.objects.get(pk=request.pk).ticket_id == first.ticket.pk
    assert list(first.ticket.intake_requests.all()) == [request]
    with pytest.raises(Conflict):
        intake_confirm(request, transaction_ref=declined)


def test_the_ticket_holds_the_problem_first_then_what_was_tried_and_read(
    wallet_customer,
) -> None:
    customer, declined = wallet_customer
    request = _start(customer)
    intake_confirm(request, transaction_ref=declined)
    ticket = intake_handover(request).ticket
    ticket.refresh_from_db()
    first = ticket.messages.get(kind=MessageKind.REPLY)
    assert first.body == "I topped up 500 yuan at 10:15 and my balance did not change."
    assert ticket.steps_tried == (
        "I signed out and in again.\n\nHelp articles read: Why is my top-up late?, Card declined"
    )
    assert ticket.transaction_ref == declined
    assert ticket.language == "en"
    assert ticket.channel == "portal"
    assert ticket.problem_type == "topup_not_credited"
    tx = get_gateway().get_transaction(customer.wallet_account_ref, declined)
    day = tx.created_at.astimezone(ZoneInfo("Asia/Shanghai")).date().isoformat()
    # The transaction in the customer's words: they read the subject in "my requests".
    assert ticket.subject == f"Top-up not credited: {tx.amount} on {day}"
    assert declined not in ticket.subject
    assert ticket.requester == customer
    assert ticket.requester_verified


def test_the_longest_answers_still_make_a_ticket(wallet_customer) -> None:
    customer, _ref = wallet_customer
    request = _start(customer, tried="t" * 4000, articles=", ".join(["a" * 99] * 10))
    ticket = intake_handover(request).ticket
    assert len(ticket.steps_tried) == MAX_STEPS_TRIED_CHARS
    assert ticket.steps_tried.startswith("t" * 4000)
    assert ticket.steps_tried.endswith("…")


def test_the_subject_and_articles_line_follow_the_requests_language(wallet_customer) -> None:
    customer, _ref = wallet_customer
    request = intake_start(
        customer=customer, answers=answers(tried=""), channel="portal", language="zh-hans"
    )
    ticket = intake_handover(request).ticket
    assert ticket.language == "zh-hans"
    assert ticket.subject == "充值未到账"
    assert ticket.steps_tried.startswith("已阅读的帮助文章：")


@pytest.mark.parametrize(
    ("problem", "outcome", "team"),
    [
        ("topup_not_credited", Outcome.NEEDS_PERSON, TeamCode.PAYMENTS),
        ("transaction_failed", Outcome.NEEDS_PERSON, TeamCode.PAYMENTS),
        ("transaction_failed", Outcome.FIXABLE_NOW, TeamCode.FRONTLINE),
        ("transaction_failed", Outcome.WAIT, TeamCode.FRONTLINE),
        ("transaction_failed", "", TeamCode.FRONTLINE),
        ("two_factor", Outcome.NEEDS_PERSON, TeamCode.FRONTLINE),
        ("account_frozen", Outcome.NEEDS_PERSON, TeamCode.SECURITY),
    ],
)
def test_money_problems_a_person_must_finish_go_to_payments(
    problem: str, outcome: str, team: str, wallet_customer
) -> None:
    customer, _ref = wallet_customer
    request = intake_start(
        customer=customer, answers=answers(problem), channel="portal", language="en"
    )
    IntakeRequest.objects.filter(pk=request.pk).update(outcome=outcome)
    request.refresh_from_db()
    assert intake_handover(request).ticket.team is not None
    assert intake_handover(request).ticket.team.code == team


def test_resolving_ends_the_request_without_a_ticket(wallet_customer) -> None:
    customer, _ref = wallet_customer
    request = _start(customer)
    intake_resolve(request)
    intake_resolve(request)  # saying so twice changes nothing
    request.refresh_from_db()
    assert request.resolved_at is not None
    assert request.ticket is None
    assert not Ticket.objects.exists()
    # Changing their mind: a person after all, and the request no longer counts as solved.
    intake_handover(request)
    request.refresh_from_db()
    assert request.ticket is not None
    assert request.resolved_at is None
    with pytest.raises(Conflict):
        intake_resolve(request)


def test_a_ticket_cannot_start_with_an_unknown_team(customer: Customer) -> None:
    with pytest.raises(ValidationFailed) as error:
        ticket_create(
            channel="portal", subject="Hi", body="Help", requester=customer, team_code="pigeons"
        )
    assert "team" in error.value.fields
    ticket = ticket_create(
        channel="portal", subject="Hi", body="Help", requester=customer, team_code="payments"
    )
    assert ticket.team is not None
    assert ticket.team.code == "payments"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_a_double_click_opens_one_ticket(wallet_customer) -> None:
    customer, _ref = wallet_customer
    request = _start(customer)
    threads = 4
    start = threading.Barrier(threads)

    def click(_n: int) -> int:
        try:
            start.wait()
            return intake_handover(IntakeRequest.objects.get(pk=request.pk)).ticket.pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(threads) as pool:
        opened = set(pool.map(click, range(threads)))
    assert len(opened) == 1
    assert Ticket.objects.count() == 1


def test_the_same_form_started_twice_is_one_request(wallet_customer) -> None:
    customer, _ref = wallet_customer
    first = intake_start(
        customer=customer, answers=answers(), channel="portal", language="en", submission_key="k1"
    )
    again = intake_start(
        customer=customer, answers=answers(), channel="portal", language="en", submission_key="k1"
    )
    other = intake_start(
        customer=customer, answers=answers(), channel="portal", language="en", submission_key="k2"
    )
    assert again.pk == first.pk != other.pk
    assert IntakeRequest.objects.filter(customer=customer).count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers")
def test_the_same_form_started_at_once_is_one_request(wallet_customer) -> None:
    customer, _ref = wallet_customer
    threads = 4
    start = threading.Barrier(threads)

    def send(_n: int) -> int:
        try:
            start.wait()
            return intake_start(
                customer=customer,
                answers=answers(),
                channel="portal",
                language="en",
                submission_key="tap",
            ).pk
        finally:
            connections.close_all()

    with ThreadPoolExecutor(threads) as pool:
        made = set(pool.map(send, range(threads)))
    assert len(made) == 1
    assert IntakeRequest.objects.filter(customer=customer).count() == 1
