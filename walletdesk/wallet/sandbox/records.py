"""Bookkeeping every rail shares: locks, idempotency, recording outcomes, moving held money.

A rail decides an outcome (`policy`), then calls `record` to store the transaction with it and
make the matching postings; `settle` and `release` finish a pending one. Keeping this in one
place is what makes "a failed transaction moves no money" and "a pending outgoing transaction
reserves its money" true for every kind at once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from walletdesk.core import clock
from walletdesk.wallet.contracts import (
    Direction,
    FailureCode,
    Money,
    PaymentMethodKind,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.errors import (
    AccountFrozenError,
    AccountNotFound,
    DuplicateRequest,
    InvalidWalletRequest,
    MerchantNotFound,
    PaymentMethodNotFound,
    TransactionNotFound,
)
from walletdesk.wallet.sandbox import ledger, policy
from walletdesk.wallet.sandbox.models import Account, Book, Merchant, PaymentMethod, Transaction

MAX_KEY_LENGTH = 120
# Keys the sandbox derives for the second row of a transfer start with this; callers cannot.
INTERNAL_KEY_PREFIX = "~"


def check_key(key: str) -> None:
    if not key or len(key) > MAX_KEY_LENGTH or key.startswith(INTERNAL_KEY_PREFIX):
        raise InvalidWalletRequest(
            f"An idempotency key needs 1 to {MAX_KEY_LENGTH} characters and may not start "
            f"with {INTERNAL_KEY_PREFIX!r}."
        )


def require_positive(amount: Money) -> None:
    if amount.amount_minor <= 0:
        raise InvalidWalletRequest("The amount must be greater than zero.")


def fingerprint(operation: str, **params: object) -> str:
    """A digest of what was asked, to tell an honest retry from a reused key."""
    canonical = json.dumps([operation, params], sort_keys=True, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def transaction_ref(account_ref: str, key: str) -> str:
    """Derived, not random: the same account and key always name the same transaction, which
    keeps seeded demo data and test expectations stable."""
    digest = hashlib.sha256(f"{account_ref}\x00{key}".encode()).hexdigest()
    return f"tx_{digest[:20]}"


def today() -> date:
    """The local date, for card expiry: cards expire at the end of a month where they live."""
    return timezone.localdate(clock.now())


def lock_accounts(*refs: str) -> list[Account]:
    """Lock the account rows (in ref order, so two transfers cannot deadlock) and return them
    in the order asked. On SQLite the IMMEDIATE transaction already serialises writers."""
    found = {
        account.ref: account
        for account in Account.objects.select_for_update().filter(ref__in=refs).order_by("ref")
    }
    missing = [ref for ref in refs if ref not in found]
    if missing:
        raise AccountNotFound()
    return [found[ref] for ref in refs]


def lock_account(ref: str) -> Account:
    return lock_accounts(ref)[0]


def lock_transaction(transaction_ref: str) -> Transaction:
    """Lock the owning account (and the other wallet of a transfer), then read the transaction
    under that lock so its status cannot change between the check and the write."""
    try:
        own, other = Transaction.objects.values_list(
            "account__ref", "counterparty_account__ref"
        ).get(ref=transaction_ref)
    except Transaction.DoesNotExist as exc:
        raise TransactionNotFound() from exc
    lock_accounts(*sorted(ref for ref in (own, other) if ref is not None))
    return transaction_queryset().get(ref=transaction_ref)


def transaction_queryset() -> QuerySet[Transaction]:
    return Transaction.objects.select_related(
        "account", "payment_method", "merchant", "counterparty_account"
    )


def refuse_if_frozen(account: Account) -> None:
    if account.frozen_at is not None:
        raise AccountFrozenError()


def payment_method_of(account: Account, ref: str) -> PaymentMethod:
    try:
        return PaymentMethod.objects.get(account=account, ref=ref)
    except PaymentMethod.DoesNotExist as exc:
        raise PaymentMethodNotFound() from exc


def merchant(ref: str) -> Merchant:
    try:
        return Merchant.objects.get(ref=ref)
    except Merchant.DoesNotExist as exc:
        raise MerchantNotFound() from exc


def replay(account: Account, key: str, request_fingerprint: str) -> Transaction | None:
    """The transaction an earlier call with this key made, if the request is the same."""
    earlier = transaction_queryset().filter(account=account, idempotency_key=key).first()
    if earlier is not None and earlier.request_fingerprint != request_fingerprint:
        raise DuplicateRequest()
    return earlier


def mask(last4: str) -> str:
    return f"•••• {last4}"


def method_label(method: PaymentMethod) -> str:
    return f"{method.issuer} {mask(method.last4)}"


def new_transaction(
    account: Account,
    *,
    key: str,
    request_fingerprint: str,
    kind: TransactionKind,
    direction: Direction,
    amount: Money,
    **fields: Any,
) -> Transaction:
    """An unsaved transaction row; `record` or `conclude` stores it with its outcome."""
    return Transaction(
        ref=transaction_ref(account.ref, key),
        account=account,
        idempotency_key=key,
        request_fingerprint=request_fingerprint,
        kind=kind,
        direction=direction,
        asset=amount.asset,
        amount_minor=amount.amount_minor,
        **fields,
    )


def conclude(
    tx: Transaction, code: FailureCode | None, *, mirrors: Iterable[Transaction] = ()
) -> Transaction:
    """Record `tx` with the outcome a rail decided: no code succeeds, a pending code
    (`policy.PENDING_CODES`) waits, any other code fails."""
    if code is None:
        status = TransactionStatus.SUCCEEDED
    elif code in policy.PENDING_CODES:
        status = TransactionStatus.PENDING
    else:
        status = TransactionStatus.FAILED
    return record(tx, status=status, failure_code=code, mirrors=mirrors)


def balance_short(account: Account, amount: Money) -> FailureCode | None:
    if ledger.available(account, amount.asset) < amount.amount_minor:
        return FailureCode.INSUFFICIENT_BALANCE
    return None


def record(
    tx: Transaction,
    *,
    status: TransactionStatus,
    failure_code: FailureCode | None = None,
    mirrors: Iterable[Transaction] = (),
) -> Transaction:
    """Store a new transaction with its outcome and make the postings that outcome implies.

    succeeded → money moves from source to destination now;
    pending   → money that leaves the customer's wallet is moved to their held book;
    failed    → nothing moves, but the row stays so support can see what the customer saw.
    `mirrors` are the other side's rows (the receiver of a transfer) sharing the posting.
    """
    now = clock.now()
    tx.status = status
    tx.failure_code = failure_code or ""
    tx.created_at = now
    tx.completed_at = None if status == TransactionStatus.PENDING else now
    tx.save()
    if status == TransactionStatus.SUCCEEDED:
        ledger.move(
            key=f"{tx.ref}:settle",
            memo=f"{tx.kind} {tx.ref}",
            source=source_book(tx),
            destination=destination_book(tx),
            amount_minor=tx.amount_minor,
            transactions=[tx, *mirrors],
        )
    elif status == TransactionStatus.PENDING and _is_funded_from_wallet(tx):
        ledger.move(
            key=f"{tx.ref}:hold",
            memo=f"hold for {tx.ref}",
            source=source_book(tx),
            destination=ledger.customer_book(tx.account, tx.money.asset, ledger.HELD),
            amount_minor=tx.amount_minor,
            transactions=[tx],
        )
    return tx


def settle(tx: Transaction) -> Transaction:
    """Complete a pending transaction: the money moves (from the held book if it was held)."""
    held = _is_funded_from_wallet(tx)
    source = (
        ledger.customer_book(tx.account, tx.money.asset, ledger.HELD) if held else source_book(tx)
    )
    ledger.move(
        key=f"{tx.ref}:settle",
        memo=f"{tx.kind} {tx.ref}",
        source=source,
        destination=destination_book(tx),
        amount_minor=tx.amount_minor,
        transactions=[tx],
    )
    tx.status = TransactionStatus.SUCCEEDED
    tx.failure_code = ""
    tx.completed_at = clock.now()
    tx.save(update_fields=["status", "failure_code", "completed_at"])
    return tx


def release(tx: Transaction) -> Transaction:
    """Fail a pending transaction, keeping its code; held money goes back to the wallet."""
    if _is_funded_from_wallet(tx):
        ledger.move(
            key=f"{tx.ref}:release",
            memo=f"release hold of {tx.ref}",
            source=ledger.customer_book(tx.account, tx.money.asset, ledger.HELD),
            destination=ledger.customer_book(tx.account, tx.money.asset),
            amount_minor=tx.amount_minor,
            transactions=[tx],
        )
    tx.status = TransactionStatus.FAILED
    tx.completed_at = clock.now()
    tx.save(update_fields=["status", "completed_at"])
    return tx


def source_book(tx: Transaction) -> Book:
    """Where a transaction's money comes from when it settles."""
    asset = tx.money.asset
    kind = TransactionKind(tx.kind)
    if kind in {TransactionKind.TOPUP, TransactionKind.PAYMENT} and tx.payment_method:
        return ledger.system_book(_rails_code(tx.payment_method), asset)
    if kind == TransactionKind.REFUND and tx.merchant:
        return ledger.system_book(ledger.merchant_code(tx.merchant.ref), asset)
    if kind == TransactionKind.CRYPTO_DEPOSIT:
        return ledger.system_book(ledger.chain_code(tx.network), asset)
    if tx.direction == Direction.OUT:
        return ledger.customer_book(tx.account, asset)
    raise ValueError(f"{tx.ref}: no source book for {kind}")


def destination_book(tx: Transaction) -> Book:
    """Where a transaction's money goes when it settles."""
    asset = tx.money.asset
    kind = TransactionKind(tx.kind)
    if kind == TransactionKind.PAYMENT and tx.merchant:
        return ledger.system_book(ledger.merchant_code(tx.merchant.ref), asset)
    if kind == TransactionKind.TRANSFER and tx.counterparty_account:
        return ledger.customer_book(tx.counterparty_account, asset)
    if kind in {TransactionKind.WITHDRAWAL, TransactionKind.REFUND} and tx.payment_method:
        return ledger.system_book(_rails_code(tx.payment_method), asset)
    if kind == TransactionKind.CRYPTO_WITHDRAWAL:
        return ledger.system_book(ledger.chain_code(tx.network), asset)
    if tx.direction == Direction.IN:
        return ledger.customer_book(tx.account, asset)
    raise ValueError(f"{tx.ref}: no destination book for {kind}")


def _rails_code(method: PaymentMethod) -> str:
    if method.kind == PaymentMethodKind.BANK_ACCOUNT:
        return ledger.BANK_RAILS
    return ledger.CARD_RAILS


def _is_funded_from_wallet(tx: Transaction) -> bool:
    """Outgoing money that comes out of the customer's balance (not a card) is reserved while
    the transaction is pending, so it cannot be spent twice."""
    paid_by_card = tx.kind == TransactionKind.PAYMENT and tx.payment_method_id is not None
    return tx.direction == Direction.OUT and not paid_by_card
