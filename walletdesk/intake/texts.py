"""The customer's own words in an intake: which answers are free text, and their redaction.

Free text goes through the safety app's redactor before it is stored, exactly as every inbound
message does. Answers whose format validation already fixed (a time, an amount, a network, a
transaction hash, an address, a reference, the registered email or phone) are kept as they
are: a redactor looking for keys must not mistake a 64-digit transaction hash for one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from walletdesk.intake.answers import IntakeAnswers, TransactionCriteria
from walletdesk.intake.definitions import DEFINITIONS, FieldKind
from walletdesk.safety.redaction import Finding, redact

# The stable field names of the customer's own account of the problem.
WHAT_HAPPENED = "happened"
STEPS_TRIED = "tried"
ARTICLES = "articles"

_FORMATTED = frozenset(
    {
        FieldKind.DATETIME,
        FieldKind.AMOUNT,
        FieldKind.CURRENCY,
        FieldKind.NETWORK,
        FieldKind.TX_HASH,
        FieldKind.ADDRESS,
        FieldKind.TRANSACTION,
        FieldKind.IDENTIFIER,
    }
)


def free_text_fields(problem_type: str) -> frozenset[str] | None:
    """The names of the free-text fields of this problem type; None: not known, so every
    answer is treated as free text."""
    definition = DEFINITIONS.get(problem_type)
    if definition is None:
        return None
    return frozenset(f.name for f in definition.fields if f.kind not in _FORMATTED)


def redacted_answers(answers: IntakeAnswers) -> tuple[dict[str, str], tuple[Finding, ...]]:
    """`answers.as_json()` with every free text redacted, and what the redactor found."""
    free = free_text_fields(answers.problem_type)
    findings: list[Finding] = []
    stored: dict[str, str] = {}
    for name, value in answers.as_json().items():
        if value and (free is None or name in free):
            result = redact(value, field=f"intake.{name}")
            findings.extend(result.findings)
            value = result.text
        stored[name] = value
    return stored, tuple(findings)


def stored_criteria(
    answers: IntakeAnswers, stored: Mapping[str, str]
) -> TransactionCriteria | None:
    """`answers.criteria()` with its free text (the counterparty, a payment method described
    in words) as the request stored it, redacted: whatever a channel keeps between steps
    holds no more of the customer's words than the request does."""
    criteria = answers.criteria()
    if criteria is None:
        return None
    counterparty = stored.get("counterparty", "") if criteria.counterparty else ""
    hint = stored.get("payment_method", "") if criteria.payment_method_hint else ""
    return replace(criteria, counterparty=counterparty.strip(), payment_method_hint=hint.strip())


def articles_of(value: object) -> list[str]:
    """The help articles read, from a stored answer (one per line or comma separated)."""
    if isinstance(value, str):
        parts: Sequence[object] = value.replace("\n", ",").split(",")
    elif isinstance(value, list | tuple):
        parts = value
    else:
        return []
    return [text for part in parts if (text := str(part).strip())]
