from __future__ import annotations

import pytest
from django.core.management import call_command

from walletdesk.demo.people import CONSOLE_USERS, DEMO_CUSTOMER_PASSWORD
from walletdesk.identity.models import Customer, User
from walletdesk.identity.services import customer_authenticate
from walletdesk.safety.models import OfficialChannel
from walletdesk.tickets.models import Message, Ticket
from walletdesk.wallet.gateway import get_gateway

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(capsys):
    call_command("seed_demo")
    return capsys.readouterr().out


def test_demo_users_customers_and_channels(seeded):
    assert {"admin", "agent", "security", "supervisor"} <= set(
        User.objects.values_list("username", flat=True)
    )
    for user in CONSOLE_USERS:
        assert User.objects.get(username=user.username).check_password(user.password)
        assert user.password in seeded  # the logins are printed
    demo = customer_authenticate(
        identifier="demo@walletdesk.example", password=DEMO_CUSTOMER_PASSWORD
    )
    assert demo is not None
    languages = set(Customer.objects.values_list("preferred_language", flat=True))
    assert languages == {"zh-hans", "en"}
    assert Customer.objects.count() >= 12
    official = {(c.kind, c.value) for c in OfficialChannel.objects.all()}
    assert {
        ("domain", "walletdesk.example"),
        ("email", "support@walletdesk.example"),
        ("phone", "+86 400-800-8888"),
        ("telegram", "@WalletDeskSupport"),
        ("wechat", "WalletDesk钱包"),
    } <= official


def test_tickets_span_channels_and_statuses(seeded):
    assert len(set(Ticket.objects.values_list("channel", flat=True))) >= 6
    assert {"new", "open", "pending_customer", "on_hold", "solved", "closed"} <= set(
        Ticket.objects.values_list("status", flat=True)
    )
    assert Message.objects.filter(kind="note").exists()
    assert Ticket.objects.filter(priority=50, team__code="security").exists()


def test_wallet_histories_include_failed_pending_and_reversed(seeded):
    gateway = get_gateway()
    statuses, codes = set(), set()
    for customer in Customer.objects.all():
        for tx in gateway.list_transactions(customer.wallet_account_ref, limit=50):
            statuses.add(tx.status)
            codes.add(tx.failure_code)
    assert {"succeeded", "failed", "pending", "reversed"} <= statuses
    assert {
        "payment_method_expired",
        "issuer_declined",
        "merchant_unavailable",
        "wrong_network",
        "awaiting_confirmations",
        "limit_exceeded",
    } <= codes
    stolen = Customer.objects.get(email="li.na@example.cn")
    assert gateway.get_account(stolen.wallet_account_ref).status == "frozen"


def test_seed_is_idempotent(seeded, capsys):
    counts = (Ticket.objects.count(), Customer.objects.count(), Message.objects.count())
    call_command("seed_demo")
    assert "already present" in capsys.readouterr().out
    assert (Ticket.objects.count(), Customer.objects.count(), Message.objects.count()) == counts


def test_ticket_transaction_refs_belong_to_the_requester(seeded):
    gateway = get_gateway()
    linked = Ticket.objects.exclude(transaction_ref="").select_related("requester")
    assert linked.count() >= 8
    for ticket in linked:
        tx = gateway.get_transaction(ticket.requester.wallet_account_ref, ticket.transaction_ref)
        assert tx.ref == ticket.transaction_ref
