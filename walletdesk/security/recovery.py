"""Getting back into an account and changing how it is reached: a password reset with a code,
a password change, a new email address or phone number.

Each ends with a security event and a notice on every channel the customer has (for a new
address: on the old ones, so whoever changed it cannot hide it from the owner).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from walletdesk.core.errors import Conflict
from walletdesk.identity.identifiers import normalise_email, normalise_phone
from walletdesk.identity.models import Customer
from walletdesk.identity.services import customer_set_password
from walletdesk.security.contracts import Client
from walletdesk.security.devices import portal_sessions_forget
from walletdesk.security.events import security_event_record
from walletdesk.security.models import SecurityEvent, SecurityEventKind
from walletdesk.security.notify import in_customer_language, notify_security_event


class AddressUnavailable(Conflict):
    code = "address_unavailable"
    default_message = gettext_lazy("This address cannot be used. Please choose another one.")


@transaction.atomic
def password_reset_complete(*, customer: Customer, password: str, client: Client) -> SecurityEvent:
    """Set the password a customer chose after proving who they are with a code. Every other
    session, socket and API token ends (the caller signs this browser in afresh)."""
    return _password_set(customer, password, client, SecurityEventKind.PASSWORD_RESET)


@transaction.atomic
def password_change(
    *, customer: Customer, password: str, client: Client, keep_session_key: str | None = None
) -> SecurityEvent:
    """A signed-in customer's new password. Every session ends but `keep_session_key`'s row,
    which the caller signs in again (the epoch moved for it too)."""
    return _password_set(
        customer, password, client, SecurityEventKind.PASSWORD_CHANGED, keep=keep_session_key
    )


def _password_set(
    customer: Customer, password: str, client: Client, kind: str, *, keep: str | None = None
) -> SecurityEvent:
    customer_set_password(customer=customer, password=password)
    portal_sessions_forget(customer=customer, keep_key=keep)
    event = security_event_record(
        customer=customer, kind=kind, client=client, actor=f"customer:{customer.pk}"
    )
    with in_customer_language(customer):
        headline = (
            _("Your WalletDesk password was reset.")
            if kind == SecurityEventKind.PASSWORD_RESET
            else _("Your WalletDesk password was changed.")
        )
        advice = _(
            "Every other device was signed out. If this was not you, freeze your wallet at "
            "once from the help centre or call us. We never ask for your password or codes."
        )
    notify_security_event(event=event, headline=headline, advice=advice)
    return event


def contact_address_clean(address: str) -> tuple[str, str]:
    """("email" | "phone", the address normalised); ValidationFailed when it is neither."""
    text = address.strip()
    if "@" in text:
        return "email", normalise_email(text).lower()
    return "phone", normalise_phone(text)


def contact_address_taken(*, kind: str, address: str) -> bool:
    """Whether an account (another's, or the customer's own current one) has this address."""
    taken = (
        Customer.objects.filter(email__iexact=address)
        if kind == "email"
        else Customer.objects.filter(phone=address)
    )
    return taken.exists()


def contact_address_available(*, customer: Customer, kind: str, address: str) -> None:
    """Refuse an address another account already has (or the customer's own current one)."""
    if contact_address_taken(kind=kind, address=address):
        raise AddressUnavailable()


@transaction.atomic
def contact_change(*, customer: Customer, kind: str, address: str, client: Client) -> SecurityEvent:
    """Replace the customer's email address or phone number by `address`, which they proved
    they can read. The notice goes to every address they had before the change."""
    contact_address_available(customer=customer, kind=kind, address=address)
    event = security_event_record(
        customer=customer,
        kind=SecurityEventKind.CONTACT_CHANGED,
        client=client,
        actor=f"customer:{customer.pk}",
        data={"field": kind},
    )
    with in_customer_language(customer):
        headline = (
            _("The email address of your WalletDesk account was changed.")
            if kind == "email"
            else _("The phone number of your WalletDesk account was changed.")
        )
    notify_security_event(event=event, headline=headline)  # to the old addresses
    if kind == "email":
        customer.email = address
    else:
        customer.phone = address
    customer.save(update_fields=[kind])
    return event
