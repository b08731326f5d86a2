"""`wallet_freeze`: stop the money, end every session, tell the customer, call the security team.

One transaction: the wallet freeze (the sandbox ledger is in our database; an HTTP gateway is
idempotent, so a rolled-back attempt is repeated safely), the session revocation, the security
event and audit entry, the notices and the ticket stand or fall together. Everything that
leaves the process (notices, socket closings, realtime nudges) is sent once it commits.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from walletdesk.audit.services import audit_record
from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.identity.sessions import sessions_revoke
from walletdesk.security.contracts import Client
from walletdesk.security.events import security_event_record
from walletdesk.security.freeze.contracts import FreezeResult, FreezeVia
from walletdesk.security.models import SecurityEventKind
from walletdesk.security.notify import SERVICE_ZONE, in_customer_language, notify_customer
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import ticket_create
from walletdesk.vocab.choices import Priority, ProblemType
from walletdesk.wallet.contracts import AccountInfo
from walletdesk.wallet.errors import AccountNotFound
from walletdesk.wallet.gateway import get_gateway

MAX_REASON_CHARS = 500


def wallet_freeze(
    *,
    customer: Customer,
    via: FreezeVia | str,
    client: Client,
    actor: str,
    reason: str = "",
) -> FreezeResult:
    """Freeze `customer`'s wallet now. Safe to call again: a frozen wallet stays frozen as it
    was, the customer is told once per freeze, and the open case gets one more message.

    `actor` is the audit actor ("customer:7", "user:3"); `reason` is free text from the
    customer or agent (it goes through the redactor with the ticket message, and is kept out
    of the audit data)."""
    via = FreezeVia(str(via))
    reason = reason.replace("\x00", "").strip()[:MAX_REASON_CHARS]
    with transaction.atomic():
        account, already = _freeze_wallet(customer, actor=actor, via=via)
        sessions_revoke(customer=customer, by=actor, reason="wallet_frozen")
        frozen_at = account.frozen_at if account else None
        ticket, created = _security_case(customer, via=via, reason=reason, already=already)
        security_event_record(
            customer=customer,
            kind=SecurityEventKind.FROZEN,
            client=client,
            actor=actor,
            data={
                "via": str(via),
                "already_frozen": already,
                "wallet": account is not None,
                "ticket": ticket.pk,
            },
        )
        audit_record(
            actor=actor,
            action="wallet.freeze",
            target=f"customer:{customer.pk}",
            data={"via": str(via), "already_frozen": already, "ticket": ticket.pk},
        )
        queued = _notify(customer, ticket=ticket, frozen_at=frozen_at, wallet=account is not None)
    return FreezeResult(
        customer_id=customer.pk,
        ticket_id=ticket.pk,
        ticket_reference=ticket.reference,
        ticket_created=created,
        frozen_at=frozen_at,
        already_frozen=already,
        wallet_frozen=account is not None and account.is_frozen,
        notices_queued=queued,
    )


def _freeze_wallet(
    customer: Customer, *, actor: str, via: FreezeVia
) -> tuple[AccountInfo | None, bool]:
    if not customer.wallet_account_ref:
        return None, False
    gateway = get_gateway()
    try:
        before = gateway.get_account(customer.wallet_account_ref)
        account = gateway.freeze(
            customer.wallet_account_ref, actor=actor, reason=f"emergency freeze ({via})"
        )
    except AccountNotFound:
        return None, False
    return account, before.is_frozen


def _security_case(
    customer: Customer, *, via: FreezeVia, reason: str, already: bool
) -> tuple[Ticket, bool]:
    """The customer's open "wallet stolen" case with one more message, or a new one: critical,
    for the security team (inbound finds the open case by itself)."""
    with in_customer_language(customer):
        subject = _("Emergency: wallet frozen")
        if already:
            text = _("The customer asked again to freeze the wallet (through %(via)s).")
        else:
            text = _("The wallet was frozen in an emergency (through %(via)s).")
        text %= {"via": _via_label(via)}
        if reason:
            text += "\n\n" + _("In their words: %(reason)s") % {"reason": reason}
    message = InboundMessage(
        channel=via.channel,
        sender=Sender.signed_in(customer),
        text=text,
        subject=subject,
        problem_type=ProblemType.ACCOUNT_STOLEN,
        priority=Priority.CRITICAL,
    )
    try:
        result = inbound_receive(message)
    except RateLimited:
        # A flood of requests from this account must never stop the freeze itself.
        ticket = ticket_create(
            channel=via.channel,
            subject=subject,
            body=text,
            problem_type=ProblemType.ACCOUNT_STOLEN,
            requester=customer,
            priority=Priority.CRITICAL,
        )
        return ticket, True
    return result.ticket, result.ticket_created


def _via_label(via: FreezeVia) -> str:
    return {
        FreezeVia.PORTAL: _("the help centre, signed in"),
        FreezeVia.PORTAL_CODE: _("the help centre, with a code to the registered address"),
        FreezeVia.CHAT: _("live chat"),
        FreezeVia.PHONE: _("the phone menu"),
        FreezeVia.EMAIL: _("an email to support"),
        FreezeVia.API: _("an agent, through the API"),
    }[via]


def _notify(customer: Customer, *, ticket: Ticket, frozen_at: datetime | None, wallet: bool) -> int:
    """One notice per channel and per freeze: asking again while frozen sends nothing more."""
    occasion = frozen_at.isoformat() if frozen_at else f"ticket-{ticket.pk}"
    with in_customer_language(customer):
        lines = []
        if wallet:
            lines.append(
                _("Your WalletDesk wallet was frozen. No money can leave it until it is unfrozen.")
            )
        else:
            lines.append(_("All sign-ins to your WalletDesk account were ended."))
        if frozen_at:
            lines.append(
                _("Frozen at %(time)s (Beijing time).")
                % {"time": timezone.localtime(frozen_at, SERVICE_ZONE).strftime("%Y-%m-%d %H:%M")}
            )
        lines += [
            _("Every device was signed out. Our security team has case %(reference)s.")
            % {"reference": ticket.reference},
            "",
            _(
                "Next: choose a new password, turn on two-step verification, and if money was "
                "taken, report it to the police. We never ask for your password, codes or "
                "recovery phrase."
            ),
            _(
                "If you did not ask for this, contact us through the official channels in the "
                "app: unfreezing needs a check of who you are."
            ),
        ]
        subject = _("WalletDesk security notice: your wallet is frozen")
    return notify_customer(
        customer=customer,
        key=f"frozen:{customer.pk}:{occasion}",
        subject=subject,
        body="\n".join(lines),
    )
