"""Which self-service flow answers which problem type (codes only; pages are the web's)."""

from __future__ import annotations

from walletdesk.assistant.contracts import Flow
from walletdesk.vocab.choices import ProblemType

FLOW_FOR_TYPE: dict[str, str] = {
    ProblemType.ACCOUNT_STOLEN: Flow.FREEZE,
    ProblemType.PASSWORD_RESET: Flow.PASSWORD_RESET,
    ProblemType.TWO_FACTOR: Flow.TWO_FACTOR,
    ProblemType.TOPUP_NOT_CREDITED: Flow.DIAGNOSIS,
    ProblemType.TRANSACTION_FAILED: Flow.DIAGNOSIS,
    ProblemType.PAYMENT_METHOD: Flow.DIAGNOSIS,
    ProblemType.MERCHANT_ISSUE: Flow.DIAGNOSIS,
    ProblemType.ACCOUNT_FROZEN: Flow.UNFREEZE,
    ProblemType.PHISHING_REPORT: Flow.REPORT,
    # No self-service flow: the contact form for the type asks what the team needs.
    ProblemType.IDENTITY_VERIFICATION: Flow.CONTACT,
    ProblemType.FEES_LIMITS: Flow.CONTACT,
    # "Other" has nothing to point to but a person.
}


def flow_for(problem_type: str) -> str | None:
    return FLOW_FOR_TYPE.get(problem_type)
