"""The intake's steps as services: start, confirm a transaction, resolve, or hand over to a person.

Every channel (portal now; chat, email and the phone menu later) walks the same steps, so the
ticket a person finally opens already holds the answers, the transaction and the finding.
"""

from __future__ import annotations

from walletdesk.identity.models import Customer
from walletdesk.intake.answers import IntakeAnswers
from walletdesk.intake.diagnosis.contracts import Diagnosis
from walletdesk.intake.models import IntakeRequest
from walletdesk.tickets.inbound.contracts import InboundResult


def intake_start(
    *, customer: Customer, answers: IntakeAnswers, channel: str, language: str
) -> IntakeRequest:
    """Store what the customer said (free text redacted first)."""
    raise NotImplementedError


def intake_confirm(request: IntakeRequest, *, transaction_ref: str) -> Diagnosis:
    """The customer says which transaction they mean: diagnose it and keep the diagnosis.
    Only the customer's own transactions (`TransactionNotFound` otherwise)."""
    raise NotImplementedError


def intake_resolve(request: IntakeRequest) -> None:
    """The customer says self-service solved it: no ticket."""
    raise NotImplementedError


def intake_handover(request: IntakeRequest) -> InboundResult:
    """Open (once: a second call returns the same ticket) the ticket that carries the answers,
    the transaction and the diagnosis; money problems a person must finish go to the payments
    team."""
    raise NotImplementedError
