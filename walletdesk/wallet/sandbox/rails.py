"""Simulated card, bank and merchant rails: how money enters, moves within and leaves a wallet.

Each operation is idempotent by `key` (per account): the same key with the same request returns
the first result, whatever it was; the same key with a different request raises
`DuplicateRequest`. Outcomes follow from stored state only (see `policy`), checked in a fixed
order so one cause is reported even when several apply:

    top_up    limit → issuer (expired, blocked/declined, insufficient funds, timeout)
    pay       frozen → limit → merchant → balance, or issuer when paid by card → risk rule
    transfer  frozen → limit → balance
    withdraw  frozen → limit → balance → issuer (expired, blocked/declined, timeout)

A frozen account refuses outgoing operations outright (`AccountFrozenError`, nothing recorded)
but still receives top-ups, transfers and refunds. Failed transactions are recorded and move no
money. A timeout leaves the transaction pending (the issuer may still have acted) until
`corrections.resolve_pending` says how it ended.
"""

from __future__ import annotations

from django.db import transaction

from walletdesk.core import clock
from walletdesk.wallet.contracts import (
    Direction,
    FailureCode,
    MerchantStatus,
    Money,
    PaymentMethodKind,
    TransactionInfo,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.errors import InvalidWalletRequest
from walletdesk.wallet.sandbox import convert, policy, records
from walletdesk.wallet.sandbox.models import Account, Merchant, Transaction


def top_up(
    account_ref: str,
    amount: Money,
    *,
    payment_method_ref: str,
    key: str,
    description: str = "",
) -> TransactionInfo:
    """Pull money from a linked card or bank account into the wallet."""
    _check_request(key, amount, fiat=True)
    with transaction.atomic():
        account = records.lock_account(account_ref)
        method = records.payment_method_of(account, payment_method_ref)
        fingerprint = records.fingerprint(
            "top_up", amount=_amount(amount), method=payment_method_ref, description=description
        )
        if (earlier := records.replay(account, key, fingerprint)) is not None:
            return convert.transaction_info(earlier)
        code = _limit(amount) or policy.issuer_answer(method, today=records.today(), pull=True)
        tx = records.new_transaction(
            account,
            key=key,
            request_fingerprint=fingerprint,
            kind=TransactionKind.TOPUP,
            direction=Direction.IN,
            amount=amount,
            payment_method=method,
            counterparty=records.method_label(method),
            description=description,
        )
        return convert.transaction_info(records.conclude(tx, code))


def pay(
    account_ref: str,
    amount: Money,
    *,
    merchant_ref: str,
    key: str,
    payment_method_ref: str | None = None,
    description: str = "",
) -> TransactionInfo:
    """Pay a merchant from the wallet balance, or with a linked card when one is given."""
    _check_request(key, amount, fiat=payment_method_ref is not None)
    with transaction.atomic():
        account = records.lock_account(account_ref)
        shop = records.merchant(merchant_ref)
        method = None
        if payment_method_ref is not None:
            method = records.payment_method_of(account, payment_method_ref)
        fingerprint = records.fingerprint(
            "pay",
            amount=_amount(amount),
            merchant=merchant_ref,
            method=payment_method_ref,
            description=description,
        )
        if (earlier := records.replay(account, key, fingerprint)) is not None:
            return convert.transaction_info(earlier)
        records.refuse_if_frozen(account)
        funding = (
            policy.issuer_answer(method, today=records.today(), pull=True)
            if method is not None
            else records.balance_short(account, amount)
        )
        code = _limit(amount) or _merchant_down(shop) or funding or _risk(account, shop, amount)
        tx = records.new_transaction(
            account,
            key=key,
            request_fingerprint=fingerprint,
            kind=TransactionKind.PAYMENT,
            direction=Direction.OUT,
            amount=amount,
            payment_method=method,
            merchant=shop,
            counterparty=shop.name,
            description=description,
        )
        return convert.transaction_info(records.conclude(tx, code))


def transfer(
    from_ref: str, to_ref: str, amount: Money, *, key: str, description: str = ""
) -> TransactionInfo:
    """Move money between two wallets. Each side gets its own transaction row; both share the
    one posting. Returns the sender's transaction; only a successful transfer appears on the
    receiver's side."""
    _check_request(key, amount, fiat=False)
    if from_ref == to_ref:
        raise InvalidWalletRequest("A wallet cannot transfer to itself.")
    with transaction.atomic():
        sender, receiver = records.lock_accounts(from_ref, to_ref)
        fingerprint = records.fingerprint(
            "transfer", amount=_amount(amount), to=to_ref, description=description
        )
        if (earlier := records.replay(sender, key, fingerprint)) is not None:
            return convert.transaction_info(earlier)
        records.refuse_if_frozen(sender)
        code = _limit(amount) or records.balance_short(sender, amount)
        tx = records.new_transaction(
            sender,
            key=key,
            request_fingerprint=fingerprint,
            kind=TransactionKind.TRANSFER,
            direction=Direction.OUT,
            amount=amount,
            counterparty_account=receiver,
            counterparty=receiver.holder_name,
            description=description,
        )
        mirrors = [] if code else [_received(tx, receiver, sender)]
        return convert.transaction_info(records.conclude(tx, code, mirrors=mirrors))


def withdraw(
    account_ref: str,
    amount: Money,
    *,
    payment_method_ref: str,
    key: str,
    description: str = "",
) -> TransactionInfo:
    """Send wallet money to a linked bank account."""
    _check_request(key, amount, fiat=True)
    with transaction.atomic():
        account = records.lock_account(account_ref)
        method = records.payment_method_of(account, payment_method_ref)
        if method.kind != PaymentMethodKind.BANK_ACCOUNT:
            raise InvalidWalletRequest("Withdrawals go to a bank account, not a card.")
        fingerprint = records.fingerprint(
            "withdraw", amount=_amount(amount), method=payment_method_ref, description=description
        )
        if (earlier := records.replay(account, key, fingerprint)) is not None:
            return convert.transaction_info(earlier)
        records.refuse_if_frozen(account)
        code = (
            _limit(amount)
            or records.balance_short(account, amount)
            or policy.issuer_answer(method, today=records.today(), pull=False)
        )
        tx = records.new_transaction(
            account,
            key=key,
            request_fingerprint=fingerprint,
            kind=TransactionKind.WITHDRAWAL,
            direction=Direction.OUT,
            amount=amount,
            payment_method=method,
            counterparty=records.method_label(method),
            description=description,
        )
        return convert.transaction_info(records.conclude(tx, code))


def _check_request(key: str, amount: Money, *, fiat: bool) -> None:
    records.check_key(key)
    records.require_positive(amount)
    if fiat and amount.asset not in policy.FIAT_ASSETS:
        raise InvalidWalletRequest("Cards and bank accounts only move CNY or USD.")


def _amount(amount: Money) -> list[object]:
    return [amount.amount_minor, amount.asset.value]


def _limit(amount: Money) -> FailureCode | None:
    return FailureCode.LIMIT_EXCEEDED if policy.exceeds_limit(amount) else None


def _merchant_down(shop: Merchant) -> FailureCode | None:
    if shop.status != MerchantStatus.OPERATIONAL:
        return FailureCode.MERCHANT_UNAVAILABLE
    return None


def _risk(account: Account, shop: Merchant, amount: Money) -> FailureCode | None:
    if amount.amount_minor < policy.RISK_REVIEW_THRESHOLD[amount.asset]:
        return None  # below the threshold the history does not matter; skip the query
    paid_before = Transaction.objects.filter(
        account=account,
        merchant=shop,
        kind=TransactionKind.PAYMENT,
        status=TransactionStatus.SUCCEEDED,
    ).exists()
    if policy.needs_risk_review(amount, first_payment_to_merchant=not paid_before):
        return FailureCode.RISK_HOLD
    return None


def _received(sent: Transaction, receiver: Account, sender: Account) -> Transaction:
    """The receiver's row of a successful transfer, stored before the shared posting."""
    now = clock.now()
    key = f"{records.INTERNAL_KEY_PREFIX}{sent.ref}"
    return Transaction.objects.create(
        ref=records.transaction_ref(receiver.ref, key),
        account=receiver,
        idempotency_key=key,
        request_fingerprint=sent.request_fingerprint,
        kind=TransactionKind.TRANSFER,
        direction=Direction.IN,
        status=TransactionStatus.SUCCEEDED,
        asset=sent.asset,
        amount_minor=sent.amount_minor,
        counterparty_account=sender,
        counterparty=sender.holder_name,
        description=sent.description,
        created_at=now,
        completed_at=now,
    )
