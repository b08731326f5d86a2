"""Stand-ins for the seam functions other work packages implement (removed once they land)."""

from __future__ import annotations

from datetime import datetime

import pytest

from walletdesk.intake.answers import IntakeAnswers, TransactionCriteria
from walletdesk.intake.diagnosis.contracts import (
    CAUSE_ADDRESS_NOT_OURS,
    Action,
    Check,
    CheckCode,
    CheckState,
    Diagnosis,
    Explanation,
    Outcome,
)
from walletdesk.intake.matching import Candidate, MatchReason
from walletdesk.wallet.gateway import get_gateway


def _answers_json(self: IntakeAnswers) -> dict[str, str]:
    return {k: v.isoformat() if isinstance(v, datetime) else str(v) for k, v in self.values.items()}


def _diagnosis_json(self: Diagnosis) -> dict[str, object]:
    return {
        "transaction_ref": self.transaction.ref if self.transaction else None,
        "cause": self.cause,
        "outcome": self.outcome.value,
        "action": self.action.value,
        "expected_by": self.expected_by.isoformat() if self.expected_by else None,
        "estimate_basis": self.estimate_basis,
        "checks": [
            {"code": c.code.value, "state": c.state.value, "evidence": dict(c.evidence)}
            for c in self.checks
        ],
    }


def _diagnose(account_ref: str, transaction_ref: str) -> Diagnosis:
    tx = get_gateway().get_transaction(account_ref, transaction_ref)
    failed = tx.failure_code is not None
    return Diagnosis(
        transaction=tx,
        checks=(
            Check(CheckCode.BALANCE, CheckState.SKIPPED, {}),
            Check(
                CheckCode.ISSUER,
                CheckState.FAILED if failed else CheckState.PASSED,
                {"issuer_answer": "declines" if failed else "approves"},
            ),
        ),
        cause=tx.failure_code.value if tx.failure_code else "none",
        outcome=Outcome.FIXABLE_NOW if failed else Outcome.NO_FAULT,
        action=Action.CONTACT_BANK if failed else Action.NONE,
    )


def _deposit(account_ref: str, *, network: str, address: str, tx_hash: str) -> Diagnosis:
    return Diagnosis(None, (), CAUSE_ADDRESS_NOT_OURS, Outcome.NEEDS_PERSON, Action.NONE)


def _candidates(account_ref: str, criteria: TransactionCriteria) -> list[Candidate]:
    found = get_gateway().list_transactions(account_ref, limit=50)
    same = [tx for tx in found if criteria.amount is None or tx.amount == criteria.amount]
    return [Candidate(tx, 1.0, (MatchReason("same_amount", "Same amount"),)) for tx in same]


def _summary(diagnosis: Diagnosis) -> str:
    return f"{diagnosis.outcome.value} · {diagnosis.cause}\nchecks: {len(diagnosis.checks)}"


def _explain(diagnosis: Diagnosis) -> Explanation:
    return Explanation(title=f"title:{diagnosis.cause}", cause="cause", fix="fix")


@pytest.fixture
def seam(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(IntakeAnswers, "as_json", _answers_json)
    monkeypatch.setattr(Diagnosis, "as_json", _diagnosis_json)
    for target in ("walletdesk.intake.handover", "walletdesk.intake.lookup"):
        monkeypatch.setattr(f"{target}.transaction_diagnose", _diagnose)
    monkeypatch.setattr("walletdesk.intake.lookup.deposit_diagnose", _deposit)
    monkeypatch.setattr("walletdesk.intake.lookup.candidates_find", _candidates)
    monkeypatch.setattr("walletdesk.intake.summary.agent_summary", _summary)
    monkeypatch.setattr("walletdesk.api.views.diagnose.agent_summary", _summary)
    monkeypatch.setattr("walletdesk.api.views.diagnose.customer_explanation", _explain)
