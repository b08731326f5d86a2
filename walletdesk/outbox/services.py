"""Writes to the outbox: queue a message, deliver it, sweep up what is due.

The row is the record and the task only a trigger. `outbound_enqueue` writes the row inside the
caller's transaction and schedules a delivery task on commit. `outbound_deliver` claims the row
with one conditional UPDATE — a deliverer holds it until the claim expires, so two workers never
send one row at once, and a row whose deliverer died is taken over once its claim has run out —
then sends it through the channel's transport and records the outcome: sent; failed_transient,
tried again after an exponential, capped, jittered backoff; failed_permanent after a permanent
error or `OUTBOX_MAX_ATTEMPTS` attempts. `outbound_sweep` (every minute) delivers whatever is due,
so a lost task or a killed worker loses nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import re
import secrets
import uuid

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F

from walletdesk.core import clock
from walletdesk.core.oncommit import enqueue_on_commit
from walletdesk.outbox import tasks
from walletdesk.outbox.choices import (
    FINAL_STATES,
    PENDING_STATES,
    DeliveryState,
    FailureReason,
    OutboundChannel,
)
from walletdesk.outbox.contracts import Delivery, Envelope, Queued
from walletdesk.outbox.models import OutboundMessage
from walletdesk.outbox.signals import delivery_changed
from walletdesk.outbox.transports import TransportError, transport_for

logger = logging.getLogger(__name__)

_HEADER_NAME = re.compile(r"^[A-Za-z0-9-]{1,76}$")
# Scrubbed from error details before they are stored: addresses and long numbers (phones).
_ADDRESS = re.compile(r"[^\s<>()\[\]@,;:\"]+@[^\s<>()\[\]@,;:\"]+")
_NUMBER = re.compile(r"\+?\d[\d\s().-]{5,}\d")
_jitter = random.SystemRandom()


def new_message_id() -> str:
    """A globally unique, unguessable Message-ID in our mail domain."""
    domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "walletdesk.invalid"
    return f"<{secrets.token_hex(16)}@{domain}>"


def _clean_headers(headers: dict[str, str]) -> dict[str, str]:
    cleaned: dict[str, str] = {}
    for name, value in headers.items():
        if not _HEADER_NAME.match(name) or "\r" in value or "\n" in value:
            raise ValueError(f"header {name!r} is not a single line")
        cleaned[name] = value
    return cleaned


def outbound_enqueue(*, envelope: Envelope) -> Queued:
    """Queue `envelope` for delivery, in the caller's transaction; send it once that commits.

    Idempotent by `envelope.idempotency_key`: the same key returns the row already queued. An
    email gets its Message-ID here, once, so every attempt sends the same one."""
    if envelope.channel not in OutboundChannel.values:
        raise ValueError(f"unknown outbound channel {envelope.channel!r}")
    existing = OutboundMessage.objects.filter(idempotency_key=envelope.idempotency_key).first()
    if existing is not None:
        return Queued(existing.pk, existing.headers.get("Message-ID", ""), created=False)
    headers = _clean_headers(dict(envelope.headers))
    if envelope.channel == OutboundChannel.EMAIL:
        headers.setdefault("Message-ID", new_message_id())
    now = clock.now()
    try:
        with transaction.atomic():
            row = OutboundMessage.objects.create(
                channel=envelope.channel,
                recipient=envelope.recipient.strip()[:320],
                subject=" ".join(envelope.subject.split())[:255],
                body=envelope.body,
                sensitive=envelope.sensitive,
                headers=headers,
                source_message_id=envelope.source_message_id,
                idempotency_key=envelope.idempotency_key,
                next_attempt_at=now,
                created_at=now,
                updated_at=now,
            )
    except IntegrityError:  # the same key, queued concurrently
        row = OutboundMessage.objects.get(idempotency_key=envelope.idempotency_key)
        return Queued(row.pk, row.headers.get("Message-ID", ""), created=False)
    enqueue_on_commit(tasks.deliver_outbound, row.pk)
    return Queued(row.pk, headers.get("Message-ID", ""), created=True)


def retry_delay(attempts: int) -> dt.timedelta:
    """Exponential backoff with "equal jitter", capped: half the step fixed, half random."""
    base = settings.OUTBOX_RETRY_BASE_SECONDS
    step = min(settings.OUTBOX_RETRY_CAP_SECONDS, base * 2 ** min(max(attempts - 1, 0), 20))
    return dt.timedelta(seconds=step / 2 + _jitter.uniform(0, step / 2))


def _number(match: re.Match[str]) -> str:
    # Seven digits or more look like a phone or an account; "550 5.1.1" stays readable.
    return "[number]" if sum(char.isdigit() for char in match.group()) >= 7 else match.group()


def scrub(detail: str) -> str:
    """An error detail fit to store: no addresses, no phone numbers, one short line."""
    detail = _NUMBER.sub(_number, _ADDRESS.sub("[address]", detail))
    return " ".join(detail.split())[:255]


def _claim(outbound_id: int) -> str | None:
    """Take the row if it is due and nobody holds it. One conditional UPDATE: of two deliverers
    racing for a row, exactly one changes it."""
    now = clock.now()
    until = now + dt.timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    token = uuid.uuid4().hex
    claimed = OutboundMessage.objects.filter(
        pk=outbound_id,
        state__in=PENDING_STATES,
        next_attempt_at__lte=now,
        attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
    ).update(
        state=DeliveryState.SENDING,
        attempts=F("attempts") + 1,
        claimed_until=until,
        next_attempt_at=until,
        claim_token=token,
        updated_at=now,
    )
    return token if claimed else None


def _finish(row: OutboundMessage, token: str, **fields: object) -> str | None:
    """Record an outcome, unless the claim was lost meanwhile (it expired and another deliverer
    took the row): then that deliverer's record stands."""
    fields.update(claim_token="", claimed_until=None, updated_at=clock.now())
    if row.sensitive and fields["state"] in FINAL_STATES:
        fields["body"] = ""  # a code is spent or useless now; no copy stays behind
    if not OutboundMessage.objects.filter(pk=row.pk, claim_token=token).update(**fields):
        logger.warning("outbound %s: claim expired before the outcome was recorded", row.pk)
        return None
    state = str(fields["state"])
    delivery_changed.send_robust(
        sender=OutboundMessage,
        outbound_id=row.pk,
        source_message_id=row.source_message_id,
        state=state,
    )
    return state


def _failed(row: OutboundMessage, token: str, error: TransportError) -> str | None:
    detail = scrub(error.message)
    if error.permanent or row.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
        logger.warning("outbound %s (%s) failed for good: %s", row.pk, row.channel, detail)
        return _finish(
            row,
            token,
            state=DeliveryState.FAILED_PERMANENT,
            next_attempt_at=clock.now(),
            error_code=error.reason,
            last_error=detail,
        )
    delay = retry_delay(row.attempts)
    logger.info("outbound %s (%s) will be retried: %s", row.pk, row.channel, detail)
    state = _finish(
        row,
        token,
        state=DeliveryState.FAILED_TRANSIENT,
        next_attempt_at=clock.now() + delay,
        error_code=error.reason,
        last_error=detail,
    )
    if state is not None:  # the trigger for the retry; the sweep stands in if it is lost
        enqueue_on_commit(
            tasks.deliver_outbound.schedule, args=(row.pk,), delay=delay.total_seconds()
        )
    return state


def outbound_deliver(*, outbound_id: int) -> str | None:
    """Send one row if it is due and unclaimed. Returns the state it ended in, or None when
    there was nothing to do (not due, sent already, claimed by another deliverer, gone)."""
    token = _claim(outbound_id)
    if token is None:
        return None
    row = OutboundMessage.objects.get(pk=outbound_id)
    delivery = Delivery(
        id=row.pk,
        key=row.idempotency_key,
        channel=row.channel,
        recipient=row.recipient,
        subject=row.subject,
        body=row.body,
        headers=dict(row.headers),
        attempt=row.attempts,
        source_message_id=row.source_message_id,
    )
    try:
        provider_id = transport_for(row.channel).send(delivery)
    except TransportError as error:
        return _failed(row, token, error)
    except Exception as error:  # a transport's bug must not leave the row claimed for good
        logger.error("outbound %s: the transport raised %s", row.pk, type(error).__name__)
        return _failed(row, token, TransportError(type(error).__name__))
    return _finish(
        row,
        token,
        state=DeliveryState.SENT,
        sent_at=clock.now(),
        provider_message_id=str(provider_id)[:255],
        error_code="",
        last_error="",
    )


def _give_up_on_interrupted() -> None:
    """Rows whose last claim ran out with no attempts left: their deliverer died every time."""
    now = clock.now()
    stuck = OutboundMessage.objects.filter(
        state=DeliveryState.SENDING,
        next_attempt_at__lte=now,
        attempts__gte=settings.OUTBOX_MAX_ATTEMPTS,
    )
    for row in stuck:
        _finish(
            row,
            row.claim_token,
            state=DeliveryState.FAILED_PERMANENT,
            next_attempt_at=now,
            error_code=FailureReason.INTERRUPTED,
            last_error="interrupted on every attempt",
        )


def outbound_sweep(*, limit: int = 100) -> int:
    """Deliver what is due — new rows whose task was lost, retries, rows a crashed deliverer
    left claimed. Returns how many rows it sent."""
    _give_up_on_interrupted()
    due = list(
        OutboundMessage.objects.filter(
            state__in=PENDING_STATES,
            next_attempt_at__lte=clock.now(),
            attempts__lt=settings.OUTBOX_MAX_ATTEMPTS,
        )
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for outbound_id in due:
        if outbound_deliver(outbound_id=outbound_id) == DeliveryState.SENT:
            sent += 1
    return sent


def outbound_recover() -> None:
    """When a task consumer starts: deliver what is due now, and set a trigger for each row still
    claimed — perhaps by a deliverer that died with the previous process — at its claim's end."""
    outbound_sweep()
    now = clock.now()
    claimed = OutboundMessage.objects.filter(state=DeliveryState.SENDING, next_attempt_at__gt=now)
    for outbound_id, until in claimed.values_list("pk", "next_attempt_at"):
        delay = (until - now).total_seconds() + 1
        tasks.deliver_outbound.schedule(args=(outbound_id,), delay=delay)


@transaction.atomic
def outbound_retry(*, outbound_ids: list[int]) -> int:
    """Give failed messages a fresh set of attempts (an admin fixed the address or the
    provider). Sent messages are never sent again. Returns how many were queued."""
    now = clock.now()
    failed = OutboundMessage.objects.filter(
        pk__in=outbound_ids,
        state__in=[DeliveryState.FAILED_PERMANENT, DeliveryState.FAILED_TRANSIENT],
    )
    ids = list(failed.values_list("pk", flat=True))
    OutboundMessage.objects.filter(pk__in=ids).update(
        state=DeliveryState.QUEUED, attempts=0, next_attempt_at=now, updated_at=now
    )
    for outbound_id in ids:
        enqueue_on_commit(tasks.deliver_outbound, outbound_id)
    return len(ids)
