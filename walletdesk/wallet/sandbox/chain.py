"""Simulated blockchains: digital-asset deposits and withdrawals, and their confirmations.

A deposit is decided in this order:
    sent on another network than the address watches → failed, wrong_network (no money moves;
        recovery is a manual job for the operator)
    memo/tag required but missing → pending, missing_memo (the coins are at the operator's
        address but nobody knows whose they are; `corrections.resolve_pending` attributes them)
    fewer confirmations than the network requires → pending, awaiting_confirmations
    otherwise → credited.
`confirm` reports new confirmations and credits a deposit once it has enough. A withdrawal is
broadcast at once: the money is held while it waits for confirmations, then leaves for good.
The chain confirms whether or not the account was frozen in between; it is already on-chain.
"""

from __future__ import annotations

import hashlib

from django.db import transaction

from walletdesk.wallet.contracts import (
    Direction,
    FailureCode,
    Money,
    TransactionInfo,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.errors import (
    DuplicateRequest,
    InvalidWalletRequest,
    TransactionStateConflict,
)
from walletdesk.wallet.sandbox import convert, policy, records
from walletdesk.wallet.sandbox.models import Account, DepositAddress, Transaction

_CRYPTO_KINDS = frozenset({TransactionKind.CRYPTO_DEPOSIT, TransactionKind.CRYPTO_WITHDRAWAL})


def crypto_deposit(
    account_ref: str,
    amount: Money,
    *,
    network: str,
    tx_hash: str,
    address: str,
    key: str,
    memo: str = "",
    expected_network: str | None = None,
    memo_required: bool = False,
    confirmations: int = 0,
    description: str = "",
) -> TransactionInfo:
    """Coins seen arriving at one of the account's deposit addresses.

    The address's network is where it listens: a registered address's own
    (`seeding.add_deposit_address`, whose memo also makes the memo required), else
    `expected_network` or the asset's usual one (`policy.DEFAULT_DEPOSIT_NETWORK`), and such an
    address is registered to the account from then on. Either way the transaction records it,
    so a diagnosis can compare the two networks later. One on-chain hash is credited once.
    """
    records.check_key(key)
    records.require_positive(amount)
    if not tx_hash or not address or confirmations < 0:
        raise InvalidWalletRequest("A deposit needs its transaction hash and address.")
    with transaction.atomic():
        account = records.lock_account(account_ref)
        registered = DepositAddress.objects.filter(account=account, address=address).first()
        expected = _listening_network(registered, amount, expected_network)
        memo_required = memo_required or bool(registered and registered.memo)
        fingerprint = records.fingerprint(
            "crypto_deposit",
            amount=[amount.amount_minor, amount.asset.value],
            network=network,
            tx_hash=tx_hash,
            address=address,
            memo=memo,
            expected=expected,
            memo_required=memo_required,
            confirmations=confirmations,
            description=description,
        )
        if (earlier := records.replay(account, key, fingerprint)) is not None:
            return convert.transaction_info(earlier)
        seen = Transaction.objects.filter(
            kind=TransactionKind.CRYPTO_DEPOSIT, network=network, tx_hash=tx_hash
        )
        if seen.exists():
            raise DuplicateRequest("This on-chain transaction has already been recorded.")
        if registered is None:
            _register(account, amount, expected, address, memo if memo_required else "")
        required = policy.required_confirmations(network)
        code = None
        if network != expected:
            code = FailureCode.WRONG_NETWORK
        elif memo_required and not memo:
            code = FailureCode.MISSING_MEMO
        elif confirmations < required:
            code = FailureCode.AWAITING_CONFIRMATIONS
        tx = records.new_transaction(
            account,
            key=key,
            request_fingerprint=fingerprint,
            kind=TransactionKind.CRYPTO_DEPOSIT,
            direction=Direction.IN,
            amount=amount,
            network=network,
            expected_network=expected,
            memo_required=memo_required,
            tx_hash=tx_hash,
            address=address,
            memo=memo,
            confirmations=confirmations,
            required_confirmations=required,
            description=description,
        )
        return convert.transaction_info(records.conclude(tx, code))


def _listening_network(registered: DepositAddress | None, amount: Money, given: str | None) -> str:
    if registered is not None:
        if given is not None and given != registered.network:
            raise InvalidWalletRequest("This deposit address listens on another network.")
        return registered.network
    expected = given or policy.DEFAULT_DEPOSIT_NETWORK.get(amount.asset)
    if expected is None:
        raise InvalidWalletRequest("Only digital assets arrive on a chain.")
    return expected


def _register(account: Account, amount: Money, network: str, address: str, memo: str) -> None:
    """Remember an address first seen in a deposit as the account's (a staging shortcut for
    seeds that never called `seeding.add_deposit_address`). One already given to another
    account stays theirs: the deposit is recorded, the address is not this account's."""
    if DepositAddress.objects.filter(network=network, address=address, memo=memo).exists():
        return
    DepositAddress.objects.create(
        account=account, asset=amount.asset, network=network, address=address, memo=memo
    )


def crypto_withdraw(
    account_ref: str,
    amount: Money,
    *,
    network: str,
    address: str,
    key: str,
    memo: str = "",
    description: str = "",
) -> TransactionInfo:
    """Send coins to an outside address. Frozen → refused; over the limit or short of balance →
    failed; otherwise broadcast and pending until `confirm` reports enough confirmations."""
    records.check_key(key)
    records.require_positive(amount)
    known = policy.NETWORKS.get(network)
    if known is None or amount.asset not in known.assets:
        raise InvalidWalletRequest("This asset cannot be sent on this network.")
    if not address:
        raise InvalidWalletRequest("A withdrawal needs a destination address.")
    with transaction.atomic():
        account = records.lock_account(account_ref)
        fingerprint = records.fingerprint(
            "crypto_withdraw",
            amount=[amount.amount_minor, amount.asset.value],
            network=network,
            address=address,
            memo=memo,
            description=description,
        )
        if (earlier := records.replay(account, key, fingerprint)) is not None:
            return convert.transaction_info(earlier)
        records.refuse_if_frozen(account)
        code = (
            (FailureCode.LIMIT_EXCEEDED if policy.exceeds_limit(amount) else None)
            or records.balance_short(account, amount)
            or FailureCode.AWAITING_CONFIRMATIONS
        )
        ref = records.transaction_ref(account.ref, key)
        tx = records.new_transaction(
            account,
            key=key,
            request_fingerprint=fingerprint,
            kind=TransactionKind.CRYPTO_WITHDRAWAL,
            direction=Direction.OUT,
            amount=amount,
            network=network,
            # Only a broadcast withdrawal has a hash; derived from the ref so it is stable.
            tx_hash=""
            if code != FailureCode.AWAITING_CONFIRMATIONS
            else hashlib.sha256(ref.encode()).hexdigest(),
            address=address,
            memo=memo,
            required_confirmations=known.required_confirmations,
            counterparty=address,
            description=description,
        )
        return convert.transaction_info(records.conclude(tx, code))


def confirm(transaction_ref: str, *, confirmations: int) -> TransactionInfo:
    """The chain reports `confirmations` for a deposit or withdrawal. Counts only go up, so
    late or repeated reports are harmless."""
    if confirmations < 0:
        raise InvalidWalletRequest("Confirmations cannot be negative.")
    with transaction.atomic():
        tx = records.lock_transaction(transaction_ref)
        if tx.kind not in _CRYPTO_KINDS:
            raise TransactionStateConflict("Only on-chain transactions have confirmations.")
        if confirmations > tx.confirmations:
            tx.confirmations = confirmations
            tx.save(update_fields=["confirmations"])
        if (
            tx.status == TransactionStatus.PENDING
            and tx.failure_code == FailureCode.AWAITING_CONFIRMATIONS
            and tx.confirmations >= tx.required_confirmations
        ):
            records.settle(tx)
        return convert.transaction_info(tx)
