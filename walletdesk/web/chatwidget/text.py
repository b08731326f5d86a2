"""The widget's words. The page hands them to widget.js as JSON (nothing translated lives in
the script), in the visitor's language; `%(name)s` placeholders are filled in by the script."""

from __future__ import annotations

from django.utils.translation import gettext, ngettext, pgettext

from walletdesk.vocab.choices import ProblemType

# The emergency first; then roughly how often people ask.
TOPIC_ORDER = (
    ProblemType.ACCOUNT_STOLEN,
    ProblemType.TOPUP_NOT_CREDITED,
    ProblemType.TRANSACTION_FAILED,
    ProblemType.PASSWORD_RESET,
    ProblemType.TWO_FACTOR,
    ProblemType.PAYMENT_METHOD,
    ProblemType.MERCHANT_ISSUE,
    ProblemType.ACCOUNT_FROZEN,
    ProblemType.PHISHING_REPORT,
    ProblemType.IDENTITY_VERIFICATION,
    ProblemType.FEES_LIMITS,
    ProblemType.OTHER,
)


def topic_label(code: str) -> str:
    """A problem type as a customer would say it."""
    labels = {
        ProblemType.ACCOUNT_STOLEN: gettext("My phone or wallet was stolen, or someone got in"),
        ProblemType.TOPUP_NOT_CREDITED: gettext("I topped up but the money has not arrived"),
        ProblemType.TRANSACTION_FAILED: gettext("A payment or transfer failed"),
        ProblemType.PASSWORD_RESET: gettext("I forgot my password or cannot sign in"),
        ProblemType.TWO_FACTOR: gettext("Verification codes do not arrive, or I lost my device"),
        ProblemType.PAYMENT_METHOD: gettext("A problem with my card or bank account"),
        ProblemType.MERCHANT_ISSUE: gettext("A problem with a shop, or a refund"),
        ProblemType.ACCOUNT_FROZEN: gettext("My wallet is frozen"),
        ProblemType.PHISHING_REPORT: gettext("I want to report a scam or a fake message"),
        ProblemType.IDENTITY_VERIFICATION: gettext("Checking my identity"),
        ProblemType.FEES_LIMITS: gettext("Fees and limits"),
        ProblemType.OTHER: gettext("Something else"),
    }
    return labels.get(ProblemType(code), gettext("Something else"))


def topics() -> list[dict[str, object]]:
    return [
        {
            "code": code.value,
            "label": topic_label(code),
            "urgent": code == ProblemType.ACCOUNT_STOLEN,
        }
        for code in TOPIC_ORDER
    ]


def flow_labels() -> dict[str, str]:
    """Button words for a flow when its suggestion names none."""
    return {
        "freeze": gettext("Freeze my wallet now"),
        "password_reset": gettext("Reset my password"),
        "two_factor": gettext("Sign in without my old device"),
        "diagnosis": gettext("Check my transaction now"),
        "unfreeze": gettext("Ask to unfreeze my wallet"),
        "report": gettext("Report it"),
        "verify": gettext("Check whether it is really us"),
        "contact": gettext("Send us the details"),
    }


def strings() -> dict[str, str]:
    return {
        "title": gettext("Chat with us"),
        "pick": gettext("What can we help you with?"),
        "urgent": gettext("Urgent"),
        "or_write": gettext("Or tell us in your own words:"),
        "placeholder": gettext("Write a message"),
        "send": gettext("Send"),
        "sending": gettext("Sending…"),
        "sent": gettext("Sent"),
        "read": gettext("Read"),
        "not_sent": gettext("Not sent yet: it will be sent when the connection is back."),
        "suggest_title": gettext("This may solve it right away:"),
        "articles": gettext("Help articles"),
        "still_help": gettext("Still need help? Talk to a person"),
        "queue_position": gettext("You are number %(position)s in line."),
        "queue_next": gettext("You are next in line."),
        "wait_minute": ngettext(
            "Estimated wait: about %(minutes)s minute.",
            "Estimated wait: about %(minutes)s minutes.",
            1,
        ),
        "wait_minutes": ngettext(
            "Estimated wait: about %(minutes)s minute.",
            "Estimated wait: about %(minutes)s minutes.",
            2,
        ),
        "wait_soon": gettext("Estimated wait: less than a minute."),
        "queue_live": gettext("This updates by itself; you can keep writing meanwhile."),
        "peak": gettext(
            "It is busy right now and the wait is longer than usual. You can leave a message "
            "instead: we reply by email within 1 business day."
        ),
        "leave": gettext("Leave a message instead"),
        "leave_contact": gettext("Email or phone for our answer"),
        "leave_send": gettext("Leave the message"),
        "closed_hours": gettext(
            "Nobody is online right now. We opened a request for you and will answer by email."
        ),
        "agent_joined": gettext("%(name)s joined the chat."),
        "agent_typing": gettext("%(name)s is typing…"),
        "someone": pgettext("chat", "An agent"),
        "assistant": gettext("Assistant"),
        "you": gettext("You"),
        "end": gettext("End chat"),
        "end_confirm": gettext("End this chat?"),
        "rate_title": gettext("How did we do?"),
        "rate_star": gettext("%(score)s out of 5"),
        "rate_comment": gettext("Anything to add? (optional)"),
        "rate_send": gettext("Send rating"),
        "rate_thanks": gettext("Thank you for your rating."),
        "transcript": gettext("A copy of this chat was sent to %(contact)s."),
        "transcript_plain": gettext("A copy of this chat will be sent to you by email."),
        "reconnecting": gettext("Connection lost. Reconnecting…"),
        "connected": gettext("Connected"),
        "ended": gettext("This chat has ended."),
        "new_chat": gettext("Start a new chat"),
        "refused": gettext("This chat can no longer be opened. Start a new chat."),
        "error": gettext("Something went wrong. Please try again."),
        "answer": gettext("Answer"),
        "close": gettext("Close the chat window"),
        "unverified": gettext(
            "You are chatting as a guest: we cannot show or change anything in your wallet "
            "here. Sign in to the app or the help centre for that."
        ),
    }
