"""What every channel hands to the inbound service, and what it gets back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from walletdesk.identity.models import Customer, User
from walletdesk.safety.redaction import Finding
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import MessageKind
from walletdesk.tickets.models import Message, Ticket


class SenderKind(StrEnum):
    EMAIL = "email"  # an address from a mail header
    PHONE = "phone"  # a caller id or SMS sender
    HANDLE = "handle"  # a chat or social-network handle
    CONTACT = "contact"  # free-form contact details an agent wrote down
    CUSTOMER = "customer"  # a signed-in customer
    AGENT = "agent"  # a console user writing on a ticket (API, console)


@dataclass(frozen=True)
class Sender:
    """Who sent a message, as the channel knows them, and whether the channel proved it.

    An email From or a caller id can be forged: a customer matched from one is marked
    unverified and never shown with their account data."""

    kind: SenderKind
    address: str = ""
    customer: Customer | None = None
    user: User | None = None
    verified: bool = False

    @classmethod
    def email(cls, address: str, *, verified: bool = False) -> Sender:
        return cls(SenderKind.EMAIL, address=address, verified=verified)

    @classmethod
    def phone(cls, number: str, *, verified: bool = False) -> Sender:
        return cls(SenderKind.PHONE, address=number, verified=verified)

    @classmethod
    def handle(cls, handle: str, *, verified: bool = False) -> Sender:
        return cls(SenderKind.HANDLE, address=handle, verified=verified)

    @classmethod
    def contact(cls, text: str) -> Sender:
        return cls(SenderKind.CONTACT, address=text)

    @classmethod
    def signed_in(cls, customer: Customer) -> Sender:
        """A customer who proved who they are (portal session) or whom an agent identified."""
        return cls(SenderKind.CUSTOMER, customer=customer, verified=True)

    @classmethod
    def agent(cls, user: User) -> Sender:
        return cls(SenderKind.AGENT, user=user, verified=True)


@dataclass(frozen=True)
class InboundMessage:
    """One message as it arrived, normalised. Channels fill what they carry and leave the rest.

    - `external_thread_id` and `references`: the ids the channel gives the conversation (email
      References/In-Reply-To, a chat id); a message matching one is appended to that ticket.
    - `external_id`: the channel's id for this message; a redelivery returns the stored one.
    - `ticket_id`: a reply addressed to one ticket (portal reply, API post).
    - `recorded_by`: an agent who wrote down what the sender told them (phone, walk-in);
      `note` is that agent's own remark, stored as an internal note.
    - `raw_payload`: the bytes the channel delivered, kept privately (redacted, size-capped).
    - subject, problem type, steps tried, transaction, language, priority: for channels with a
      form (portal, API).
    - `team`: the team a new ticket starts with (a `TeamCode`), when the channel already knows
      who must finish it (the intake's diagnosis); empty: the problem type's default team.
    """

    channel: str
    sender: Sender
    text: str = ""
    external_thread_id: str = ""
    references: tuple[str, ...] = ()
    external_id: str = ""
    attachments: tuple[Upload, ...] = ()
    sent_at: datetime | None = None
    raw_payload: bytes | None = None
    ticket_id: int | None = None
    kind: str = MessageKind.REPLY
    recorded_by: User | None = None
    note: str = ""
    subject: str = ""
    problem_type: str = ""
    steps_tried: str = ""
    transaction_ref: str = ""
    language: str = ""
    priority: int | None = None
    team: str = ""


@dataclass(frozen=True)
class InboundResult:
    """The stored message and its ticket. Both flags are false for a redelivery."""

    ticket: Ticket
    message: Message
    ticket_created: bool
    message_created: bool
    findings: tuple[Finding, ...] = ()
