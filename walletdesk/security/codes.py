"""One-time codes: six digits sent to a customer's registered email or phone.

    challenge = code_send(purpose=CodePurpose.PASSWORD_RESET, identifier=typed, client=client)
    ... the customer reads the code in their mail or SMS ...
    customer = code_check(purpose=CodePurpose.PASSWORD_RESET, token=challenge.token, code=typed)

Designed against an attacker who reads this file:

- **No enumeration.** `code_send` answers the same `Challenge` (a fresh token, the address as
  typed, masked) whether or not an account has that address, and does the same work; only a
  registered address receives a code. `code_check` has one error for every failure.
- **Nothing usable at rest.** The token is stored as its SHA-256, the code as an HMAC keyed by
  the secret key and bound to the token: a copy of the database gives neither.
- **Short-lived, single-use, few tries.** A code expires after `SECURITY_CODE_TTL_SECONDS`,
  is spent by its first correct use (one conditional UPDATE, so two racing requests cannot both
  use it), dies after `MAX_ATTEMPTS` wrong tries, and a newer code for the same purpose
  replaces the older one.
- **Throttled** per address (normalised, so spellings of one address share a counter), per
  client and globally for sending, and per client for checking (`core/ratelimit.py`).
- **Never in a log or a console page**: the outbox erases the text of a sensitive message once
  it has been delivered, and its admin never shows it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
import unicodedata

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from walletdesk.core import clock
from walletdesk.core.errors import DomainError
from walletdesk.core.masking import mask_email, mask_phone
from walletdesk.core.oncommit import enqueue_on_commit
from walletdesk.core.ratelimit import (
    CODE_CHECK_CLIENT,
    CODE_SEND_ACCOUNT,
    CODE_SEND_ADDRESS,
    CODE_SEND_CLIENT,
    CODE_SEND_GLOBAL,
    RateLimited,
)
from walletdesk.identity.identifiers import normalise_email, normalise_phone, rate_subject_text
from walletdesk.identity.models import Customer
from walletdesk.identity.services import customer_lookup
from walletdesk.outbox.choices import OutboundChannel
from walletdesk.outbox.contracts import Envelope
from walletdesk.outbox.services import outbound_enqueue
from walletdesk.security.contracts import Challenge, Client
from walletdesk.security.events import security_event_record
from walletdesk.security.models import CodeChannel, CodePurpose, OneTimeCode, SecurityEventKind
from walletdesk.security.notify import in_customer_language, notify_customer

MAX_ATTEMPTS = 5
CODE_DIGITS = 6


class CodeInvalid(DomainError):
    code = "code_invalid"
    status = 400
    default_message = gettext_lazy(
        "This code is not right, has been used or has expired. Ask for a new code."
    )


def code_send(
    *, purpose: CodePurpose | str, identifier: str, client: Client, link_path: str = ""
) -> Challenge:
    """Send a code to the account `identifier` (an email address or phone number) names, on
    that channel. The answer is the same whether or not there is such an account."""
    subject = rate_subject_text(identifier)
    _throttle_send(subject, client)
    channel = CodeChannel.EMAIL if subject.startswith("email:") else CodeChannel.SMS
    token = secrets.token_urlsafe(24)
    customer = customer_lookup(identifier)
    destination = _masked(identifier.strip(), channel)
    if customer is None or not _address_of(customer, channel):
        _digest(token, _new_code())  # the same work as for an account that exists
        return Challenge(token, channel, destination, _ttl())
    _issue(customer, purpose, channel, token, client, link_path)
    return Challenge(token, channel, destination, _ttl())


def code_send_to_customer(
    *,
    purpose: CodePurpose | str,
    customer: Customer,
    client: Client,
    channel: CodeChannel | str | None = None,
    link_path: str = "",
) -> Challenge:
    """Send a code to a customer already known (signed in, or past the first factor), to
    `channel` or the first they have (email, else SMS)."""
    chosen = str(channel or (CodeChannel.EMAIL if customer.email else CodeChannel.SMS))
    address = _address_of(customer, chosen)
    if not address:
        raise CodeInvalid(_("There is no registered address for that channel."))
    _throttle_send(f"customer:{customer.pk}", client)
    token = secrets.token_urlsafe(24)
    _issue(customer, purpose, chosen, token, client, link_path)
    return Challenge(token, chosen, _masked(address, chosen), _ttl())


def code_send_later(
    *, purpose: CodePurpose | str, identifier: str, client: Client, link_path: str = ""
) -> Challenge:
    """Like `code_send`, for the signed-out pages, with the same work in the request whether or
    not the account exists: the throttles, one lookup, a fresh token and one task queued on
    commit. The task writes the code, its security event and the message for an account that
    exists and can be reached on that channel, and at most `CODE_SEND_ACCOUNT` a day for each
    account, silently (going over changes nothing the asker sees). The token travels to the
    task queue for a moment; alone it proves nothing: the code goes only to the address."""
    subject = rate_subject_text(identifier)
    _throttle_send(subject, client)
    channel = CodeChannel.EMAIL if subject.startswith("email:") else CodeChannel.SMS
    token = secrets.token_urlsafe(24)
    customer = customer_lookup(identifier)
    reachable = customer is not None and bool(_address_of(customer, channel))
    from walletdesk.security.tasks import code_issue_later  # tasks import this module

    enqueue_on_commit(
        code_issue_later,
        customer_id=customer.pk if customer is not None and reachable else 0,
        purpose=str(purpose),
        channel=str(channel),
        token=token,
        ip=client.ip,
        user_agent=client.user_agent,
        link_path=link_path,
    )
    return Challenge(token, channel, _masked(identifier.strip(), channel), _ttl())


def code_issue_deferred(
    *,
    customer_id: int,
    purpose: str,
    channel: str,
    token: str,
    client: Client,
    link_path: str = "",
) -> bool:
    """The task's half of `code_send_later`. True when a code was sent."""
    customer = Customer.objects.filter(pk=customer_id, is_active=True).first()
    if customer is None or not _address_of(customer, channel):
        _digest(token, _new_code())
        return False
    try:
        CODE_SEND_ACCOUNT.hit(f"customer:{customer.pk}")
    except RateLimited:
        return False
    _issue(customer, purpose, channel, token, client, link_path)
    return True


def code_send_to_address(
    *,
    purpose: CodePurpose | str,
    customer: Customer,
    address: str,
    client: Client,
    deliver: bool = True,
) -> Challenge:
    """Send a code for `customer` to an address that is not (yet) theirs: the new email address
    or phone number they want, to prove they can read it. Throttled like every send, by the
    new address and by the customer. The caller keeps the address with the token and changes
    only to that address once `code_check` passes. With `deliver=False` (an address another
    account holds) nothing is sent, and the answer is the same, so the page tells no one whose
    address it is; the code step then fails like a wrong code."""
    is_email = "@" in address
    cleaned = normalise_email(address) if is_email else normalise_phone(address)
    _throttle_send(rate_subject_text(cleaned), client)
    CODE_SEND_ADDRESS.hit(f"customer:{customer.pk}")
    channel = CodeChannel.EMAIL if is_email else CodeChannel.SMS
    token = secrets.token_urlsafe(24)
    if deliver:
        _issue(customer, purpose, channel, token, client, "", to_address=cleaned)
    return Challenge(token, channel, _masked(cleaned, channel), _ttl())


def code_check(*, purpose: CodePurpose | str, token: str, code: str, client: Client) -> Customer:
    """The customer the code was sent to, once; `CodeInvalid` for every kind of failure."""
    CODE_CHECK_CLIENT.hit(client.rate_key)
    typed = _clean(code)
    row = (
        OneTimeCode.objects.select_related("customer")
        .filter(token_digest=_token_digest(token), purpose=str(purpose))
        .first()
        if token
        else None
    )
    if row is None or not typed:
        raise CodeInvalid()
    now = clock.now()
    live = OneTimeCode.objects.filter(
        pk=row.pk, used_at__isnull=True, expires_at__gt=now, attempts__lt=MAX_ATTEMPTS
    )
    if not live.update(attempts=F("attempts") + 1):
        raise CodeInvalid()
    if not hmac.compare_digest(row.code_digest, _digest(token, typed)):
        raise CodeInvalid()
    if not OneTimeCode.objects.filter(pk=row.pk, used_at__isnull=True).update(used_at=now):
        raise CodeInvalid()  # used by a concurrent request a moment ago
    if not row.customer.is_active:
        raise CodeInvalid()
    return row.customer


def _issue(
    customer: Customer,
    purpose: CodePurpose | str,
    channel: str,
    token: str,
    client: Client,
    link_path: str,
    *,
    to_address: str = "",
) -> OneTimeCode:
    code = _new_code()
    now = clock.now()
    with transaction.atomic():
        OneTimeCode.objects.filter(
            customer=customer, purpose=str(purpose), used_at__isnull=True
        ).update(used_at=now)
        row = OneTimeCode.objects.create(
            purpose=str(purpose),
            customer=customer,
            channel=channel,
            token_digest=_token_digest(token),
            code_digest=_digest(token, code),
            created_at=now,
            expires_at=now + dt.timedelta(seconds=_ttl()),
        )
        security_event_record(
            customer=customer,
            kind=SecurityEventKind.CODE_SENT,
            client=client,
            data={"purpose": str(purpose), "channel": channel},
        )
        subject, body = _message(customer, purpose, code, link_path)
        if to_address:
            _deliver_to(to_address, channel, subject, body, key=f"code:{row.pk}")
            return row
        notify_customer(
            customer=customer,
            key=f"code:{row.pk}",
            subject=subject,
            body=body,
            only=_address_of(customer, channel),
            sensitive=True,
        )
    return row


def _message(
    customer: Customer, purpose: CodePurpose | str, code: str, link_path: str
) -> tuple[str, str]:
    with in_customer_language(customer):
        what = CodePurpose(str(purpose)).label
        minutes = max(1, _ttl() // 60)
        lines = [
            _("Your WalletDesk code (%(what)s): %(code)s") % {"what": what, "code": code},
            _("It works once, for %(minutes)d minutes.") % {"minutes": minutes},
            _(
                "Never tell this code to anyone. WalletDesk staff will never ask for it, by "
                "phone, chat or any other way. If you did not ask for it, ignore this message."
            ),
        ]
        if link_path:
            lines.append(
                _("Enter it here: %(url)s") % {"url": settings.BASE_URL.rstrip("/") + link_path}
            )
        subject = _("Your WalletDesk code: %(what)s") % {"what": what}
    return subject, "\n".join(lines)


def _deliver_to(address: str, channel: str, subject: str, body: str, *, key: str) -> None:
    email = channel == CodeChannel.EMAIL
    outbound_enqueue(
        envelope=Envelope(
            channel=OutboundChannel.EMAIL if email else OutboundChannel.SMS,
            recipient=address,
            subject=subject if email else "",
            body=body,
            idempotency_key=f"security:{key}:{channel}",
            headers={"Auto-Submitted": "auto-generated"} if email else {},
            sensitive=True,
        )
    )


def _throttle_send(subject: str, client: Client) -> None:
    CODE_SEND_GLOBAL.hit("all")
    CODE_SEND_CLIENT.hit(client.rate_key)
    CODE_SEND_ADDRESS.hit(subject)


def _address_of(customer: Customer, channel: str) -> str:
    return str((customer.email if channel == CodeChannel.EMAIL else customer.phone) or "")


def _masked(address: str, channel: str) -> str:
    return mask_email(address) if channel == CodeChannel.EMAIL else mask_phone(address)


def _new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def _clean(code: str) -> str:
    """What the customer typed, as digits: full-width digits and spaces or dashes are fine."""
    text = unicodedata.normalize("NFKC", code or "")
    digits = "".join(ch for ch in text if ch not in " -\u00a0")
    return digits if len(digits) == CODE_DIGITS and digits.isdigit() else ""


def _ttl() -> int:
    return int(settings.SECURITY_CODE_TTL_SECONDS)


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _digest(token: str, code: str) -> str:
    key = hashlib.sha256(b"walletdesk-one-time-code:" + settings.SECRET_KEY.encode()).digest()
    return hmac.new(key, f"{token}:{code}".encode(), hashlib.sha256).hexdigest()
