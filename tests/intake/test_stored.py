"""A stored diagnosis reads back as the value it was, and a damaged record reads as none."""

from __future__ import annotations

import datetime as dt

import pytest

from walletdesk.intake.diagnosis.contracts import (
    Action,
    Check,
    CheckCode,
    CheckState,
    Diagnosis,
    Outcome,
)
from walletdesk.intake.stored import diagnosis_from_json

WAITING = Diagnosis(
    transaction=None,
    checks=(
        Check(CheckCode.BALANCE, CheckState.SKIPPED, {}),
        Check(CheckCode.CHAIN_CONFIRMATIONS, CheckState.FAILED, {"confirmations": "3 / 20"}),
    ),
    cause="awaiting_confirmations",
    outcome=Outcome.WAIT,
    action=Action.NONE,
    expected_by=dt.datetime(2025, 3, 14, 2, 1, tzinfo=dt.UTC),
    estimate_basis="17 confirmations × 3 s",
)


def test_a_stored_diagnosis_reads_back_as_it_was() -> None:
    assert diagnosis_from_json(WAITING.as_json(), transaction=None) == WAITING


@pytest.mark.parametrize(
    "record",
    [None, [], "wait", {}, {"outcome": "maybe"}, {"outcome": 3}],
)
def test_a_record_that_is_not_a_diagnosis_reads_as_none(record: object) -> None:
    assert diagnosis_from_json(record, transaction=None) is None


def test_damaged_parts_are_left_out_not_raised() -> None:
    record = {
        "outcome": "needs_person",
        "action": "dance",
        "expected_by": "soon",
        "checks": [{"code": "balance", "state": "passed", "evidence": "x"}, {"code": "?"}, 7],
    }
    diagnosis = diagnosis_from_json(record, transaction=None)
    assert diagnosis is not None
    assert diagnosis.action == Action.NONE
    assert diagnosis.expected_by is None
    assert diagnosis.checks == (Check(CheckCode.BALANCE, CheckState.PASSED, {}),)
