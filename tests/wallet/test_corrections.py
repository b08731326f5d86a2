"""Refunds and reversals put money back exactly where it came from, and only once."""

from __future__ import annotations

import pytest

from tests.wallet.support import card, cny, counts, customer, key, merchant
from tests.wallet.support import wallet_balance as balance
from walletdesk.wallet.contracts import Direction, TransactionKind, TransactionStatus
from walletdesk.wallet.errors import TransactionNotFound, TransactionStateConflict
from walletdesk.wallet.sandbox import corrections, ledger, rails
from walletdesk.wallet.sandbox.gateway import SandboxWalletGateway
from walletdesk.wallet.sandbox.models import Book, Transaction

pytestmark = pytest.mark.django_db


def _merchant_balance(merchant_ref: str) -> int:
    book = Book.objects.get(owner=None, code=ledger.merchant_code(merchant_ref))
    return ledger.balance(book)


def test_refund_returns_a_balance_payment_to_the_wallet() -> None:
    who, shop = customer(), merchant()
    paid = rails.pay(who.ref, cny("30.00"), merchant_ref=shop.ref, key=key())
    refund = corrections.refund(paid.ref, key=key(), description="cold coffee")
    assert (refund.kind, refund.direction, refund.amount) == (
        TransactionKind.REFUND,
        Direction.IN,
        cny("30.00"),
    )
    assert refund.merchant_ref == shop.ref
    assert refund.counterparty == "Lucky Coffee"
    assert balance(who.ref) == 1000_00
    assert _merchant_balance(shop.ref) == 0
    # The payment itself stays a successful payment; the refund is its own line.
    assert SandboxWalletGateway().get_transaction(who.ref, paid.ref).status == "succeeded"


def test_refund_of_a_card_payment_goes_back_to_the_card() -> None:
    who, shop = customer(), merchant()
    visa = card(who.ref, last4="9999")
    paid = rails.pay(
        who.ref, cny("80.00"), merchant_ref=shop.ref, key=key(), payment_method_ref=visa.ref
    )
    assert balance(who.ref) == 1000_00  # the card paid, not the wallet
    refund = corrections.refund(paid.ref, key=key())
    assert refund.payment_method_ref == visa.ref
    assert balance(who.ref) == 1000_00
    assert _merchant_balance(shop.ref) == 0


@pytest.mark.parametrize("kind", ["failed_payment", "top_up"])
def test_only_successful_payments_can_be_refunded(kind: str) -> None:
    who = customer(balance="1.00")
    if kind == "failed_payment":
        tx = rails.pay(who.ref, cny("5.00"), merchant_ref=merchant().ref, key=key())
    else:
        tx = rails.top_up(who.ref, cny("5.00"), payment_method_ref=who.card.ref, key=key())
    before = counts()
    with pytest.raises(TransactionStateConflict):
        corrections.refund(tx.ref, key=key())
    assert counts() == before


def test_unknown_transaction_is_not_found() -> None:
    with pytest.raises(TransactionNotFound):
        corrections.refund("tx_nope", key=key())
    with pytest.raises(TransactionNotFound):
        corrections.reverse("tx_nope", key=key())


def test_reversing_a_top_up_takes_the_money_back() -> None:
    who = customer(balance="0")
    topped = rails.top_up(who.ref, cny("20.00"), payment_method_ref=who.card.ref, key=key())
    reversed_ = corrections.reverse(topped.ref, key=key())
    assert reversed_.status == TransactionStatus.REVERSED
    assert reversed_.completed_at == topped.completed_at
    assert balance(who.ref) == 0


def test_a_reversal_that_would_overdraw_is_refused_and_writes_nothing() -> None:
    who = customer(balance="0")
    topped = rails.top_up(who.ref, cny("20.00"), payment_method_ref=who.card.ref, key=key())
    rails.pay(who.ref, cny("15.00"), merchant_ref=merchant().ref, key=key())
    before = counts()
    with pytest.raises(TransactionStateConflict):
        corrections.reverse(topped.ref, key=key())
    assert counts() == before
    assert Transaction.objects.get(ref=topped.ref).status == TransactionStatus.SUCCEEDED
    assert balance(who.ref) == 5_00


def test_reversing_a_transfer_reverses_both_sides() -> None:
    sender, receiver = customer("甲", balance="100.00"), customer("乙", balance="0")
    sent = rails.transfer(sender.ref, receiver.ref, cny("40.00"), key=key())
    received = SandboxWalletGateway().list_transactions(receiver.ref, kind=TransactionKind.TRANSFER)
    assert [(tx.direction, tx.counterparty) for tx in received] == [(Direction.IN, "甲")]

    corrections.reverse(received[0].ref, key=key())  # from either side
    statuses = set(Transaction.objects.filter(kind="transfer").values_list("status", flat=True))
    assert statuses == {TransactionStatus.REVERSED}
    assert (balance(sender.ref), balance(receiver.ref)) == (100_00, 0)
    assert sent.counterparty == "乙"


def test_a_refunded_payment_cannot_also_be_reversed_until_the_refund_is() -> None:
    who, shop = customer(), merchant()
    paid = rails.pay(who.ref, cny("30.00"), merchant_ref=shop.ref, key=key())
    refund = corrections.refund(paid.ref, key=key())
    with pytest.raises(TransactionStateConflict):
        corrections.reverse(paid.ref, key=key())

    corrections.reverse(refund.ref, key=key())  # the refund bounced
    assert balance(who.ref) == 970_00
    corrections.refund(paid.ref, key=key())  # so it can be refunded again
    assert balance(who.ref) == 1000_00


def test_reversing_a_settled_risk_hold_nets_out_the_hold() -> None:
    who, shop = customer(balance="6000.00"), merchant()
    held = rails.pay(who.ref, cny("5000.00"), merchant_ref=shop.ref, key=key())
    corrections.resolve_pending(held.ref, succeed=True)
    corrections.reverse(held.ref, key=key())
    assert balance(who.ref) == 6000_00
    assert balance(who.ref, code="held") == 0
    assert _merchant_balance(shop.ref) == 0


@pytest.mark.parametrize("status", ["pending", "failed"])
def test_only_successful_transactions_can_be_reversed(status: str) -> None:
    who = customer(balance="6000.00")
    amount = "5000.00" if status == "pending" else "7000.00"
    tx = rails.pay(who.ref, cny(amount), merchant_ref=merchant().ref, key=key())
    assert tx.status == status
    with pytest.raises(TransactionStateConflict):
        corrections.reverse(tx.ref, key=key())


def test_resolve_refuses_what_is_not_waiting_on_a_decision() -> None:
    who = customer()
    paid = rails.pay(who.ref, cny("1.00"), merchant_ref=merchant().ref, key=key())
    with pytest.raises(TransactionStateConflict):
        corrections.resolve_pending(paid.ref, succeed=False)
