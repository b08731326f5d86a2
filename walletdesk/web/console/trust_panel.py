"""What the ticket page shows of the official-channel work: the phishing reports of a report
ticket (with confirm / reject for those who may), and the agent's own live contact code."""

from __future__ import annotations

from typing import Any

from walletdesk.identity.models import User
from walletdesk.safety.selectors import reports_for_ticket
from walletdesk.security.contact_codes import contact_codes_of_agent
from walletdesk.security.reports import may_decide_reports, verdict_now
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket


def trust_context(*, user: User, ticket: Ticket) -> dict[str, Any]:
    """For a ticket the caller has already read through a permission-checked selector."""
    proven = ticket.requester if ticket.requester_verified else None
    context: dict[str, Any] = {"contact_possible": proven is not None}
    if proven is not None:
        context["my_contact_codes"] = contact_codes_of_agent(user=user, customer=proven)
    if ticket.problem_type == ProblemType.PHISHING_REPORT:
        context["phishing_reports"] = [
            {"report": report, "verdict": verdict_now(report)}
            for report in reports_for_ticket(ticket.pk)
        ]
        context["may_decide_reports"] = may_decide_reports(user)
    return context
