"""What the ticket page and its fragments render, gathered in one place.

The page and every fragment of it (thread, header, properties, history, customer panel) read
through the same permission-checked selectors, so a fragment URL never shows more than the page.
"""

from __future__ import annotations

from typing import Any

from walletdesk.chat.selectors import conversation_for_ticket
from walletdesk.core.masking import mask_email, mask_phone
from walletdesk.identity.models import Customer, User
from walletdesk.intake.summary import intake_summary
from walletdesk.outbox.selectors import delivery_states
from walletdesk.security.evidence.access import evidence_allowed
from walletdesk.tickets import selectors
from walletdesk.tickets.choices import Channel, Status
from walletdesk.tickets.models import Ticket
from walletdesk.web.console.assistant_panel import assistant_context
from walletdesk.web.console.display import history_rows
from walletdesk.web.console.forms import ComposerForm, TicketPropertiesForm
from walletdesk.web.console.trust_panel import trust_context
from walletdesk.web.console.wallet_panel import matched_transaction, wallet_view


def thread_context(ticket: Ticket) -> dict[str, Any]:
    messages = selectors.thread(ticket=ticket, include_internal=True)
    return {
        "ticket": ticket,
        "thread_messages": messages,
        # One query for the whole thread; the template reads the evaluated `messages` again.
        "deliveries": delivery_states(source_message_ids=[message.pk for message in messages]),
    }


def fragments_context(ticket: Ticket) -> dict[str, Any]:
    """Everything a change to the ticket can alter: header, properties, history and thread."""
    return {
        **thread_context(ticket),
        "properties": TicketPropertiesForm(ticket=ticket, users=selectors.assignable_users()),
        "history": history_rows(
            ticket.events.select_related("actor_user", "actor_customer").order_by(
                "created_at", "id"
            )
        ),
        "closed": ticket.status == Status.CLOSED,
    }


def panel_context(
    *, user: User, customer: Customer, exclude_ticket_id: int | None
) -> dict[str, Any]:
    """The customer panel: who they are (contact details masked), their wallet, their history."""
    return {
        "customer": customer,
        "masked_email": mask_email(customer.email),
        "masked_phone": mask_phone(customer.phone),
        "wallet": wallet_view(customer),
        "previous": selectors.previous_tickets(
            user=user, customer=customer, exclude_id=exclude_ticket_id or 0
        ),
        "exclude_ticket_id": exclude_ticket_id,
        "evidence_allowed": evidence_allowed(user=user, customer=customer),
    }


def page_context(*, user: User, ticket: Ticket) -> dict[str, Any]:
    context = fragments_context(ticket)
    context["composer"] = ComposerForm()
    # A requester matched only by what a channel claims is not shown with account data: not the
    # wallet panel, not the matched transaction, whoever looks (supervisors included).
    proven = ticket.requester if ticket.requester_verified else None
    # The intake's finding at the top, under the same rule: account data only for a proven one.
    context["intake"] = intake_summary(ticket=ticket, show_account_data=ticket.requester_verified)
    context["matched"] = matched_transaction(
        customer=proven, transaction_ref=ticket.transaction_ref
    )
    if proven is not None:
        # The same object-level check as the panel's own URL, not a shortcut through the ticket.
        customer = selectors.customer_for_user(user=user, customer_id=proven.pk)
        context["panel"] = panel_context(user=user, customer=customer, exclude_ticket_id=ticket.pk)
    context.update(trust_context(user=user, ticket=ticket))
    context.update(assistant_context(ticket, context["thread_messages"]))
    if ticket.channel == Channel.CHAT:
        # The live chat this ticket records, when the agent may open it (the chat's own rule).
        context["chat"] = conversation_for_ticket(user=user, ticket_id=ticket.pk)
    return context
