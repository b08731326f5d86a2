"""A stored diagnosis (`Diagnosis.as_json()` in `IntakeRequest.diagnosis`) read back as a value.

The console draws the finding in the reading agent's language, so the record keeps the codes
and evidence, never words, and the `Diagnosis` is rebuilt to draw them from. A record written by an
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
from walletdesk.wallet.contracts import TransactionInfo

E = TypeVar("E", bound=Enum)


def diagnosis_from_json(data: object, *, transaction: TransactionInfo | None) -> Diagnosis | None:
    """The diagnosis a stored record describes, or None when there is none (or it is not one).
    The record keeps only the transaction's reference; `transaction` is that transaction as the
    wallet shows it now (None when it cannot be read)."""
    if not isinstance(data, Mapping):
        return None
    try:
        outcome = Outcome(str(data.get("outcome", "")))
    except ValueError:
        return None
    return Diagnosis(
        transaction=transaction,
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
