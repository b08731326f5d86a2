"""The diagnosis: the wallet's facts, checked in order, concluded."""

from __future__ import annotations

from walletdesk.intake.diagnosis.contracts import Diagnosis


def transaction_diagnose(account_ref: str, transaction_ref: str) -> Diagnosis:
    """Diagnose one of the account's transactions (`TransactionNotFound` for any other)."""
    raise NotImplementedError


def deposit_diagnose(account_ref: str, *, network: str, address: str, tx_hash: str) -> Diagnosis:
    """Coins the customer sent that match no deposit of theirs: was the address theirs?"""
    raise NotImplementedError
