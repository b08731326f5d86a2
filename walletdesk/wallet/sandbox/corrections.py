"""What happens after a transaction: refunds, reversals, and the end of a pending wait.

- `refund` gives a successful payment back as a new incoming transaction (from the merchant,
  to the wallet or to the card that paid), once; a merchant that is down cannot refund.
- `reverse` undoes a successful transaction with a compensating posting (chargeback, operator
  correction); every row sharing its postings (both sides of a transfer) becomes reversed.
- `resolve_pending` is the sandbox's stand-in for the outside world answering: the issuer that
  timed out, the risk team reviewing a hold, support attributing a deposit without its memo.
"""

from __future__ import annotations

from django.db import transaction

from walletdesk.wallet.contracts import (
    Direction,
    FailureCode,
    MerchantStatus,
    TransactionInfo,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.errors import TransactionStateConflict
from walletdesk.wallet.sandbox import convert, ledger, records
from walletdesk.wallet.sandbox.models import Transaction

_LIVE = [TransactionStatus.PENDING, TransactionStatus.SUCCEEDED]
_RESOLVABLE = frozenset(
    {FailureCode.NETWORK_TIMEOUT, FailureCode.RISK_HOLD, FailureCode.MISSING_MEMO}
)


def refund(transaction_ref: str, *, key: str, description: str = "") -> TransactionInfo:
    """Refund a successful payment in full. Idempotent by `key` on the payer's account."""
    records.check_key(key)
    with transaction.atomic():
        payment = records.lock_transaction(transaction_ref)
        if payment.kind != TransactionKind.PAYMENT or payment.merchant is None:
            raise TransactionStateConflict("Only payments to a merchant can be refunded.")
        account = payment.account
        fingerprint = records.fingerprint(
            "refund", payment=transaction_ref, description=description
        )
        if (earlier := records.replay(account, key, fingerprint)) is not None:
            return convert.transaction_info(earlier)
        if payment.status != TransactionStatus.SUCCEEDED:
            raise TransactionStateConflict("Only a successful payment can be refunded.")
        if _has_live_refund(payment):
            raise TransactionStateConflict("This payment has already been refunded.")
        shop = payment.merchant
        code = None
        if shop.status != MerchantStatus.OPERATIONAL:
            code = FailureCode.MERCHANT_UNAVAILABLE
        tx = records.new_transaction(
            account,
            key=key,
            request_fingerprint=fingerprint,
            kind=TransactionKind.REFUND,
            direction=Direction.IN,
            amount=payment.money,
            payment_method=payment.payment_method,
            merchant=shop,
            original=payment,
            counterparty=shop.name,
            description=description,
        )
        return convert.transaction_info(records.conclude(tx, code))


def reverse(transaction_ref: str, *, key: str) -> TransactionInfo:
    """Undo a successful transaction. Refused when it would overdraw a wallet (the money was
    already spent) and for a payment with a live refund (that would pay back twice)."""
    records.check_key(key)
    with transaction.atomic():
        tx = records.lock_transaction(transaction_ref)
        if tx.status == TransactionStatus.REVERSED:
            if tx.reversal_key == key:
                return convert.transaction_info(tx)
            raise TransactionStateConflict("This transaction has already been reversed.")
        if tx.status != TransactionStatus.SUCCEEDED:
            raise TransactionStateConflict("Only a successful transaction can be reversed.")
        if _has_live_refund(tx):
            raise TransactionStateConflict("Reverse the refund of this payment first.")
        postings = list(tx.postings.all())
        sharing = list(
            Transaction.objects.filter(postings__in=postings)
            .distinct()
            .values_list("pk", flat=True)
        )
        try:
            ledger.post(
                key=f"{tx.ref}:reverse",
                memo=f"reversal of {tx.ref}",
                legs=ledger.reversal_legs(postings),
                transactions=Transaction.objects.filter(pk__in=sharing),
            )
        except ledger.Overdraft as exc:
            raise TransactionStateConflict(
                "The wallet no longer holds this money, so the transaction cannot be reversed."
            ) from exc
        Transaction.objects.filter(pk__in=sharing).update(
            status=TransactionStatus.REVERSED, reversal_key=key
        )
        tx.refresh_from_db(fields=["status", "reversal_key"])
        return convert.transaction_info(tx)


def resolve_pending(transaction_ref: str, *, succeed: bool) -> TransactionInfo:
    """End a pending wait: `succeed` settles it, otherwise it fails with its code kept and any
    held money returns to the wallet. Asking for the state it already has changes nothing.

    Deposits awaiting confirmations are ended by `chain.confirm`, not here. An outgoing
    transaction on a frozen account cannot be settled: freezing is meant to stop exactly that.
    """
    with transaction.atomic():
        tx = records.lock_transaction(transaction_ref)
        target = TransactionStatus.SUCCEEDED if succeed else TransactionStatus.FAILED
        if tx.status == target:
            return convert.transaction_info(tx)
        if tx.status != TransactionStatus.PENDING or tx.failure_code not in _RESOLVABLE:
            raise TransactionStateConflict("This transaction is not waiting on a decision.")
        if not succeed:
            records.release(tx)
            return convert.transaction_info(tx)
        if tx.direction == Direction.OUT:
            records.refuse_if_frozen(tx.account)
        if tx.failure_code == FailureCode.MISSING_MEMO and (
            tx.confirmations < tx.required_confirmations
        ):
            # Attributed to the customer, but the chain has not confirmed it enough yet.
            tx.failure_code = FailureCode.AWAITING_CONFIRMATIONS
            tx.save(update_fields=["failure_code"])
        else:
            records.settle(tx)
        return convert.transaction_info(tx)


def _has_live_refund(payment: Transaction) -> bool:
    return payment.follow_ups.filter(kind=TransactionKind.REFUND, status__in=_LIVE).exists()
