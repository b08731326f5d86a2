"""Console ticket search on `walletdesk.core.search`: what a ticket's document holds, keeping it
current, and searching only within the tickets an agent may see.

A ticket's document is a function of the database: its reference, subject, every message
(public and internal: only console users search), the requester's name, email and phone (the
phone in its E.164 digits and national spelling, so "+86 138 0013 8000" and "13800138000" both
find it) and the transaction reference. Every save of a ticket, message or customer schedules a
re-index after commit (`schedule_reindex`); `walletdesk manage reindex_search` rebuilds the whole
kind, which also repairs a crash between a commit and its re-index.

Ranking is the search store's; the permission filter runs afterwards on the ids it returned, in
batches, so a search costs the same whatever the size of the table.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import phonenumbers
from django.db import transaction
from django.db.models import Prefetch
from django.utils.safestring import SafeString

from walletdesk.core import search
from walletdesk.core.phones import InvalidPhone, phone_e164
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.models import Message, Ticket
from walletdesk.tickets.permissions import visible_tickets_q

KIND = "ticket"
BATCH = 200  # ids asked of the store at a time before the permission filter
MAX_BATCHES = 5  # past 1,000 ranked matches the agent should narrow the query
REINDEX_CHUNK = 500
_PHONE_LIKE = re.compile(r"^[+\d\s\-().]{7,}$")
_pending = threading.local()
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class TicketHit:
    ticket_id: int
    score: float
    snippet: SafeString


def _phone_spellings(raw: str) -> list[str]:
    """E.164 digits and the national number: how agents type a phone into the search box."""
    try:
        number = phonenumbers.parse(phone_e164(raw))
    except (InvalidPhone, phonenumbers.NumberParseException):
        return [raw]
    return [f"{number.country_code}{number.national_number}", str(number.national_number)]


def ticket_document(ticket: Ticket, messages: Sequence[Message]) -> search.Document:
    """The thread comes first, so a snippet with no hit shows how the conversation began
    rather than the reference and subject the inbox row already shows."""
    fields = [search.Field(message.body, "B") for message in messages if message.body]
    fields += [search.Field(ticket.reference, "A"), search.Field(ticket.subject, "A")]
    customer = ticket.requester
    if customer is not None:
        fields.append(search.Field(customer.display_name, "A"))
        if customer.email:
            fields.append(search.Field(customer.email, "D"))
        if customer.phone:
            phone = " ".join(_phone_spellings(customer.phone))
            fields.append(search.Field(phone, "D", shown=False))
    if ticket.contact:
        fields.append(search.Field(" ".join(_phone_spellings(ticket.contact)), "D", shown=False))
    if ticket.transaction_ref:
        fields.append(search.Field(ticket.transaction_ref, "C"))
    if ticket.steps_tried:
        fields.append(search.Field(ticket.steps_tried, "C"))
    return search.Document(
        kind=KIND, doc_id=ticket.pk, language=ticket.language, fields=tuple(fields)
    )


def _documents(tickets: Iterable[Ticket]) -> Iterator[search.Document]:
    for ticket in tickets:
        yield ticket_document(ticket, list(ticket.messages.all()))


def _tickets_with_text(ids: Sequence[int] | None) -> Iterable[Ticket]:
    tickets = Ticket.objects.select_related("requester").prefetch_related(
        Prefetch("messages", queryset=Message.objects.only("ticket_id", "body").order_by("id"))
    )
    return tickets.filter(pk__in=ids) if ids is not None else tickets.order_by("pk")


def reindex_tickets(ids: Sequence[int]) -> None:
    """Bring these tickets' documents in line with their rows (removing those now gone), in
    one transaction: a reader never sees a document half replaced."""
    with transaction.atomic():
        tickets = list(_tickets_with_text(ids))
        search.index_documents(_documents(tickets))
        gone = set(ids) - {ticket.pk for ticket in tickets}
        if gone:
            search.remove_documents(KIND, sorted(gone))


def reindex_all() -> int:
    """Rebuild every ticket's document; returns how many were indexed."""
    search.clear_kind(KIND)
    ids = list(Ticket.objects.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), REINDEX_CHUNK):
        reindex_tickets(ids[start : start + REINDEX_CHUNK])
    return len(ids)


def _flush() -> None:
    ids = sorted(getattr(_pending, "ids", set()))
    _pending.ids = set()
    if not ids:
        return
    try:
        reindex_tickets(ids)
    except Exception:  # the write has committed; `reindex_search` repairs what this missed
        logger.exception("search index not updated for tickets %s", ids)


def schedule_reindex(ticket_ids: Iterable[int]) -> None:
    """Re-index these tickets once the current transaction commits (at once outside one)."""
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    _pending.ids.update(ticket_ids)
    transaction.on_commit(_flush)


def _normalised_query(query: str) -> str:
    text = unicodedata.normalize("NFKC", query).strip()
    if _PHONE_LIKE.match(text):
        return _phone_spellings(text)[0]
    return text


def visible_hits(user: User, query: str, *, limit: int) -> list[search.Hit]:
    """The best `limit` matches of `query` among the tickets `user` may see, best first: the
    store ranks, then the permission rule filters each batch of ids it returned."""
    if not user.is_active or limit <= 0:
        return []
    text = _normalised_query(query)
    visible = visible_tickets_q(user)
    found: list[search.Hit] = []
    for batch in range(MAX_BATCHES):
        hits = search.search_ids(KIND, text, limit=BATCH, offset=batch * BATCH)
        ids = [hit.doc_id for hit in hits]
        allowed = set(Ticket.objects.filter(visible, pk__in=ids).values_list("pk", flat=True))
        found.extend(hit for hit in hits if hit.doc_id in allowed)
        if len(found) >= limit or len(hits) < BATCH:
            break
    return found[:limit]


def tickets_search(user: User, query: str, *, limit: int = 50) -> list[TicketHit]:
    """The tickets `user` may see that hold every word of `query`, best first, with snippets."""
    found = visible_hits(user, query, limit=limit)
    marks = snippets_for([hit.doc_id for hit in found], query)
    return [
        TicketHit(
            ticket_id=hit.doc_id, score=hit.score, snippet=marks.get(hit.doc_id, SafeString())
        )
        for hit in found
    ]


def snippets_for(ticket_ids: Sequence[int], query: str) -> dict[int, SafeString]:
    """Highlighted snippets for tickets already known to be visible (an inbox page)."""
    return search.snippets(KIND, ticket_ids, _normalised_query(query))


def on_ticket_saved(sender: type[Ticket], instance: Ticket, **kwargs: object) -> None:
    schedule_reindex([instance.pk])


def on_message_saved(sender: type[Message], instance: Message, **kwargs: object) -> None:
    schedule_reindex([instance.ticket_id])


SEARCHED_CUSTOMER_FIELDS = frozenset({"display_name", "email", "phone"})


def on_customer_saved(sender: type[Customer], instance: Customer, **kwargs: object) -> None:
    fields = kwargs.get("update_fields")
    if fields is not None and not SEARCHED_CUSTOMER_FIELDS & set(fields):  # type: ignore[call-overload]
        return  # a login stamp or session epoch: nothing the index holds
    schedule_reindex(Ticket.objects.filter(requester=instance).values_list("pk", flat=True))
