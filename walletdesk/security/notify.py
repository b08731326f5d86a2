"""Telling a customer about their account on every channel they have.

A security notice (wallet frozen, password changed, two-step verification turned off, recovery
started …) goes to the registered email address and, by SMS, to the registered phone: whoever
took over one of them still cannot hide the notice from the other. Each notice is one outbox
row per channel, keyed by the event it announces, so it is sent once however often it is asked.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from walletdesk.identity.models import Customer
from walletdesk.outbox.choices import OutboundChannel
from walletdesk.outbox.contracts import Envelope
from walletdesk.outbox.services import outbound_enqueue
from walletdesk.security.models import SecurityEvent

# Times in notices are Beijing time, as the service hours are.
SERVICE_ZONE = ZoneInfo("Asia/Shanghai")


def customer_channels(customer: Customer) -> list[tuple[str, str]]:
    """(outbound channel, address) for every way to reach `customer`, email first."""
    channels: list[tuple[str, str]] = []
    if customer.email:
        channels.append((OutboundChannel.EMAIL, customer.email))
    if customer.phone:
        channels.append((OutboundChannel.SMS, customer.phone))
    return channels


def notify_customer(
    *,
    customer: Customer,
    key: str,
    subject: str,
    body: str,
    skip: str = "",
    only: str = "",
    sensitive: bool = False,
) -> int:
    """Queue `body` to every channel of `customer` (only to the address `only`, or all but the
    address `skip`), in the caller's
    transaction. `key` names the occasion: the same key queues nothing twice. Returns how many
    were queued. Write `subject` and `body` in the customer's language (`in_customer_language`);
    a `sensitive` text (a code) is erased from the outbox once delivered."""
    queued = 0
    for channel, address in customer_channels(customer):
        if (skip and address == skip) or (only and address != only):
            continue
        outbound_enqueue(
            envelope=Envelope(
                channel=channel,
                recipient=address,
                subject=subject if channel == OutboundChannel.EMAIL else "",
                body=body,
                idempotency_key=f"security:{key}:{channel}"[:128],
                headers={"Auto-Submitted": "auto-generated"}
                if channel == OutboundChannel.EMAIL
                else {},
                sensitive=sensitive,
            )
        )
        queued += 1
    return queued


def in_customer_language(customer: Customer) -> translation.override:
    """`with in_customer_language(customer): …` writes a notice in the customer's language."""
    return translation.override(customer.preferred_language or settings.LANGUAGE_CODE)


def notify_security_event(
    *, event: SecurityEvent, headline: str, advice: str = "", skip: str = ""
) -> int:
    """The standard notice for a security event: what happened, when and from where, what to
    do if it was not them. `headline` and `advice` are already in the customer's language."""
    customer = event.customer
    with in_customer_language(customer):
        when = _("%(time)s (Beijing time)") % {
            "time": timezone.localtime(event.at, SERVICE_ZONE).strftime("%Y-%m-%d %H:%M")
        }
        lines = [headline, "", _("When: %(when)s") % {"when": when}]
        if event.device or event.client:
            lines.append(
                _("From: %(device)s %(network)s")
                % {"device": event.device, "network": event.client}
            )
        lines += [
            "",
            advice
            or _(
                "If this was not you, freeze your wallet at once: %(url)s — or call us on the "
                "number in the app. We never ask for your password, codes or recovery phrase."
            )
            % {"url": settings.BASE_URL.rstrip("/") + "/security/freeze/"},
        ]
        subject = _("WalletDesk security notice: %(headline)s") % {"headline": headline}
    return notify_customer(
        customer=customer,
        key=f"event:{event.pk}",
        subject=subject,
        body="\n".join(lines),
        skip=skip,
    )
