"""The facts behind one sandbox transaction, for `SandboxWalletGateway.diagnose`.

Read from stored state and `policy` only, in a fixed number of queries: the transaction with
its account, method and merchant joined; the balance; whether the merchant was paid before;
whether the address is one of the account's. Facts, not a verdict: the intake decides.
"""

from __future__ import annotations

from datetime import datetime

from walletdesk.wallet.contracts import (
    Asset,
    ChainFacts,
    Direction,
    FailureCode,
    IssuerAnswer,
    Money,
    TransactionFacts,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.sandbox import convert, ledger, policy, records
from walletdesk.wallet.sandbox.models import (
    DepositAddress,
    IssuerBehaviour,
    PaymentMethod,
    Transaction,
)

_ANSWERS = {
    IssuerBehaviour.OK: IssuerAnswer.APPROVES,
    IssuerBehaviour.DECLINE: IssuerAnswer.DECLINES,
    IssuerBehaviour.INSUFFICIENT_FUNDS: IssuerAnswer.INSUFFICIENT_FUNDS,
    IssuerBehaviour.TIMEOUT: IssuerAnswer.NO_ANSWER,
}
_CRYPTO_KINDS = frozenset({TransactionKind.CRYPTO_DEPOSIT, TransactionKind.CRYPTO_WITHDRAWAL})


def transaction_facts(tx: Transaction) -> TransactionFacts:
    """`tx` must come with account, payment method and merchant joined."""
    asset = Asset(tx.asset)
    outgoing = tx.direction == Direction.OUT
    return TransactionFacts(
        transaction=convert.transaction_info(tx),
        account=convert.account_info(tx.account),
        balance=Money(ledger.available(tx.account, asset), asset),
        payment_method=(
            convert.payment_method_info(tx.payment_method, today=records.today())
            if tx.payment_method
            else None
        ),
        issuer_answer=_issuer_answer(tx.payment_method, pull=not outgoing or _pulls(tx)),
        merchant=convert.merchant_info(tx.merchant) if tx.merchant else None,
        per_transaction_limit=Money(policy.PER_TRANSACTION_LIMIT[asset], asset),
        risk_review_threshold=(
            Money(policy.RISK_REVIEW_THRESHOLD[asset], asset) if outgoing else None
        ),
        first_payment_to_merchant=_first_payment_to_merchant(tx),
        expected_by=expected_by(tx),
        chain=_chain(tx) if TransactionKind(tx.kind) in _CRYPTO_KINDS else None,
    )


def expected_by(tx: Transaction) -> datetime | None:
    """When a pending transaction ends by itself, by the policy's promises."""
    if tx.status != TransactionStatus.PENDING:
        return None
    if tx.failure_code == FailureCode.NETWORK_TIMEOUT:
        return tx.created_at + policy.ISSUER_TIMEOUT_REVERSAL
    if tx.failure_code == FailureCode.RISK_HOLD:
        return tx.created_at + policy.RISK_REVIEW_WITHIN
    return None


def address_owned(account_id: int, *, network: str, address: str) -> bool:
    return DepositAddress.objects.filter(
        account_id=account_id, network=network, address=address
    ).exists()


def _pulls(tx: Transaction) -> bool:
    """A card payment takes money from the card; a withdrawal sends money to the bank."""
    return tx.kind == TransactionKind.PAYMENT


def _issuer_answer(method: PaymentMethod | None, *, pull: bool) -> IssuerAnswer | None:
    """How the issuer answers the same request today (its current sandbox behaviour)."""
    if method is None:
        return None
    behaviour = IssuerBehaviour(method.issuer_behaviour)
    if behaviour == IssuerBehaviour.INSUFFICIENT_FUNDS and not pull:
        return IssuerAnswer.APPROVES  # a bank cannot lack funds to receive money
    return _ANSWERS[behaviour]


def _first_payment_to_merchant(tx: Transaction) -> bool:
    if tx.kind != TransactionKind.PAYMENT or tx.merchant_id is None:
        return False
    paid_before = (
        Transaction.objects.filter(
            account_id=tx.account_id,
            merchant_id=tx.merchant_id,
            kind=TransactionKind.PAYMENT,
            status=TransactionStatus.SUCCEEDED,
            created_at__lte=tx.created_at,
        )
        .exclude(pk=tx.pk)
        .exists()
    )
    return not paid_before


def _chain(tx: Transaction) -> ChainFacts:
    deposit = tx.kind == TransactionKind.CRYPTO_DEPOSIT
    expected = (tx.expected_network or tx.network) if deposit else tx.network
    return ChainFacts(
        network=tx.network,
        expected_network=expected,
        confirmations=tx.confirmations,
        required_confirmations=tx.required_confirmations,
        block_seconds=policy.block_seconds(tx.network),
        memo_required=tx.memo_required,
        memo=tx.memo,
        address=tx.address,
        address_is_ours=deposit
        and address_owned(tx.account_id, network=expected, address=tx.address),
    )
