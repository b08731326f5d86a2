"""Where the assistant's self-service flows live in the portal. The assistant and the chat
know flow codes (assistant.contracts.Flow), never URLs: the widget maps them here."""

from __future__ import annotations

from django.urls import reverse

from walletdesk.assistant.contracts import Flow

# Replaced by the problem type in the widget (the contact form of that type).
TYPE_PLACEHOLDER = "__type__"


def flow_urls() -> dict[str, str]:
    contact = reverse("portal:contact") + "?problem_type=" + TYPE_PLACEHOLDER
    return {
        Flow.FREEZE: reverse("portal:freeze"),
        Flow.PASSWORD_RESET: reverse("portal:password-forgot"),
        Flow.TWO_FACTOR: reverse("portal:login-lost-device"),
        Flow.DIAGNOSIS: contact,
        Flow.UNFREEZE: reverse("portal:unfreeze"),
        Flow.REPORT: reverse("portal:report"),
        Flow.VERIFY: reverse("portal:verify"),
        Flow.CONTACT: contact,
    }


def article_url_pattern() -> str:
    """An article's page, with `__slug__` for its slug."""
    return reverse("portal:help-article", kwargs={"slug": "__slug__"})
