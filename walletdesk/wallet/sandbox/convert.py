"""Sandbox rows → border contracts. Nothing else turns a sandbox model into something callers see.

Transactions must come with `payment_method` and `merchant` already joined (see
`records.transaction_queryset`), or each conversion would cost a query.
"""

from __future__ import annotations

from datetime import date

from walletdesk.wallet.contracts import (
    AccountInfo,
    AccountStatus,
    CryptoDetails,
    Direction,
    FailureCode,
    MerchantInfo,
    MerchantStatus,
    PaymentMethodInfo,
    PaymentMethodKind,
    PaymentMethodStatus,
    TransactionInfo,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.sandbox.models import Account, Merchant, PaymentMethod, Transaction
from walletdesk.wallet.sandbox.records import mask

_CRYPTO_KINDS = frozenset({TransactionKind.CRYPTO_DEPOSIT, TransactionKind.CRYPTO_WITHDRAWAL})


def account_info(account: Account) -> AccountInfo:
    return AccountInfo(
        ref=account.ref,
        holder_name=account.holder_name,
        status=AccountStatus(account.status),
        created_at=account.created_at,
        frozen_at=account.frozen_at,
        frozen_by=account.frozen_by,
        frozen_reason=account.frozen_reason,
    )


def payment_method_info(method: PaymentMethod, *, today: date) -> PaymentMethodInfo:
    """The status is as of `today`: a card past its expiry month reads as expired even if
    nobody updated the row, which is what the issuer would say too."""
    status = PaymentMethodStatus(method.status)
    if status == PaymentMethodStatus.ACTIVE and method.is_expired(today):
        status = PaymentMethodStatus.EXPIRED
    return PaymentMethodInfo(
        ref=method.ref,
        kind=PaymentMethodKind(method.kind),
        issuer=method.issuer,
        masked_number=mask(method.last4),
        expiry_month=method.expiry_month,
        expiry_year=method.expiry_year,
        status=status,
    )


def merchant_info(merchant: Merchant) -> MerchantInfo:
    return MerchantInfo(
        ref=merchant.ref,
        name=merchant.name,
        category=merchant.category,
        status=MerchantStatus(merchant.status),
    )


def transaction_info(tx: Transaction) -> TransactionInfo:
    kind = TransactionKind(tx.kind)
    crypto = None
    if kind in _CRYPTO_KINDS:
        crypto = CryptoDetails(
            network=tx.network,
            tx_hash=tx.tx_hash,
            confirmations=tx.confirmations,
            required_confirmations=tx.required_confirmations,
            address=tx.address,
            memo=tx.memo,
        )
    return TransactionInfo(
        ref=tx.ref,
        kind=kind,
        status=TransactionStatus(tx.status),
        amount=tx.money,
        direction=Direction(tx.direction),
        created_at=tx.created_at,
        completed_at=tx.completed_at,
        failure_code=FailureCode(tx.failure_code) if tx.failure_code else None,
        payment_method_ref=tx.payment_method.ref if tx.payment_method else None,
        merchant_ref=tx.merchant.ref if tx.merchant else None,
        counterparty=tx.counterparty,
        description=tx.description,
        crypto=crypto,
    )
