"""A stored diagnosis (`Diagnosis.as_json()` in `IntakeRequest.diagnosis`) read back as a value.

The console draws the finding in the reading agent's language, so it keeps the codes and
evidence, never words, and rebuilds the `Diagnosis` to draw them from. A record written by an
older version that lacks a part reads as that part unknown, never as an error page.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import Enum
from typing import Any, TypeVar

from walletdesk.intake.diagnosis.contracts import (
    Action,
    Check,
    CheckCode,
    CheckState,
    Diagnosis,
    Outcome,
)
from walletdesk.wallet.contracts import (
    CryptoDetails,
    Direction,
    FailureCode,
    Money,
    TransactionInfo,
    TransactionKind,
    TransactionStatus,
)

E = TypeVar("E", bound=Enum)


def diagnosis_from_json(data: object) -> Diagnosis | None:
    """The diagnosis a stored record describes, or None when there is none (or it is not one)."""
    if not isinstance(data, Mapping):
        return None
    try:
        outcome = Outcome(str(data.get("outcome", "")))
    except ValueError:
        return None
    return Diagnosis(
        transaction=_transaction(data.get("transaction")),
        checks=tuple(c for c in map(_check, _list(data.get("checks"))) if c is not None),
        cause=str(data.get("cause") or ""),
        outcome=outcome,
        action=_enum(Action, data.get("action")) or Action.NONE,
        expected_by=_datetime(data.get("expected_by")),
        estimate_basis=str(data.get("estimate_basis") or ""),
    )


def _list(value: object) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _enum(cls: type[E], value: object) -> E | None:
    try:
        return cls(str(value)) if value not in (None, "") else None
    except ValueError:
        return None


def _datetime(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def _check(item: object) -> Check | None:
    if not isinstance(item, Mapping):
        return None
    code = _enum(CheckCode, item.get("code"))
    state = _enum(CheckState, item.get("state"))
    if code is None or state is None:
        return None
    evidence = item.get("evidence")
    facts = {str(k): str(v) for k, v in evidence.items()} if isinstance(evidence, Mapping) else {}
    return Check(code=code, state=state, evidence=facts)


def _money(value: object) -> Money | None:
    """Either {"amount_minor", "asset"} or the text form "1,234.50 CNY"."""
    try:
        if isinstance(value, Mapping):
            return Money(int(value["amount_minor"]), value["asset"])
        if isinstance(value, str) and " " in value:
            amount, asset = value.rsplit(" ", 1)
            return Money.from_decimal(amount.replace(",", ""), asset)  # type: ignore[arg-type]  # Money takes an asset code and checks it
    except (KeyError, TypeError, ValueError):
        return None
    return None


def _transaction(value: object) -> TransactionInfo | None:
    if not isinstance(value, Mapping):
        return None
    kind = _enum(TransactionKind, value.get("kind"))
    status = _enum(TransactionStatus, value.get("status"))
    amount = _money(value.get("amount"))
    created_at = _datetime(value.get("created_at"))
    if not value.get("ref") or kind is None or status is None or amount is None:
        return None
    if created_at is None:
        return None
    crypto = value.get("crypto")
    return TransactionInfo(
        ref=str(value["ref"]),
        kind=kind,
        status=status,
        amount=amount,
        direction=_enum(Direction, value.get("direction")) or Direction.IN,
        created_at=created_at,
        completed_at=_datetime(value.get("completed_at")),
        failure_code=_enum(FailureCode, value.get("failure_code")),
        payment_method_ref=_text_or_none(value.get("payment_method_ref")),
        merchant_ref=_text_or_none(value.get("merchant_ref")),
        counterparty=str(value.get("counterparty") or ""),
        description=str(value.get("description") or ""),
        crypto=_crypto(crypto) if isinstance(crypto, Mapping) else None,
    )


def _text_or_none(value: object) -> str | None:
    return str(value) if value else None


def _crypto(value: Mapping[str, Any]) -> CryptoDetails | None:
    try:
        return CryptoDetails(
            network=str(value.get("network") or ""),
            tx_hash=str(value.get("tx_hash") or ""),
            confirmations=int(value.get("confirmations") or 0),
            required_confirmations=int(value.get("required_confirmations") or 0),
            address=str(value.get("address") or ""),
            memo=str(value.get("memo") or ""),
        )
    except (TypeError, ValueError):
        return None
