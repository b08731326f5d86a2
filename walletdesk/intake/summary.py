"""What the agent sees of an intake at the top of its ticket: the finding, then the customer's
answers, then their own account — the problem first, then what they tried and read.

Account data (the transaction, the checks and their evidence, the finding drawn from them) is
left out when the requester is not proven to own the account: `show_account_data` is the
console's `ticket.requester_verified`, whoever looks.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from walletdesk.intake.checks import NETWORK_NAMES
from walletdesk.intake.definitions import DEFINITIONS, FieldKind
from walletdesk.intake.diagnosis.contracts import CheckState, Outcome
from walletdesk.intake.diagnosis.words import agent_summary, when
from walletdesk.intake.models import IntakeRequest
from walletdesk.intake.stored import diagnosis_from_json
from walletdesk.intake.texts import ARTICLES, STEPS_TRIED, WHAT_HAPPENED, articles_of
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.contracts import TransactionInfo
from walletdesk.wallet.errors import WalletError
from walletdesk.wallet.gateway import get_gateway

logger = logging.getLogger(__name__)

OUTCOME_LABELS = {
    Outcome.FIXABLE_NOW: _("The customer can fix it now"),
    Outcome.WAIT: _("It should settle by itself"),
    Outcome.NEEDS_PERSON: _("A person must finish it"),
    Outcome.NO_FAULT: _("Nothing went wrong"),
}
STATE_LABELS = {
    CheckState.PASSED: pgettext_lazy("intake check", "Passed"),
    CheckState.FAILED: pgettext_lazy("intake check", "Failed"),
    CheckState.SKIPPED: pgettext_lazy("intake check", "Does not apply"),
}
# Answers that name something in the account: shown only with the account data.
_ACCOUNT_KINDS = frozenset({FieldKind.TRANSACTION, FieldKind.PAYMENT_METHOD})
_NARRATIVE = frozenset({WHAT_HAPPENED, STEPS_TRIED, ARTICLES})


@dataclass(frozen=True)
class AnswerRow:
    label: str
    value: str


@dataclass(frozen=True)
class CheckRow:
    code: str
    state: str
    state_label: str
    evidence: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class AgentFinding:
    """The diagnosis, for the agent: the summary lines, the verdict and every check."""

    lines: tuple[str, ...]
    outcome: str
    outcome_label: str
    cause: str
    action: str
    expected_by: datetime | None
    estimate_basis: str
    transaction_ref: str
    checks: tuple[CheckRow, ...]
    skipped: int


@dataclass(frozen=True)
class IntakeSummary:
    account_data_shown: bool
    finding: AgentFinding | None  # None: not diagnosed, or account data withheld
    answers: tuple[AnswerRow, ...]
    happened: str
    tried: str
    articles: tuple[str, ...]


def intake_summary(*, ticket: Ticket, show_account_data: bool) -> IntakeSummary | None:
    """The latest intake behind this ticket (a second report may have joined it), or None
    when no intake led to it."""
    request = (
        IntakeRequest.objects.select_related("customer")
        .filter(ticket=ticket)
        .order_by("-created_at", "-id")
        .first()
    )
    if request is None:
        return None
    answers = {str(k): str(v) for k, v in (request.answers or {}).items()}
    return IntakeSummary(
        account_data_shown=show_account_data,
        finding=_finding(request) if show_account_data else None,
        answers=_answer_rows(request.problem_type, answers, show_account_data=show_account_data),
        happened=answers.get(WHAT_HAPPENED, "").strip(),
        tried=answers.get(STEPS_TRIED, "").strip(),
        articles=tuple(articles_of(answers.get(ARTICLES, ""))),
    )


def _finding(request: IntakeRequest) -> AgentFinding | None:
    if request.diagnosis is None:
        return None
    diagnosis = diagnosis_from_json(request.diagnosis, transaction=_transaction(request))
    if diagnosis is None:
        return None
    lines = tuple(line for line in agent_summary(diagnosis).splitlines() if line.strip())
    return AgentFinding(
        lines=lines,
        outcome=diagnosis.outcome.value,
        outcome_label=str(OUTCOME_LABELS[diagnosis.outcome]),
        cause=diagnosis.cause,
        action=diagnosis.action.value,
        expected_by=diagnosis.expected_by,
        estimate_basis=diagnosis.estimate_basis,
        transaction_ref=request.transaction_ref,
        checks=tuple(
            CheckRow(
                code=check.code.value,
                state=check.state.value,
                state_label=str(STATE_LABELS[check.state]),
                evidence=tuple(check.evidence.items()),
            )
            for check in diagnosis.checks
            if check.state != CheckState.SKIPPED
        ),
        # Checks that do not apply (the chain's, for a card payment) are counted, not listed.
        skipped=sum(1 for check in diagnosis.checks if check.state == CheckState.SKIPPED),
    )


def _shown(kind: FieldKind, value: str) -> str:
    """A stored answer as people read it: times in Beijing time, networks by their name."""
    if kind == FieldKind.DATETIME:
        try:
            return when(datetime.fromisoformat(value))
        except ValueError:
            return value
    if kind == FieldKind.NETWORK and value in NETWORK_NAMES:
        return str(NETWORK_NAMES[value])
    return value


def _transaction(request: IntakeRequest) -> TransactionInfo | None:
    """The diagnosed transaction as the wallet shows it now; None when it cannot be read (the
    finding still shows, from the record)."""
    account_ref = request.customer.wallet_account_ref
    if not (account_ref and request.transaction_ref):
        return None
    try:
        return get_gateway().get_transaction(account_ref, request.transaction_ref)
    except WalletError as error:
        logger.warning("intake summary: transaction unavailable: %s", error.code)
        return None


def _answer_rows(
    problem_type: str, answers: dict[str, str], *, show_account_data: bool
) -> tuple[AnswerRow, ...]:
    """The structured answers in the definition's order, with its labels; answers the
    definition no longer asks follow under their field name."""
    definition = DEFINITIONS.get(problem_type)
    fields = definition.fields if definition is not None else ()
    rows: list[AnswerRow] = []
    seen: set[str] = set(_NARRATIVE)
    for field in fields:
        seen.add(field.name)
        value = answers.get(field.name, "").strip()
        if field.name in _NARRATIVE or not value:
            continue
        if field.kind in _ACCOUNT_KINDS and not show_account_data:
            continue
        rows.append(AnswerRow(label=str(field.label), value=_shown(field.kind, value)))
    for name, value in answers.items():
        if name not in seen and value.strip() and show_account_data:
            rows.append(AnswerRow(label=name, value=value.strip()))
    return tuple(rows)
