"""Reads of tickets, always through the viewer's permissions."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Max, Prefetch, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import NotFound
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.choices import ACTIVE_STATUSES, MessageKind
from walletdesk.tickets.models import Attachment, Message, Ticket
from walletdesk.tickets.permissions import can_view_customer, tickets_visible_to
from walletdesk.tickets.search import visible_hits

SEARCH_LIMIT = 200  # ranked matches the inbox shows for a text query, before its other filters


class TicketNotFound(NotFound):
    code = "ticket_not_found"
    default_message = _("Ticket not found.")


class CustomerNotFound(NotFound):
    code = "customer_not_found"
    default_message = _("Customer not found.")


@dataclass(frozen=True)
class InboxFilters:
    """Inbox filters; empty strings mean "any". `status="active"` means every unsolved status."""

    status: str = "active"
    channel: str = ""
    problem_type: str = ""
    team: str = ""
    assignee: str = ""  # a user id, "me" or "none"
    query: str = ""
    requester_id: int | None = None
    order: str = "queue"  # "queue": priority, then oldest; "updated": newest update first


def _is_id(text: str) -> bool:
    """ASCII digits that fit a database id ("²".isdigit() is true, but int("²") fails)."""
    return text.isascii() and text.isdigit() and len(text) <= 18


def inbox(*, user: User, filters: InboxFilters) -> QuerySet[Ticket]:
    tickets = tickets_visible_to(user).select_related("requester", "assignee", "team")
    if filters.status == "active":
        tickets = tickets.filter(status__in=ACTIVE_STATUSES)
    elif filters.status:
        tickets = tickets.filter(status=filters.status)
    if filters.channel:
        tickets = tickets.filter(channel=filters.channel)
    if filters.problem_type:
        tickets = tickets.filter(problem_type=filters.problem_type)
    if filters.team:
        tickets = tickets.filter(team__code=filters.team)
    if filters.assignee == "me":
        tickets = tickets.filter(assignee=user)
    elif filters.assignee == "none":
        tickets = tickets.filter(assignee__isnull=True)
    elif _is_id(filters.assignee):
        tickets = tickets.filter(assignee_id=int(filters.assignee))
    ranked = False
    if filters.query:
        term = filters.query.strip()
        reference = term.upper().removeprefix("WD-").lstrip("0")
        # A ticket number is short; a longer run of digits is a phone or a transaction id.
        if _is_id(reference) and (term.upper().startswith("WD-") or len(term) <= 8):
            tickets = tickets.filter(pk=int(reference))
        else:
            tickets, ranked = _matching(tickets, user=user, term=term), True
    if filters.requester_id is not None:
        tickets = tickets.filter(requester_id=filters.requester_id)
    if filters.order == "updated":
        return tickets.order_by("-updated_at", "-id")
    if ranked:
        return tickets.order_by("search_rank", "-id")
    return tickets.order_by("-priority", "created_at", "id")


def _matching(tickets: QuerySet[Ticket], *, user: User, term: str) -> QuerySet[Ticket]:
    """The tickets holding every word of `term` (full-text), annotated with their rank."""
    ids = [hit.doc_id for hit in visible_hits(user, term, limit=SEARCH_LIMIT)]
    rank = Case(
        *(When(pk=ticket_id, then=Value(n)) for n, ticket_id in enumerate(ids)),
        default=Value(len(ids)),
        output_field=IntegerField(),
    )
    return tickets.filter(pk__in=ids).annotate(search_rank=rank)


def ticket_for_user(*, user: User, ticket_id: int) -> Ticket:
    """A ticket the user may see. Unknown and forbidden look the same: not found."""
    ticket = (
        tickets_visible_to(user)
        .select_related("requester", "assignee", "team")
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise TicketNotFound()
    return ticket


def tickets_for_customer(*, customer: Customer) -> QuerySet[Ticket]:
    """The customer's tickets, each with `last_public_at`: the time of the latest public
    message. `updated_at` also moves for internal notes, which customers must not learn of."""
    return (
        Ticket.objects.filter(requester=customer, requester_verified=True)
        .annotate(
            last_public_at=Max("messages__created_at", filter=Q(messages__kind=MessageKind.REPLY))
        )
        .order_by("-created_at")
    )


def ticket_for_customer(*, customer: Customer, ticket_id: int) -> Ticket:
    ticket = Ticket.objects.filter(
        pk=ticket_id, requester=customer, requester_verified=True
    ).first()
    if ticket is None:
        raise TicketNotFound()
    return ticket


def thread(*, ticket: Ticket, include_internal: bool) -> QuerySet[Message]:
    """The messages of a ticket, oldest first. Customers never get internal notes."""
    messages = (
        Message.objects.filter(ticket=ticket)
        .select_related("author_user", "author_customer", "recorded_by")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.order_by("id")))
    )
    if not include_internal:
        messages = messages.filter(kind=MessageKind.REPLY)
    return messages.order_by("created_at", "id")


def customer_for_user(*, user: User, customer_id: int) -> Customer:
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None or not can_view_customer(user, customer):
        raise CustomerNotFound()
    return customer


def attachment_for_user(*, user: User, attachment_id: int) -> Attachment:
    attachment = (
        Attachment.objects.select_related("message__ticket").filter(pk=attachment_id).first()
    )
    if (
        attachment is None
        or not tickets_visible_to(user).filter(pk=attachment.message.ticket_id).exists()
    ):
        raise NotFound()
    return attachment


def attachment_for_customer(*, customer: Customer, attachment_id: int) -> Attachment:
    attachment = (
        Attachment.objects.select_related("message__ticket")
        .filter(
            pk=attachment_id,
            message__ticket__requester=customer,
            message__ticket__requester_verified=True,
            message__kind=MessageKind.REPLY,
        )
        .first()
    )
    if attachment is None:
        raise NotFound()
    return attachment


def previous_tickets(*, user: User, customer: Customer, exclude_id: int) -> QuerySet[Ticket]:
    return (
        tickets_visible_to(user)
        .filter(requester=customer)
        .exclude(pk=exclude_id)
        .order_by("-created_at")[:10]
    )


def assignable_users() -> QuerySet[User]:
    """Console users a ticket can be assigned to (what `ticket_update` accepts), by name."""
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")
