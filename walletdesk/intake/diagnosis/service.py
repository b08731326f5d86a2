"""The diagnosis: the wallet's facts, checked in order, concluded."""

from __future__ import annotations

from walletdesk.core import clock
from walletdesk.intake.diagnosis import checks
from walletdesk.intake.diagnosis.conclude import conclude
from walletdesk.intake.diagnosis.contracts import (
    CAUSE_ADDRESS_NOT_OURS,
    CAUSE_NOT_FOUND,
    Action,
    Check,
    CheckCode,
    CheckState,
    Diagnosis,
    Outcome,
)
from walletdesk.wallet.contracts import TransactionKind
from walletdesk.wallet.gateway import get_gateway

# How far back a deposit's hash is looked for among the account's own deposits.
DEPOSIT_LOOKBACK = 200


def transaction_diagnose(account_ref: str, transaction_ref: str) -> Diagnosis:
    """Diagnose one of the account's transactions (`TransactionNotFound` for any other)."""
    facts = get_gateway().diagnose(account_ref, transaction_ref)
    return conclude(facts, checks.run(facts), clock.now())


def deposit_diagnose(account_ref: str, *, network: str, address: str, tx_hash: str) -> Diagnosis:
    """Coins the customer sent that match no deposit of theirs: was the address theirs?

    When the hash is one of the account's deposits after all, that deposit is diagnosed
    instead. Otherwise the coins never reached this account: sent to an address that is not
    one of its deposit addresses (often one a stranger supplied), or not seen on the chain yet.
    Both need a person, who can trace the hash; the evidence says which. Without an address
    (only the hash given) it is simply not seen: "not ours" is never said of no address.
    """
    gateway = get_gateway()
    deposits = gateway.list_transactions(
        account_ref, limit=DEPOSIT_LOOKBACK, kind=TransactionKind.CRYPTO_DEPOSIT
    )
    for deposit in deposits:
        if deposit.crypto is not None and deposit.crypto.tx_hash == tx_hash.strip():
            return transaction_diagnose(account_ref, deposit.ref)
    if not address.strip():
        # Only a hash: no address to compare, so nothing says a stranger's address took them.
        unseen = Check(CheckCode.DEPOSIT_ADDRESS, CheckState.SKIPPED, {})
        return _unseen((unseen,), CAUSE_NOT_FOUND)
    owned = gateway.deposit_address_owned(account_ref, network=network, address=address)
    evidence = {
        "network": network,
        "address": address,
        "tx_hash": tx_hash,
        "address_is_ours": "yes" if owned else "no",
        "deposit_seen": "no",
    }
    state = CheckState.PASSED if owned else CheckState.FAILED
    found = (Check(CheckCode.DEPOSIT_ADDRESS, state, evidence),)
    return _unseen(found, CAUSE_NOT_FOUND if owned else CAUSE_ADDRESS_NOT_OURS)


def _unseen(checks: tuple[Check, ...], cause: str) -> Diagnosis:
    """Coins that reached no deposit of this account: a person traces them."""
    return Diagnosis(
        transaction=None,
        checks=checks,
        cause=cause,
        outcome=Outcome.NEEDS_PERSON,
        action=Action.NONE,
    )
