"""One key moves money at most once: retries get the first answer, a reused key with a
different request is refused, and the ledger itself refuses to repeat a step."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from tests.wallet.support import btc, cny, counts, customer, key, merchant
from tests.wallet.support import wallet_balance as balance
from walletdesk.wallet.contracts import Asset, FailureCode, TransactionStatus
from walletdesk.wallet.errors import (
    DuplicateRequest,
    InvalidWalletRequest,
    TransactionStateConflict,
)
from walletdesk.wallet.sandbox import chain, corrections, ledger, rails, seeding
from walletdesk.wallet.sandbox.models import Account, Posting, Transaction

pytestmark = pytest.mark.django_db


def test_same_key_twice_is_one_transaction_and_one_posting() -> None:
    who = customer(balance="0")
    first = rails.top_up(who.ref, cny("88.00"), payment_method_ref=who.card.ref, key="topup-1")
    before = counts()
    again = rails.top_up(who.ref, cny("88.00"), payment_method_ref=who.card.ref, key="topup-1")
    assert again == first
    assert counts() == before
    assert Posting.objects.filter(transactions__ref=first.ref).count() == 1
    assert balance(who.ref) == 88_00


def test_same_key_different_request_is_refused() -> None:
    who = customer(balance="0")
    rails.top_up(who.ref, cny("88.00"), payment_method_ref=who.card.ref, key="topup-1")
    before = counts()
    with pytest.raises(DuplicateRequest) as raised:
        rails.top_up(who.ref, cny("89.00"), payment_method_ref=who.card.ref, key="topup-1")
    assert raised.value.status == 409
    shop = merchant()
    with pytest.raises(DuplicateRequest):  # the same key for another kind of request
        rails.pay(who.ref, cny("88.00"), merchant_ref=shop.ref, key="topup-1")
    assert counts() == before


def test_a_retry_gets_the_first_answer_even_after_the_state_changed() -> None:
    who = customer(balance="10.00")
    shop = merchant()
    refused = rails.pay(who.ref, cny("50.00"), merchant_ref=shop.ref, key="pay-1")
    rails.top_up(who.ref, cny("100.00"), payment_method_ref=who.card.ref, key=key())
    retried = rails.pay(who.ref, cny("50.00"), merchant_ref=shop.ref, key="pay-1")
    assert retried == refused
    assert retried.failure_code == FailureCode.INSUFFICIENT_BALANCE
    assert balance(who.ref) == 110_00


def test_keys_belong_to_one_account() -> None:
    a, b = customer("甲", balance="0"), customer("乙", balance="0")
    one = rails.top_up(a.ref, cny("1.00"), payment_method_ref=a.card.ref, key="same")
    two = rails.top_up(b.ref, cny("1.00"), payment_method_ref=b.card.ref, key="same")
    assert one.ref != two.ref
    assert balance(a.ref) == balance(b.ref) == 1_00


def test_transfer_retry_makes_one_pair_of_rows() -> None:
    sender, receiver = customer("甲", balance="100.00"), customer("乙", balance="0")
    first = rails.transfer(sender.ref, receiver.ref, cny("40.00"), key="t-1")
    again = rails.transfer(sender.ref, receiver.ref, cny("40.00"), key="t-1")
    assert again == first
    assert Transaction.objects.filter(kind="transfer").count() == 2
    assert (balance(sender.ref), balance(receiver.ref)) == (60_00, 40_00)


def test_refund_once_per_payment() -> None:
    who = customer()
    paid = rails.pay(who.ref, cny("30.00"), merchant_ref=merchant().ref, key=key())
    refund = corrections.refund(paid.ref, key="r-1")
    assert corrections.refund(paid.ref, key="r-1") == refund
    with pytest.raises(TransactionStateConflict):
        corrections.refund(paid.ref, key="r-2")
    assert balance(who.ref) == 1000_00


def test_reverse_once() -> None:
    who = customer(balance="0")
    topped = rails.top_up(who.ref, cny("20.00"), payment_method_ref=who.card.ref, key=key())
    reversed_ = corrections.reverse(topped.ref, key="rev-1")
    assert reversed_.status == TransactionStatus.REVERSED
    assert corrections.reverse(topped.ref, key="rev-1") == reversed_
    with pytest.raises(TransactionStateConflict):
        corrections.reverse(topped.ref, key="rev-2")
    assert balance(who.ref) == 0


def test_an_on_chain_hash_is_credited_once_whatever_the_key() -> None:
    who = customer(balance="0", assets=(Asset.CNY, Asset.BTC))
    deposit = {"network": "bitcoin", "tx_hash": "beef", "address": "bc1q", "confirmations": 6}
    chain.crypto_deposit(who.ref, btc("0.5"), key="d-1", **deposit)  # type: ignore[arg-type]
    with pytest.raises(DuplicateRequest):
        chain.crypto_deposit(who.ref, btc("0.5"), key="d-2", **deposit)  # type: ignore[arg-type]
    assert balance(who.ref, Asset.BTC) == 50_000_000


def test_the_ledger_refuses_to_repeat_a_step() -> None:
    who = seeding.open_account("王小明")
    account = Account.objects.get(ref=who.ref)
    wallet = ledger.customer_book(account, Asset.CNY)
    rails_book = ledger.system_book(ledger.CARD_RAILS, Asset.CNY)
    ledger.move(key="step", memo="", source=rails_book, destination=wallet, amount_minor=5)
    with pytest.raises(IntegrityError):
        ledger.move(key="step", memo="", source=rails_book, destination=wallet, amount_minor=5)
    assert balance(who.ref) == 5


def test_the_ledger_refuses_unbalanced_postings() -> None:
    who = seeding.open_account("王小明")
    wallet = ledger.customer_book(Account.objects.get(ref=who.ref), Asset.CNY)
    with pytest.raises(ledger.Unbalanced):
        ledger.post(key="free-money", memo="", legs=[(wallet, 100)])
    btc_book = ledger.system_book(ledger.chain_code("bitcoin"), Asset.BTC)
    with pytest.raises(ledger.Unbalanced):  # balanced in numbers, not per asset
        ledger.post(key="mixed", memo="", legs=[(wallet, 100), (btc_book, -100)])
    assert not Posting.objects.filter(idempotency_key__in=["free-money", "mixed"]).exists()


@pytest.mark.parametrize("bad_key", ["", "~internal", "x" * 121])
def test_keys_must_be_usable(bad_key: str) -> None:
    who = customer(balance="0")
    with pytest.raises(InvalidWalletRequest):
        rails.top_up(who.ref, cny("1.00"), payment_method_ref=who.card.ref, key=bad_key)
