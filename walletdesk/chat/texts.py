"""The sentences the chat says itself (state entries, the assistant's turns), in the active
language: callers wrap them in `translation.override(conversation.language)`."""

from __future__ import annotations

from django.utils.translation import gettext as _

# No promised reply window exists elsewhere in the product yet (no SLA rules): a chat turned
# into a message is promised an answer within one business day, the figure support publishes.


def queued() -> str:
    return _("You are in the queue. An agent will be with you as soon as one is free.")


def accepted(agent: str) -> str:
    return _("%(agent)s has joined the chat.") % {"agent": agent}


def transferred_to_agent(agent: str) -> str:
    return _("%(agent)s will take over your chat. Please stay here.") % {"agent": agent}


def transferred_to_team() -> str:
    return _("We are passing your chat to colleagues who can help further. Please stay here.")


def closed_by_agent() -> str:
    return _("The chat has ended. Thank you for contacting us.")


def closed_by_customer() -> str:
    return _("You ended the chat.")


def left_message(*, by_email: bool, reason: str) -> str:
    """`reason`: "off_hours", "nobody_online" or "peak" (the customer chose to leave one)."""
    if reason == "off_hours":
        if by_email:
            return _(
                "Our agents are not available at this hour. We have your message and will "
                "answer it by email within 1 business day."
            )
        return _(
            "Our agents are not available at this hour. We have your message and will "
            "answer it within 1 business day."
        )
    if reason == "nobody_online":
        if by_email:
            return _(
                "No agent is free to chat right now. We have your message and will answer it "
                "by email within 1 business day."
            )
        return _(
            "No agent is free to chat right now. We have your message and will answer it "
            "within 1 business day."
        )
    if by_email:
        return _("We have your message and will answer it by email within 1 business day.")
    return _("We have your message and will answer it within 1 business day.")


def suggestions_intro() -> str:
    return _("These may solve it right away. If not, ask for a person.")


def guess_intro(problem: str) -> str:
    return _(
        "It sounds like this is about: %(problem)s. These may help right away. If not, ask "
        "for a person."
    ) % {"problem": problem}


def needs_help_with(problem: str) -> str:
    """The customer's first words on a ticket opened before they wrote anything."""
    return _("I need help with: %(problem)s") % {"problem": problem}


def customer_name() -> str:
    return _("Customer")


def assistant_name() -> str:
    return _("Assistant")


def agent_fallback_name() -> str:
    return _("Agent")
