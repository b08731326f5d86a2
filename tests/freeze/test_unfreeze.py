"""Unfreezing needs a verified customer and two different people from the security team."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import IntegrityError, transaction
from django.test import Client as BrowserClient
from django.urls import reverse

from tests.freeze.conftest import CLIENT, code_sent_to, console_client
from walletdesk.audit.models import AuditEntry
from walletdesk.core.errors import Conflict, ValidationFailed
from walletdesk.identity.models import Customer, User
from walletdesk.outbox.models import OutboundMessage
from walletdesk.security.codes import CodeInvalid, code_send_to_customer
from walletdesk.security.freeze import (
    FreezeVia,
    UnfreezeNotAllowed,
    unfreeze_approve,
    unfreeze_cancel,
    unfreeze_pending_count,
    unfreeze_reject,
    unfreeze_request_create,
    wallet_freeze,
)
from walletdesk.security.models import (
    CodePurpose,
    SecurityEvent,
    SecurityEventKind,
    UnfreezeRequest,
    UnfreezeState,
    UnfreezeVerification,
)
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.contracts import Asset, Money
from walletdesk.wallet.errors import AccountFrozenError
from walletdesk.wallet.gateway import get_gateway
from walletdesk.wallet.sandbox import rails, seeding

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_keep_outbox_rows")]


@pytest.fixture
def frozen(victim: Customer) -> Customer:
    wallet_freeze(customer=victim, via=FreezeVia.PHONE, client=CLIENT, actor="system")
    return victim


def _by_video(customer: Customer, by: User) -> UnfreezeRequest:
    return unfreeze_request_create(
        customer=customer,
        by=by,
        verification=UnfreezeVerification.VIDEO_CALL,
        client=CLIENT,
        note="Video call 10:05, face matches the ID on file.",
        reason="Customer has their phone back and a new password.",
    )


def _is_frozen(customer: Customer) -> bool:
    return get_gateway().get_account(customer.wallet_account_ref).is_frozen


def test_the_requester_cannot_approve_their_own_request(
    frozen: Customer, security_specialist: User
) -> None:
    request = _by_video(frozen, security_specialist)
    with pytest.raises(UnfreezeNotAllowed):
        unfreeze_approve(unfreeze=request, by=security_specialist, client=CLIENT)
    with pytest.raises(UnfreezeNotAllowed):
        unfreeze_reject(unfreeze=request, by=security_specialist, client=CLIENT)
    request.refresh_from_db()
    assert request.state == UnfreezeState.PENDING
    assert _is_frozen(frozen)


def test_the_database_refuses_self_approval_too(
    frozen: Customer, security_specialist: User
) -> None:
    request = _by_video(frozen, security_specialist)
    with pytest.raises(IntegrityError), transaction.atomic():
        UnfreezeRequest.objects.filter(pk=request.pk).update(
            state=UnfreezeState.APPROVED, approved_by=security_specialist
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        UnfreezeRequest.objects.filter(pk=request.pk).update(state=UnfreezeState.APPROVED)


def test_agents_outside_security_can_neither_request_nor_approve(
    frozen: Customer, agent: User, security_specialist: User
) -> None:
    with pytest.raises(UnfreezeNotAllowed):
        _by_video(frozen, agent)
    request = _by_video(frozen, security_specialist)
    with pytest.raises(UnfreezeNotAllowed):
        unfreeze_approve(unfreeze=request, by=agent, client=CLIENT)
    assert unfreeze_pending_count(agent) == 0


def test_a_second_person_approves_and_money_moves_again(
    frozen: Customer, security_specialist: User, supervisor: User, shop: str
) -> None:
    with pytest.raises(AccountFrozenError):
        rails.pay(frozen.wallet_account_ref, Money(5_00, Asset.CNY), merchant_ref=shop, key="a")
    request = _by_video(frozen, security_specialist)
    announced = OutboundMessage.objects.filter(
        idempotency_key__startswith="security:unfreeze-requested:"
    )
    assert sorted(announced.values_list("channel", flat=True)) == ["email", "sms"]
    assert unfreeze_pending_count(supervisor) == 1
    assert unfreeze_pending_count(security_specialist) == 0  # their own is not theirs to decide
    unfreeze_approve(unfreeze=request, by=supervisor, client=CLIENT)
    request.refresh_from_db()
    assert (request.state, request.approved_by) == (UnfreezeState.APPROVED, supervisor)
    assert not _is_frozen(frozen)
    paid = rails.pay(frozen.wallet_account_ref, Money(5_00, Asset.CNY), merchant_ref=shop, key="b")
    assert paid.status == "succeeded"
    assert SecurityEvent.objects.filter(customer=frozen, kind=SecurityEventKind.UNFROZEN).exists()
    unfrozen = OutboundMessage.objects.filter(idempotency_key__startswith="security:unfrozen:")
    assert sorted(unfrozen.values_list("channel", flat=True)) == ["email", "sms"]
    assert all("解冻" in row.body for row in unfrozen)  # in the customer's language
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "unfreeze.request",
        "security.unfreeze_requested",
        "unfreeze.approve",
        "security.unfrozen",
    } <= actions
    with pytest.raises(Conflict):
        unfreeze_approve(unfreeze=request, by=supervisor, client=CLIENT)


def test_a_rejection_keeps_the_wallet_frozen_and_is_audited(
    frozen: Customer, security_specialist: User, second_security: User
) -> None:
    request = _by_video(frozen, security_specialist)
    unfreeze_reject(unfreeze=request, by=second_security, client=CLIENT, note="Voice differs.")
    request.refresh_from_db()
    assert (request.state, request.rejected_by) == (UnfreezeState.REJECTED, second_security)
    assert _is_frozen(frozen)
    assert AuditEntry.objects.filter(action="unfreeze.reject").count() == 1


def test_only_the_requester_cancels(
    frozen: Customer, security_specialist: User, second_security: User
) -> None:
    request = _by_video(frozen, security_specialist)
    with pytest.raises(UnfreezeNotAllowed):
        unfreeze_cancel(unfreeze=request, by=second_security)
    unfreeze_cancel(unfreeze=request, by=security_specialist)
    request.refresh_from_db()
    assert request.state == UnfreezeState.CANCELLED
    assert AuditEntry.objects.filter(action="unfreeze.cancel").count() == 1


def test_a_code_check_needs_the_code_the_customer_received(
    frozen: Customer, security_specialist: User
) -> None:
    challenge = code_send_to_customer(
        purpose=CodePurpose.STEP_UP, customer=frozen, client=CLIENT, channel="sms"
    )

    def ask(code: str) -> UnfreezeRequest:
        return unfreeze_request_create(
            customer=frozen,
            by=security_specialist,
            verification=UnfreezeVerification.SMS_CODE,
            client=CLIENT,
            reason="Customer verified.",
            code_token=challenge.token,
            code=code,
        )

    with pytest.raises(CodeInvalid):
        ask("000000" if code_sent_to(frozen.phone or "") != "000000" else "111111")
    request = ask(code_sent_to(frozen.phone or ""))
    assert request.verification == UnfreezeVerification.SMS_CODE


def test_a_video_call_needs_a_note_and_one_request_waits_at_a_time(
    frozen: Customer, security_specialist: User, second_security: User
) -> None:
    with pytest.raises(ValidationFailed):
        unfreeze_request_create(
            customer=frozen,
            by=security_specialist,
            verification=UnfreezeVerification.ID_DOCUMENT,
            client=CLIENT,
            reason="ok",
        )
    _by_video(frozen, security_specialist)
    with pytest.raises(Conflict):
        _by_video(frozen, second_security)


def test_the_request_and_decision_are_notes_on_the_case(
    frozen: Customer, security_specialist: User, supervisor: User
) -> None:
    unfreeze_approve(unfreeze=_by_video(frozen, security_specialist), by=supervisor, client=CLIENT)
    notes = Ticket.objects.get().messages.filter(kind="note")
    assert notes.count() == 2


# --- The console pages ---------------------------------------------------------------------


def test_the_console_request_page_and_approvals(
    frozen: Customer, security_specialist: User, supervisor: User, agent: User
) -> None:
    requester = console_client(security_specialist)
    page = reverse("console:customer-unfreeze", args=[frozen.pk])
    assert requester.get(page).status_code == 200
    sent = requester.post(page, {"send_code": "email"})
    assert sent.status_code == 302
    code = code_sent_to("victim@example.com")
    assert code not in requester.get(page).content.decode()
    created = requester.post(
        page,
        {"verification": "email_code", "code": code, "reason": "Verified by code."},
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    row = UnfreezeRequest.objects.get()
    approvals = requester.get(reverse("console:approvals")).content.decode()
    assert 'data-own="true"' in approvals
    assert reverse("console:approval-approve", args=[row.pk]) not in approvals
    requester.post(reverse("console:approval-approve", args=[row.pk]))
    assert _is_frozen(frozen)

    second = console_client(supervisor)
    inbox = second.get(reverse("console:inbox")).content.decode()
    assert 'data-count="1"' in inbox
    assert (
        reverse("console:approval-approve", args=[row.pk])
        in second.get(reverse("console:approvals")).content.decode()
    )
    second.post(reverse("console:approval-approve", args=[row.pk]))
    assert not _is_frozen(frozen)

    outsider = console_client(agent)
    assert outsider.get(reverse("console:approvals")).status_code == 404
    assert outsider.get(page).status_code == 404
    assert 'id="nav-approvals"' not in outsider.get(reverse("console:inbox")).content.decode()


def test_a_wrong_code_on_the_console_is_a_form_error(
    frozen: Customer, security_specialist: User
) -> None:
    requester: BrowserClient = console_client(security_specialist)
    page = reverse("console:customer-unfreeze", args=[frozen.pk])
    requester.post(page, {"send_code": "sms"})
    response = requester.post(
        page, {"verification": "sms_code", "code": "12", "reason": "Verified."}
    )
    assert response.status_code == 400
    assert not UnfreezeRequest.objects.exists()


def test_the_approvals_page_reads_a_fixed_number_of_queries(
    make_customer: Callable[..., Customer],
    security_specialist: User,
    second_security: User,
    django_assert_max_num_queries: Any,
) -> None:
    for n in range(4):
        customer = make_customer(email=f"frozen{n}@example.com", wallet_account_ref="")
        account = seeding.open_account(f"Frozen {n}", assets=(Asset.CNY,))
        Customer.objects.filter(pk=customer.pk).update(wallet_account_ref=account.ref)
        customer.refresh_from_db()
        wallet_freeze(customer=customer, via=FreezeVia.PHONE, client=CLIENT, actor="system")
        _by_video(customer, security_specialist)
    browser = console_client(second_security)
    with django_assert_max_num_queries(16):
        page = browser.get(reverse("console:approvals")).content.decode()
    assert page.count('class="card unfreeze-request"') == 4
