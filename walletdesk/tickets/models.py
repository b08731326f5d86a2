"""One ticket (= conversation) model behind every channel.

A ticket has a thread of messages (public replies, internal notes, system events), attachments
stored privately, the ids the outside world uses for the same thread, and a full change history.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.identity.models import Customer, Language, Team
from walletdesk.tickets.choices import (
    AuthorKind,
    Channel,
    MessageKind,
    Priority,
    ProblemType,
    Status,
)


def private_storage() -> Storage:
    """Attachments live outside every public URL; only a permission-checked view serves them."""
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


class Ticket(models.Model):
    subject = models.CharField(max_length=200)
    steps_tried = models.TextField(
        blank=True, help_text=_("What the customer already tried or read.")
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    problem_type = models.CharField(
        max_length=32, choices=ProblemType.choices, default=ProblemType.OTHER
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)
    priority = models.IntegerField(choices=Priority.choices, default=Priority.NORMAL)
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ZH_HANS)
    requester = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    # False when the requester was matched only by what a channel claims (an email From, a
    # caller id): the ticket then never shows the customer's account data.
    requester_verified = models.BooleanField(default=True)
    contact = models.CharField(
        max_length=254,
        blank=True,
        help_text=_("How the requester reached us, when not a customer."),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    # A team with tickets cannot be deleted: its tickets would fall to "unrouted", which every
    # frontline agent sees, together with their customers' wallets.
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="tickets"
    )
    transaction_ref = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=clock.now, db_index=True)
    updated_at = models.DateTimeField(default=clock.now)
    first_response_at = models.DateTimeField(null=True, blank=True)
    solved_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-priority", "created_at"]
        indexes = [
            models.Index(fields=["status", "-priority", "created_at"], name="ticket_queue_idx"),
            models.Index(fields=["team", "status"], name="ticket_team_idx"),
            models.Index(fields=["assignee", "status"], name="ticket_assignee_idx"),
            # The inbox reads its first page straight off an index in either of its orders,
            # for one status or several (`0003_scale_indexes` also gives SQLite's planner
            # statistics, so it picks these before any ANALYZE); the customer panel likewise.
            models.Index(fields=["-priority", "created_at", "id"], name="ticket_all_queue_idx"),
            models.Index(fields=["-updated_at", "-id"], name="ticket_all_updated_idx"),
            models.Index(fields=["status", "-updated_at", "-id"], name="ticket_status_updated_idx"),
            models.Index(fields=["requester", "-created_at"], name="ticket_requester_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(requester__isnull=False) | ~Q(contact=""), name="ticket_has_requester"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        """The number customers quote: in email subjects, on the phone, in the portal."""
        return f"WD-{self.pk:06d}" if self.pk else "WD-new"


class ExternalThread(models.Model):
    """An id the outside world uses for this conversation (email Message-ID, chat id, call sid)."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="external_threads")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    external_id = models.CharField(max_length=255)

    class Meta:
        verbose_name = _("external thread")
        verbose_name_plural = _("external threads")
        constraints = [
            models.UniqueConstraint(
                fields=["channel", "external_id"], name="external_thread_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.channel}:{self.external_id}"


class Message(models.Model):
    # The thread is the record: deleting a ticket with messages is refused, never cascaded.
    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="messages")
    kind = models.CharField(max_length=8, choices=MessageKind.choices, default=MessageKind.REPLY)
    author_kind = models.CharField(max_length=12, choices=AuthorKind.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # An agent who wrote down a customer's words (phone, walk-in): the author stays the customer.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    sender_verified = models.BooleanField(default=True)
    body = models.TextField()
    channel = models.CharField(max_length=16, choices=Channel.choices)
    # NULL for messages born here: the uniqueness below covers only ids from outside.
    external_id = models.CharField(max_length=255, null=True, blank=True)  # noqa: DJ001
    # A digest of who sent it (and to which ticket): an outside id is unique only per sender,
    # so nobody can learn whether an id exists by sending it from somewhere else.
    external_scope = models.CharField(max_length=64, blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True, help_text=_("When the channel says."))
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["ticket", "created_at"], name="message_thread_idx")]
        constraints = [
            # Inbound webhooks and mail polls may deliver the same message twice: store it once.
            models.UniqueConstraint(
                fields=["channel", "external_scope", "external_id"],
                condition=Q(external_id__isnull=False),
                name="message_external_scoped_unique",
            ),
            models.CheckConstraint(
                condition=~Q(kind=MessageKind.NOTE) | Q(author_kind=AuthorKind.AGENT),
                name="message_notes_by_agents",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} on ticket {self.ticket_id}"

    @property
    def is_public(self) -> bool:
        return self.kind == MessageKind.REPLY


class InboundPayload(models.Model):
    """The raw payload a channel delivered with a message (a MIME mail, a webhook body), after
    redaction and capped in size. For admins investigating a delivery; never shown to customers
    nor in the console thread."""

    MAX_BYTES = 256 * 1024

    message = models.OneToOneField(Message, on_delete=models.CASCADE, related_name="payload")
    content = models.TextField()
    truncated = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=clock.now)

    def __str__(self) -> str:
        return f"payload of message {self.message_id}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is random; the original name is kept in the row only.
    return f"tickets/{instance.message.ticket_id}/{instance.sha256[:2]}/{instance.sha256}"


class Attachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=_attachment_path, max_length=255)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.filename


class TicketEvent(models.Model):
    """One change to a ticket: who changed which field from what to what, and when."""

    ticket = models.ForeignKey(Ticket, on_delete=models.PROTECT, related_name="events")
    actor_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    field = models.CharField(max_length=32)
    old_value = models.CharField(max_length=255, blank=True)
    new_value = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("ticket history entry")
        verbose_name_plural = _("ticket history")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"
