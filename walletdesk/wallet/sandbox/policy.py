"""What decides a sandbox transaction's outcome: limits, the risk rule, networks, issuers.

Everything here is deterministic from the request and the stored state (no randomness, no
wall clock beyond `walletdesk.core.clock`), so tests and the demo seed can produce every
`FailureCode` on purpose. The table of triggers for seed-data authors is in
`walletdesk/wallet/README.md`, and `tests/wallet/test_failure_codes.py` proves each row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from walletdesk.wallet.contracts import Asset, FailureCode, Money, PaymentMethodStatus
from walletdesk.wallet.sandbox.models import IssuerBehaviour, PaymentMethod

# Largest single customer-initiated transaction (top-up, payment, transfer, withdrawal,
# crypto withdrawal), in minor units. Incoming deposits and refunds are never limited: the
# money has already left the sender.
PER_TRANSACTION_LIMIT: dict[Asset, int] = {
    Asset.CNY: 50_000_00,  # 50,000.00 CNY
    Asset.USD: 10_000_00,  # 10,000.00 USD
    Asset.USDT: 10_000_000000,  # 10,000 USDT
    Asset.BTC: 1_00000000,  # 1 BTC
}

# The risk rule: a balance or card payment of at least this much to a merchant the account has
# never successfully paid before is held for review (pending, funds reserved).
RISK_REVIEW_THRESHOLD: dict[Asset, int] = {
    Asset.CNY: 5_000_00,  # 5,000.00 CNY
    Asset.USD: 1_000_00,  # 1,000.00 USD
    Asset.USDT: 1_000_000000,  # 1,000 USDT
    Asset.BTC: 5000000,  # 0.05 BTC
}

# Card and bank rails move fiat only; digital assets arrive and leave on a chain.
FIAT_ASSETS: frozenset[Asset] = frozenset({Asset.CNY, Asset.USD})

# Pending transactions carry one of these codes: the reason they are not final yet.
PENDING_CODES: frozenset[FailureCode] = frozenset(
    {
        FailureCode.RISK_HOLD,
        FailureCode.NETWORK_TIMEOUT,
        FailureCode.MISSING_MEMO,
        FailureCode.AWAITING_CONFIRMATIONS,
    }
)


# A payment the issuer never answered is reversed automatically this long after it was made:
# card networks drop an unanswered authorisation within two days, and the held money returns.
ISSUER_TIMEOUT_REVERSAL = timedelta(hours=48)
# The risk team decides every held payment within this long of the hold (the review's service
# level); the hold then either goes through or the reserved money is released.
RISK_REVIEW_WITHIN = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Network:
    code: str
    assets: frozenset[Asset]
    required_confirmations: int
    block_seconds: int  # typical time between blocks, for "confirmations still needed × time"


NETWORKS: dict[str, Network] = {
    network.code: network
    for network in (
        Network("bitcoin", frozenset({Asset.BTC}), required_confirmations=2, block_seconds=600),
        Network("ethereum", frozenset({Asset.USDT}), required_confirmations=12, block_seconds=12),
        Network("tron", frozenset({Asset.USDT}), required_confirmations=19, block_seconds=3),
    )
}

# Where the wallet's deposit addresses live unless the caller says otherwise.
DEFAULT_DEPOSIT_NETWORK: dict[Asset, str] = {Asset.BTC: "bitcoin", Asset.USDT: "tron"}


def required_confirmations(network: str) -> int:
    known = NETWORKS.get(network)
    return known.required_confirmations if known else 0


def block_seconds(network: str) -> int:
    known = NETWORKS.get(network)
    return known.block_seconds if known else 0


def exceeds_limit(amount: Money) -> bool:
    return amount.amount_minor > PER_TRANSACTION_LIMIT[amount.asset]


def needs_risk_review(amount: Money, *, first_payment_to_merchant: bool) -> bool:
    return first_payment_to_merchant and amount.amount_minor >= RISK_REVIEW_THRESHOLD[amount.asset]


def issuer_answer(method: PaymentMethod, *, today: date, pull: bool) -> FailureCode | None:
    """How the card or bank answers a request, or None when it approves.

    `pull` is True when money is taken from the method (top-up, card payment) and False when it
    is sent to it (withdrawal): a bank cannot lack funds to receive money, so the
    insufficient-funds knob only matters for pulls. A timeout is returned as NETWORK_TIMEOUT;
    the rails keep such transactions pending, because the issuer may still have acted.
    """
    if method.is_expired(today):
        return FailureCode.PAYMENT_METHOD_EXPIRED
    if method.status == PaymentMethodStatus.BLOCKED:
        return FailureCode.ISSUER_DECLINED
    behaviour = IssuerBehaviour(method.issuer_behaviour)
    if behaviour == IssuerBehaviour.DECLINE:
        return FailureCode.ISSUER_DECLINED
    if behaviour == IssuerBehaviour.INSUFFICIENT_FUNDS and pull:
        return FailureCode.ISSUER_INSUFFICIENT_FUNDS
    if behaviour == IssuerBehaviour.TIMEOUT:
        return FailureCode.NETWORK_TIMEOUT
    return None
