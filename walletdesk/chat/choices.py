"""The chat's vocabularies."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConversationState(models.TextChoices):
    # The customer picks a problem type and reads what the assistant suggests; no ticket yet.
    ASSISTANT = "assistant", _("With the assistant")
    QUEUED = "queued", _("Waiting for an agent")
    ACTIVE = "active", _("With an agent")
    # Turned into a ticket answered by email: the customer left a message (peak hours), or it
    # came outside service hours / with nobody online.
    LEFT_MESSAGE = "left_message", _("Left a message")
    CLOSED = "closed", _("Closed")


OPEN_STATES = frozenset(
    {ConversationState.ASSISTANT, ConversationState.QUEUED, ConversationState.ACTIVE}
)


class Origin(models.TextChoices):
    PORTAL = "portal", _("Portal")  # a signed-in customer in the portal
    EMBED = "embed", _("Embedded widget")  # the one-script-tag widget on another site
    APP = "app", _("Wallet app")  # the wallet app's webview, with the operator's identity token


class EntryKind(models.TextChoices):
    """What one numbered step of a conversation is (see wire.py for each frame)."""

    MESSAGE = "message", _("Message")  # a public message of the customer, an agent or the assistant
    STATE = "state", _("State change")  # queued, accepted by an agent, transferred, closed …
    SUGGESTIONS = "suggestions", _("Suggestions")  # the assistant's flow and articles
    QUESTION = "question", _("Question")  # an intake question asked as a chat step


class EntryAuthor(models.TextChoices):
    CUSTOMER = "customer", _("Customer")
    AGENT = "agent", _("Agent")
    ASSISTANT = "assistant", _("Assistant")
    SYSTEM = "system", _("System")


class Presence(models.TextChoices):
    ONLINE = "online", _("Online")
    AWAY = "away", _("Away")
    OFFLINE = "offline", _("Offline")
