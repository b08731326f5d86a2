"""A diagnosis in words: plain for the customer, compact for the agent, in the active language."""

from __future__ import annotations

from walletdesk.intake.diagnosis.contracts import Diagnosis, Explanation


def customer_explanation(diagnosis: Diagnosis) -> Explanation:
    raise NotImplementedError


def agent_summary(diagnosis: Diagnosis) -> str:
    """Two or three lines for the top of the ticket: cause code, the failing check's evidence,
    the outcome ("needs_person · wrong_network · sent on ethereum, address listens on tron")."""
    raise NotImplementedError
