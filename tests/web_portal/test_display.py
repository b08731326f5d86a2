"""What the customer reads: transactions by time, amount and method (never an internal id),
a payment's merchant, why a transaction was reversed, the agent's name on a reply, and the
error for an empty reply right under the reply box."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.test import Client
from django.utils import translation

from tests.web_portal.conftest import sign_in, switch_language
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import Author, message_add
from walletdesk.wallet.contracts import (
    Asset,
    Direction,
    Money,
    TransactionInfo,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.gateway import get_gateway
from walletdesk.wallet.sandbox import corrections
from walletdesk.web.portal import wallet_text


def _tx(**changes: object) -> TransactionInfo:
    fields: dict[str, object] = {
        "ref": "tx_internal_123",
        "kind": TransactionKind.PAYMENT,
        "status": TransactionStatus.SUCCEEDED,
        "amount": Money(10_000, Asset.CNY),
        "direction": Direction.OUT,
        "created_at": dt.datetime(2026, 11, 3, 6, 2, tzinfo=dt.UTC),  # 14:02 in Beijing
        "completed_at": None,
        "failure_code": None,
        "payment_method_ref": None,
        "merchant_ref": "m_1",
        "counterparty": "Tea House",
        "description": "",
        "crypto": None,
    }
    fields.update(changes)
    return TransactionInfo(**fields)  # type: ignore[arg-type]


def test_a_transaction_line_in_both_languages() -> None:
    with translation.override("en"):
        assert (
            wallet_text.transaction_line(_tx(), {})
            == "3 Nov 14:02 · −¥100.00 · Payment · Tea House"
        )
    with translation.override("zh-hans"):
        assert (
            wallet_text.transaction_line(_tx(), {}) == "11月3日 14:02 · −¥100.00 · 付款 · Tea House"
        )
    usdt = _tx(amount=Money(1_500_000, Asset.USDT), direction=Direction.IN, counterparty="")
    with translation.override("en"):
        assert "+1.500000 USDT" in wallet_text.transaction_line(usdt, {})


def test_a_reversed_transaction_says_why() -> None:
    with translation.override("en"):
        out = str(wallet_text.failure_explanation(_tx(status=TransactionStatus.REVERSED)))
        back = str(
            wallet_text.failure_explanation(
                _tx(status=TransactionStatus.REVERSED, direction=Direction.IN)
            )
        )
    assert "went back to your wallet" in out
    assert "taken back out of your wallet" in back
    assert wallet_text.failure_explanation(_tx()) is None


def test_the_wallet_page_explains_a_reversed_payment(
    client: Client, wallet_customer: Customer
) -> None:
    payment = next(
        tx
        for tx in get_gateway().list_transactions(wallet_customer.wallet_account_ref)
        if tx.kind == TransactionKind.PAYMENT
    )
    corrections.reverse(payment.ref, key="reverse-1")
    sign_in(client, wallet_customer)
    switch_language(client, "en")

    page = client.get("/wallet/").content.decode()

    assert "badge-reversed" in page
    assert "This transaction was reversed" in page
    assert '<div class="tx-paid">Tea House</div>' in page


def _ticket_about_a_transaction(customer: Customer, make_ticket: Callable[..., Ticket]) -> Ticket:
    failed = next(
        tx
        for tx in get_gateway().list_transactions(customer.wallet_account_ref)
        if tx.failure_code is not None
    )
    ticket: Ticket = make_ticket(
        requester=customer,
        problem_type=ProblemType.TRANSACTION_FAILED,
        transaction_ref=failed.ref,
    )
    return ticket


def test_the_ticket_shows_its_transaction_in_words(
    client: Client, wallet_customer: Customer, make_ticket: Callable[..., Ticket]
) -> None:
    ticket = _ticket_about_a_transaction(wallet_customer, make_ticket)
    sign_in(client, wallet_customer)

    chinese = client.get(f"/tickets/{ticket.pk}/").content.decode()
    switch_language(client, "en")
    english = client.get(f"/tickets/{ticket.pk}/").content.decode()

    assert ticket.transaction_ref not in chinese
    assert ticket.transaction_ref not in english
    assert "3月1日 10:15 · +¥500.00 · 充值 · China Merchants Bank借记卡 •••• 4242 · 失败" in chinese
    assert (
        "1 Mar 10:15 · +¥500.00 · Top-up · China Merchants Bank debit card •••• 4242 · Failed"
        in english
    )


def test_an_agents_reply_carries_the_agents_name(
    client: Client,
    customer: Customer,
    make_ticket: Callable[..., Ticket],
    make_user: Callable[..., User],
) -> None:
    ticket: Ticket = make_ticket(requester=customer)
    named = make_user(username="li.wei", first_name="伟", last_name="李")
    unnamed = make_user(username="ops7")
    message_add(ticket=ticket, author=Author(user=named), body="我们正在查看。")
    message_add(ticket=ticket, author=Author(user=unnamed), body="Still looking.")
    sign_in(client, customer)
    switch_language(client, "en")

    page = client.get(f"/tickets/{ticket.pk}/").content.decode()
    metas = re.findall(r'<div class="msg-meta">\s*(.*?)\s*·', page, flags=re.S)

    assert metas == ["You", "李伟, WalletDesk support", "WalletDesk support"]
    assert "ops7" not in page  # a sign-in name is never shown to customers


def test_an_empty_reply_is_refused_right_under_the_reply_box(
    client: Client, customer: Customer, make_ticket: Callable[..., Ticket]
) -> None:
    ticket: Ticket = make_ticket(requester=customer)
    sign_in(client, customer)
    switch_language(client, "en")

    html = client.post(
        f"/tickets/{ticket.pk}/reply/", {"body": "  "}, HTTP_HX_REQUEST="true"
    ).content.decode()

    field = html[html.index('<div class="field" id="field-body">') :]
    field = field[: field.index("</div>")]
    assert "<textarea" in field
    assert "This field is required." in field


def test_a_crypto_deposit_names_its_network_as_people_do() -> None:
    from walletdesk.wallet.contracts import CryptoDetails

    deposit = _tx(
        kind=TransactionKind.TOPUP,
        direction=Direction.IN,
        counterparty="",
        merchant_ref=None,
        amount=Money(50_000_000, Asset.USDT),
        crypto=CryptoDetails(
            network="ethereum",
            tx_hash="0xabc",
            confirmations=3,
            required_confirmations=12,
            address="0xdef",
            memo="",
        ),
    )
    with translation.override("en"):
        assert "Ethereum (ERC-20)" in wallet_text.transaction_line(deposit, {})
    with translation.override("zh-hans"):
        line = wallet_text.transaction_line(deposit, {})
        assert "以太坊（ERC-20）" in line
        assert "ethereum" not in line
