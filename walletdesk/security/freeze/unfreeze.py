"""Unfreezing under dual control.

    unfreeze_request_create(customer=…, by=agent, verification=…, …)  # after checking it is them
    unfreeze_approve(unfreeze=…, by=second_person, client=…)          # → the wallet is unfrozen

Who may take part: active console users of the security team, supervisors and admins, and
only for a customer they may see (`tickets.permissions.can_view_customer`). The requester may
cancel their request but never approve or reject it; the database refuses that too (check
constraints on `UnfreezeRequest`). Verification by a code: the console sends a step-up code to
the registered address, the customer reads it out, the agent types it in; the code never
appears in the console. Every request, approval, rejection and cancellation is audited.
"""

from __future__ import annotations

import contextlib

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from walletdesk.audit.services import actor_customer, actor_user, audit_record
from walletdesk.core import clock
from walletdesk.core.errors import Conflict, PermissionDenied, ValidationFailed
from walletdesk.identity.models import Customer, User
from walletdesk.security.codes import code_check
from walletdesk.security.contracts import Client
from walletdesk.security.events import security_event_record
from walletdesk.security.freeze.selectors import may_handle_unfreeze
from walletdesk.security.models import (
    CodePurpose,
    SecurityEventKind,
    UnfreezeRequest,
    UnfreezeState,
    UnfreezeVerification,
)
from walletdesk.security.notify import in_customer_language, notify_customer
from walletdesk.tickets.choices import ACTIVE_STATUSES, MessageKind
from walletdesk.tickets.inbound import InboundMessage, Sender, inbound_receive
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.permissions import can_view_customer, can_view_ticket
from walletdesk.vocab.choices import Channel, ProblemType
from walletdesk.wallet.errors import AccountNotFound
from walletdesk.wallet.gateway import get_gateway

MAX_NOTE_CHARS = 500
_CODE_CHANNELS = {
    UnfreezeVerification.SMS_CODE: "sms",
    UnfreezeVerification.EMAIL_CODE: "email",
}


class UnfreezeNotAllowed(PermissionDenied):
    code = "unfreeze_not_allowed"
    default_message = gettext_lazy(
        "Only the security team, supervisors and admins may request or approve an unfreeze."
    )


def _require_handler(user: User, customer: Customer) -> None:
    if not may_handle_unfreeze(user) or not can_view_customer(user, customer):
        raise UnfreezeNotAllowed()


def unfreeze_request_create(
    *,
    customer: Customer,
    by: User,
    verification: UnfreezeVerification | str,
    client: Client,
    note: str = "",
    reason: str = "",
    code_token: str = "",
    code: str = "",
) -> UnfreezeRequest:
    """Ask for `customer`'s wallet to be unfrozen, once `by` has verified who they are: with
    the code the customer read out (`code_token` from `code_send_to_customer`), or by a video
    call or an ID document check described in `note`."""
    _require_handler(by, customer)
    if verification not in UnfreezeVerification.values:
        raise ValidationFailed(fields={"verification": [_("Say how you verified the customer.")]})
    note, reason = _clean(note), _clean(reason)
    if verification in _CODE_CHANNELS:
        verified = code_check(
            purpose=CodePurpose.STEP_UP, token=code_token, code=code, client=client
        )
        if verified.pk != customer.pk:
            raise ValidationFailed(fields={"code": [_("This code was not sent to this customer.")]})
    elif not note:
        raise ValidationFailed(
            fields={"note": [_("Describe the check you made (who, when, what you saw).")]}
        )
    if not reason:
        raise ValidationFailed(fields={"reason": [_("Say why the wallet may be unfrozen.")]})
    if not _is_frozen(customer):
        raise Conflict(_("This wallet is not frozen."))
    with transaction.atomic():
        Customer.objects.select_for_update().filter(pk=customer.pk).first()
        if UnfreezeRequest.objects.filter(customer=customer, state=UnfreezeState.PENDING).exists():
            raise Conflict(_("An unfreeze request for this customer is already waiting."))
        ticket = _open_case(customer)
        request = UnfreezeRequest.objects.create(
            customer=customer,
            requested_by=by,
            verification=str(verification),
            verification_note=note,
            reason=reason,
            ticket=ticket,
        )
        audit_record(
            actor=actor_user(by.pk),
            action="unfreeze.request",
            target=f"customer:{customer.pk}",
            data={"request": request.pk, "verification": str(verification)},
        )
        security_event_record(
            customer=customer,
            kind=SecurityEventKind.UNFREEZE_REQUESTED,
            client=client,
            actor=actor_user(by.pk),
            data={"request": request.pk, "by": "console"},
        )
        _notify_requested(customer, request_id=request.pk)
        _note(request, by, _("Unfreeze requested (verified by: %(how)s). Reason: %(reason)s"))
    return request


def unfreeze_approve(
    *, unfreeze: UnfreezeRequest, by: User, client: Client, note: str = ""
) -> UnfreezeRequest:
    """The second person's approval: the wallet is unfrozen and the customer told everywhere."""
    with transaction.atomic():
        request = _pending(unfreeze, by)
        if request.requested_by_id == by.pk:
            raise UnfreezeNotAllowed(
                _("You asked for this unfreeze: a second person must approve it.")
            )
        request.state = UnfreezeState.APPROVED
        request.approved_by = by
        request.decided_at = clock.now()
        request.decision_note = _clean(note)
        request.save(update_fields=["state", "approved_by", "decided_at", "decision_note"])
        actor = actor_user(by.pk)
        customer = request.customer
        if customer.wallet_account_ref:
            # A wallet gone meanwhile leaves nothing to unfreeze; the decision stays on record.
            with contextlib.suppress(AccountNotFound):
                get_gateway().unfreeze(
                    customer.wallet_account_ref,
                    actor=actor,
                    reason=f"unfreeze request {request.pk}",
                )
        audit_record(
            actor=actor,
            action="unfreeze.approve",
            target=f"customer:{customer.pk}",
            data={"request": request.pk, "requested_by": request.requested_by_id},
        )
        event = security_event_record(
            customer=customer,
            kind=SecurityEventKind.UNFROZEN,
            client=client,
            actor=actor,
            data={"request": request.pk},
        )
        _notify_unfrozen(customer, event_id=event.pk)
        _note(request, by, _("Unfreeze approved. The wallet can send money again."))
    return request


def unfreeze_reject(
    *, unfreeze: UnfreezeRequest, by: User, client: Client, note: str = ""
) -> UnfreezeRequest:
    """A second person says no: the wallet stays frozen."""
    with transaction.atomic():
        request = _pending(unfreeze, by)
        if request.requested_by_id == by.pk:
            raise UnfreezeNotAllowed(
                _("You asked for this unfreeze: cancel it instead, or let a second person decide.")
            )
        request.state = UnfreezeState.REJECTED
        request.rejected_by = by
        request.decided_at = clock.now()
        request.decision_note = _clean(note)
        request.save(update_fields=["state", "rejected_by", "decided_at", "decision_note"])
        audit_record(
            actor=actor_user(by.pk),
            action="unfreeze.reject",
            target=f"customer:{request.customer_id}",
            data={"request": request.pk, "requested_by": request.requested_by_id},
        )
        _note(request, by, _("Unfreeze rejected. The wallet stays frozen."))
    return request


def unfreeze_cancel(*, unfreeze: UnfreezeRequest, by: User) -> UnfreezeRequest:
    """The requester withdraws their own request."""
    with transaction.atomic():
        request = _pending(unfreeze, by)
        if request.requested_by_id != by.pk:
            raise UnfreezeNotAllowed(_("Only the person who asked can cancel this request."))
        request.state = UnfreezeState.CANCELLED
        request.decided_at = clock.now()
        request.save(update_fields=["state", "decided_at"])
        audit_record(
            actor=actor_user(by.pk),
            action="unfreeze.cancel",
            target=f"customer:{request.customer_id}",
            data={"request": request.pk},
        )
        _note(request, by, _("Unfreeze request cancelled."))
    return request


def unfreeze_ask(*, customer: Customer, client: Client, text: str = "") -> Ticket:
    """The customer asks to be unfrozen (portal, signed in and re-authenticated). It only
    reaches the security team on their case; it never unfreezes anything by itself."""
    words = _clean(text)
    with in_customer_language(customer):
        body = _("I would like my wallet to be unfrozen. Please verify my identity.")
        if words:
            body += "\n\n" + words
        subject = _("Please unfreeze my wallet")
    case = _open_case(customer)
    with transaction.atomic():
        result = inbound_receive(
            InboundMessage(
                channel=Channel.PORTAL,
                sender=Sender.signed_in(customer),
                text=body,
                subject=subject,
                ticket_id=case.pk if case else None,
                problem_type=ProblemType.ACCOUNT_FROZEN,
            )
        )
        security_event_record(
            customer=customer,
            kind=SecurityEventKind.UNFREEZE_REQUESTED,
            client=client,
            actor=actor_customer(customer.pk),
            data={"ticket": result.ticket.pk},
        )
    return result.ticket


def _pending(unfreeze: UnfreezeRequest, by: User) -> UnfreezeRequest:
    request = (
        UnfreezeRequest.objects.select_for_update()
        .select_related("customer")
        .filter(pk=unfreeze.pk)
        .first()
    )
    if request is None:
        raise Conflict(_("This request no longer exists."))
    _require_handler(by, request.customer)
    if request.state != UnfreezeState.PENDING:
        raise Conflict(_("This request has already been decided."))
    return request


def _is_frozen(customer: Customer) -> bool:
    if not customer.wallet_account_ref:
        return False
    try:
        return get_gateway().get_account(customer.wallet_account_ref).is_frozen
    except AccountNotFound:
        return False


def _open_case(customer: Customer) -> Ticket | None:
    return (
        Ticket.objects.filter(
            Q(problem_type=ProblemType.ACCOUNT_STOLEN) | Q(problem_type=ProblemType.ACCOUNT_FROZEN),
            requester=customer,
            requester_verified=True,
            status__in=ACTIVE_STATUSES,
        )
        .order_by("-priority", "created_at", "id")
        .first()
    )


def _note(request: UnfreezeRequest, by: User, template: str) -> None:
    """An internal note on the customer's case, when there is one `by` may write on."""
    ticket = request.ticket
    if ticket is None or not can_view_ticket(by, ticket):
        return
    text = template % {
        "how": request.get_verification_display(),
        "reason": request.reason,
    }
    inbound_receive(
        InboundMessage(
            channel=ticket.channel,
            sender=Sender.agent(by),
            text=text,
            ticket_id=ticket.pk,
            kind=MessageKind.NOTE,
        )
    )


def _notify_requested(customer: Customer, *, request_id: int) -> None:
    """Announced on every channel before anyone approves: whoever talked an agent into it
    cannot hide it from the owner of the other address."""
    with in_customer_language(customer):
        body = "\n".join(
            [
                _("Someone on our security team has asked to unfreeze your WalletDesk wallet."),
                _(
                    "A second person checks and approves it first. If you did not ask for this, "
                    "contact us at once through the official channels in the app."
                ),
            ]
        )
        subject = _("WalletDesk security notice: an unfreeze was requested")
    notify_customer(
        customer=customer, key=f"unfreeze-requested:{request_id}", subject=subject, body=body
    )


def _notify_unfrozen(customer: Customer, *, event_id: int) -> None:
    with in_customer_language(customer):
        body = "\n".join(
            [
                _("Your WalletDesk wallet was unfrozen after a check of who you are."),
                _("Money can leave it again. Make sure you have a new password."),
                _(
                    "If you did not ask for this, freeze it again at once in the help centre or "
                    "call us. We never ask for your password, codes or recovery phrase."
                ),
            ]
        )
        subject = _("WalletDesk security notice: your wallet is unfrozen")
    notify_customer(customer=customer, key=f"unfrozen:{event_id}", subject=subject, body=body)


def _clean(text: str) -> str:
    return (text or "").replace("\x00", "").strip()[:MAX_NOTE_CHARS]
