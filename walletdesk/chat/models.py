"""Conversations, their numbered entries, agents' presence and canned replies.

A `Conversation` is one live-chat session of one visitor. Its `Entry` rows are what the
customer's widget shows, numbered 1, 2, 3 … per conversation (`seq`): a socket that reconnects
says the last number it has and receives exactly the entries after it, in order, from the
database — the channel layer only carries the news that there is something new. The ticket
(channel `chat`) is opened through the one inbound path when the customer first needs a person,
and holds the record: its messages, notes and history. Internal notes are never entries.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from walletdesk.chat.choices import (
    ConversationState,
    EntryAuthor,
    EntryKind,
    Origin,
    Presence,
)
from walletdesk.core import clock
from walletdesk.identity.models import Customer, Team
from walletdesk.tickets.models import Message, Ticket
from walletdesk.vocab.choices import Language, Priority, ProblemType


class Conversation(models.Model):
    # Public id in URLs and frames; not a secret (the token is).
    key = models.CharField(max_length=32, unique=True)
    # HMAC of the access token the widget holds (the token itself is never stored).
    token_digest = models.CharField(max_length=64)
    origin = models.CharField(max_length=8, choices=Origin.choices)
    site = models.CharField(max_length=255, blank=True, default="")  # embedding origin
    state = models.CharField(
        max_length=16, choices=ConversationState.choices, default=ConversationState.ASSISTANT
    )
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ZH_HANS)
    problem_type = models.CharField(
        max_length=32, choices=ProblemType.choices, blank=True, default=""
    )
    priority = models.PositiveSmallIntegerField(choices=Priority.choices, default=Priority.NORMAL)
    # A signed-in portal customer or an app-token identity: verified. An embedded visitor's
    # name and contact are only what they typed: unverified, never shown with account data.
    customer = models.ForeignKey(
        Customer, null=True, blank=True, on_delete=models.SET_NULL, related_name="chats"
    )
    verified = models.BooleanField(default=False)
    visitor_name = models.CharField(max_length=100, blank=True, default="")
    visitor_contact = models.CharField(max_length=255, blank=True, default="")
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.PROTECT, related_name="chats"
    )
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chats",
    )
    # The last entry number given out; entries are numbered under this row's lock.
    last_seq = models.PositiveIntegerField(default=0)
    # The highest entry number each side has read (read receipts).
    customer_read_seq = models.PositiveIntegerField(default=0)
    agent_read_seq = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=clock.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True, default="")
    transcript_sent_at = models.DateTimeField(null=True, blank=True)
    # The intake questions' answers (field name → the customer's words), for the agent.
    intake_answers = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("chat")
        verbose_name_plural = _("chats")
        indexes = [
            # The queue: waiting chats, most urgent first, then the longest waiting.
            models.Index(fields=["state", "-priority", "queued_at"], name="chat_queue_idx"),
            models.Index(fields=["agent", "state"], name="chat_agent_load_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="chat_rating_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"chat {self.key}"


class Entry(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="entries")
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=16, choices=EntryKind.choices)
    author = models.CharField(max_length=12, choices=EntryAuthor.choices)
    # The message's text as stored on the ticket (after redaction); empty for other kinds.
    text = models.TextField(blank=True, default="")
    # Everything else the frame needs (wire.py): a state, a question's key and choices, the
    # suggestions, a name shown for the author. Never personal data beyond what `text` holds.
    data = models.JSONField(default=dict, blank=True)
    message = models.OneToOneField(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="chat_entry"
    )
    # The id the sender's client gave the message: a resend is answered with this entry.
    client_id = models.CharField(max_length=64, blank=True, default="")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("chat entry")
        verbose_name_plural = _("chat entries")
        ordering = ["conversation", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "seq"], name="chat_entry_seq_unique"),
            models.UniqueConstraint(
                fields=["conversation", "author", "client_id"],
                condition=~Q(client_id=""),
                name="chat_entry_client_id_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.seq} of chat {self.conversation_id}"


class AgentPresence(models.Model):
    """Whether a console user takes chats now, and how many at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="chat_presence"
    )
    status = models.CharField(max_length=8, choices=Presence.choices, default=Presence.OFFLINE)
    capacity = models.PositiveSmallIntegerField(default=3)
    # Languages the agent answers chats in (Language codes).
    languages = models.JSONField(default=list, blank=True)
    # The console socket's last heartbeat: "online" without one for a while counts as offline.
    seen_at = models.DateTimeField(null=True, blank=True)
    changed_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("agent presence")
        verbose_name_plural = _("agent presences")

    def __str__(self) -> str:
        return f"{self.user_id}: {self.status}"


class CannedReply(models.Model):
    """A ready answer an agent inserts into a chat (or any reply) and edits before sending."""

    title = models.CharField(max_length=100)
    body = models.TextField()
    language = models.CharField(max_length=8, choices=Language.choices)
    # Empty: for everyone; else only for the team's members (and supervisors).
    team = models.ForeignKey(
        Team, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["language", "title"]

    def __str__(self) -> str:
        return self.title
