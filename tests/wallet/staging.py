"""Each failure code produced on purpose through the sandbox rails, chain and seeding helpers,
as `walletdesk/wallet/README.md` stages them (and `walletdesk/demo/wallets.py` tells its
stories): for the gateway contract suite and the diagnosis tests.

Every function runs at `T0` and returns (account_ref, transaction_ref).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from tests.wallet.support import T0, btc, card, cny, customer, key, merchant, usdt
from walletdesk.core import clock
from walletdesk.wallet.contracts import Asset, FailureCode, MerchantStatus, PaymentMethodStatus
from walletdesk.wallet.sandbox import chain, rails, seeding
from walletdesk.wallet.sandbox.models import IssuerBehaviour

Staged = tuple[str, str]
_serial = itertools.count(1)


def tron_address() -> str:
    """A fresh tron-looking address (each staging gets its own: an address has one owner)."""
    return f"TQn9Y2khEsLJW1ChVWFMSMeRD{next(_serial):09d}"


def bitcoin_address() -> str:
    return f"bc1qar0srrr7xfkvy5l643lydnw9re59gt{next(_serial):09d}"


def tx_hash() -> str:
    return f"{next(_serial):064x}"


def insufficient_balance() -> Staged:
    who = customer(balance="50.00")
    shop = merchant()
    with clock.frozen_at(T0):
        tx = rails.pay(who.ref, cny("100.00"), merchant_ref=shop.ref, key=key())
    return who.ref, tx.ref


def payment_method_expired() -> Staged:
    who = customer(balance="0")
    old = card(who.ref, last4="0005", expiry_month=1, expiry_year=2025)
    tx = rails.top_up(who.ref, cny("100.00"), payment_method_ref=old.ref, key=key())
    return who.ref, tx.ref


def _topup_with(behaviour: IssuerBehaviour, **card_kw: object) -> Staged:
    who = customer(balance="0")
    method = card(who.ref, last4="8888", issuer_behaviour=behaviour, **card_kw)
    tx = rails.top_up(who.ref, cny("100.00"), payment_method_ref=method.ref, key=key())
    return who.ref, tx.ref


def issuer_declined() -> Staged:
    return _topup_with(IssuerBehaviour.DECLINE)


def blocked_card() -> Staged:
    return _topup_with(IssuerBehaviour.OK, status=PaymentMethodStatus.BLOCKED)


def issuer_insufficient_funds() -> Staged:
    return _topup_with(IssuerBehaviour.INSUFFICIENT_FUNDS)


def network_timeout() -> Staged:
    return _topup_with(IssuerBehaviour.TIMEOUT)


def merchant_unavailable() -> Staged:
    who = customer()
    shop = merchant("Cloudsea Cafe", status=MerchantStatus.OUTAGE)
    tx = rails.pay(who.ref, cny("18.00"), merchant_ref=shop.ref, key=key())
    return who.ref, tx.ref


def risk_hold() -> Staged:
    who = customer(balance="10000.00")
    shop = merchant("Atlas Travel")
    tx = rails.pay(who.ref, cny("6000.00"), merchant_ref=shop.ref, key=key())
    return who.ref, tx.ref


def limit_exceeded() -> Staged:
    who = customer()
    shop = merchant()
    tx = rails.pay(who.ref, cny("60000.00"), merchant_ref=shop.ref, key=key())
    return who.ref, tx.ref


def crypto_account() -> str:
    return seeding.open_account("Satoshi", assets=(Asset.CNY, Asset.USDT, Asset.BTC)).ref


def wrong_network() -> Staged:
    ref = crypto_account()
    address = tron_address()
    seeding.add_deposit_address(ref, asset=Asset.USDT, network="tron", address=address)
    tx = chain.crypto_deposit(
        ref,
        usdt("250"),
        network="ethereum",
        tx_hash="0x" + tx_hash(),
        address=address,
        key=key(),
        confirmations=12,
    )
    return ref, tx.ref


def missing_memo() -> Staged:
    ref = crypto_account()
    address = tron_address()
    seeding.add_deposit_address(
        ref, asset=Asset.USDT, network="tron", address=address, memo="880123"
    )
    tx = chain.crypto_deposit(
        ref,
        usdt("80"),
        network="tron",
        tx_hash=tx_hash(),
        address=address,
        key=key(),
        confirmations=19,
    )
    return ref, tx.ref


def awaiting_confirmations() -> Staged:
    """USDT on tron: 2 of 19 confirmations, 3 s a block."""
    ref = crypto_account()
    address = tron_address()
    seeding.add_deposit_address(ref, asset=Asset.USDT, network="tron", address=address)
    tx = chain.crypto_deposit(
        ref,
        usdt("500"),
        network="tron",
        tx_hash=tx_hash(),
        address=address,
        key=key(),
        confirmations=2,
    )
    return ref, tx.ref


def awaiting_bitcoin() -> Staged:
    """BTC: 0 of 2 confirmations, 600 s a block."""
    ref = crypto_account()
    address = bitcoin_address()
    seeding.add_deposit_address(ref, asset=Asset.BTC, network="bitcoin", address=address)
    tx = chain.crypto_deposit(
        ref, btc("0.01"), network="bitcoin", tx_hash=tx_hash(), address=address, key=key()
    )
    return ref, tx.ref


STAGED: dict[FailureCode, Callable[[], Staged]] = {
    FailureCode.INSUFFICIENT_BALANCE: insufficient_balance,
    FailureCode.PAYMENT_METHOD_EXPIRED: payment_method_expired,
    FailureCode.ISSUER_DECLINED: issuer_declined,
    FailureCode.ISSUER_INSUFFICIENT_FUNDS: issuer_insufficient_funds,
    FailureCode.MERCHANT_UNAVAILABLE: merchant_unavailable,
    FailureCode.RISK_HOLD: risk_hold,
    FailureCode.LIMIT_EXCEEDED: limit_exceeded,
    FailureCode.NETWORK_TIMEOUT: network_timeout,
    FailureCode.WRONG_NETWORK: wrong_network,
    FailureCode.MISSING_MEMO: missing_memo,
    FailureCode.AWAITING_CONFIRMATIONS: awaiting_confirmations,
}
