"""`wallet_freeze`: money stops, sessions end, the security team gets one critical case, the
customer is told once on every channel, and asking again changes nothing more."""

from __future__ import annotations

import pytest
from django.test import Client as BrowserClient
from django.urls import reverse

from tests.freeze.conftest import CLIENT, notices_to
from tests.web_portal.conftest import sign_in
from walletdesk.audit.models import AuditEntry
from walletdesk.identity.models import Customer
from walletdesk.outbox.choices import OutboundChannel
from walletdesk.security.freeze import FreezeVia, wallet_freeze
from walletdesk.security.models import SecurityEvent, SecurityEventKind
from walletdesk.tickets.choices import Priority, ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.vocab.choices import Channel
from walletdesk.wallet.contracts import Asset, Money
from walletdesk.wallet.errors import AccountFrozenError
from walletdesk.wallet.gateway import get_gateway
from walletdesk.wallet.sandbox import rails

pytestmark = pytest.mark.django_db


def _freeze(customer: Customer, via: FreezeVia = FreezeVia.PORTAL) -> object:
    return wallet_freeze(customer=customer, via=via, client=CLIENT, actor=f"customer:{customer.pk}")


def test_a_frozen_wallet_cannot_pay(victim: Customer, shop: str) -> None:
    paid = rails.pay(
        victim.wallet_account_ref, Money(10_00, Asset.CNY), merchant_ref=shop, key="p1"
    )
    assert paid.status == "succeeded"
    result = wallet_freeze(customer=victim, via=FreezeVia.PORTAL, client=CLIENT, actor="x")
    assert result.wallet_frozen
    assert not result.already_frozen
    assert result.frozen_at is not None
    with pytest.raises(AccountFrozenError):
        rails.pay(victim.wallet_account_ref, Money(10_00, Asset.CNY), merchant_ref=shop, key="p2")
    assert get_gateway().get_account(victim.wallet_account_ref).is_frozen


def test_an_old_portal_session_is_signed_out(victim: Customer) -> None:
    thief = BrowserClient()
    sign_in(thief, victim)
    assert thief.get(reverse("portal:wallet")).status_code == 200
    _freeze(victim)
    response = thief.get(reverse("portal:wallet"))
    assert response.status_code == 302
    assert reverse("portal:login") in response["Location"]
    assert AuditEntry.objects.filter(
        action="sessions.revoke", target=f"customer:{victim.pk}"
    ).exists()


def test_one_critical_security_case_and_a_second_freeze_adds_to_it(victim: Customer) -> None:
    first = _freeze(victim)
    ticket = Ticket.objects.get()
    assert (ticket.problem_type, ticket.priority) == (ProblemType.ACCOUNT_STOLEN, Priority.CRITICAL)
    assert ticket.team is not None
    assert ticket.team.code == "security"
    assert ticket.requester_verified
    assert ticket.requester == victim
    assert first.ticket_created
    assert first.ticket_reference == ticket.reference
    second = _freeze(victim, FreezeVia.PHONE)
    assert Ticket.objects.count() == 1
    assert not second.ticket_created
    assert second.already_frozen
    assert second.frozen_at == first.frozen_at  # type: ignore[attr-defined]
    assert ticket.messages.filter(kind="reply").count() == 2


def test_the_case_comes_before_every_other_ticket_in_the_security_queue(
    victim: Customer, make_ticket: object
) -> None:
    make_ticket(problem_type=ProblemType.PHISHING_REPORT, subject="older")  # type: ignore[operator]
    _freeze(victim)
    first = Ticket.objects.order_by("-priority", "created_at").first()
    assert first is not None
    assert first.problem_type == ProblemType.ACCOUNT_STOLEN


def test_the_customer_is_told_once_on_email_and_sms(victim: Customer) -> None:
    _freeze(victim)
    _freeze(victim)
    email, sms = notices_to("victim@example.com"), notices_to("+8613800138000")
    assert [row.channel for row in email] == [OutboundChannel.EMAIL]
    assert [row.channel for row in sms] == [OutboundChannel.SMS]
    assert "冻结" in sms[0].body
    assert email[0].subject
    assert Ticket.objects.get().reference in sms[0].body


def test_every_freeze_is_a_security_event_and_an_audit_entry(victim: Customer) -> None:
    _freeze(victim)
    _freeze(victim)
    events = SecurityEvent.objects.filter(customer=victim, kind=SecurityEventKind.FROZEN)
    assert [event.data["already_frozen"] for event in events.order_by("id")] == [False, True]
    assert AuditEntry.objects.filter(action="wallet.freeze").count() == 2
    assert AuditEntry.objects.filter(action="security.frozen").count() == 2
    for entry in AuditEntry.objects.all():
        assert "victim@example.com" not in str(entry.data)


def test_without_a_wallet_the_sessions_still_end_and_the_case_opens(
    make_customer: object,
) -> None:
    customer = make_customer(email="nowallet@example.com")  # type: ignore[operator]
    result = wallet_freeze(customer=customer, via=FreezeVia.CHAT, client=CLIENT, actor="system")
    assert not result.wallet_frozen
    assert result.frozen_at is None
    assert Ticket.objects.get().channel == Channel.CHAT
    customer.refresh_from_db()
    assert customer.session_epoch == 1
