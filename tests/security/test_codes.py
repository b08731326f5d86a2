"""One-time codes: the same answer for every address, hashed at rest, once, briefly, few tries."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from walletdesk.core import clock
from walletdesk.core.ratelimit import RateLimited
from walletdesk.identity.models import Customer
from walletdesk.outbox.models import OutboundMessage
from walletdesk.security.codes import MAX_ATTEMPTS, CodeInvalid, code_check, code_send
from walletdesk.security.contracts import Client
from walletdesk.security.models import CodePurpose, OneTimeCode

pytestmark = pytest.mark.django_db
CLIENT = Client(ip="203.0.113.7", user_agent="Mozilla/5.0 (Linux; Android 14) Chrome/120")
RESET = CodePurpose.PASSWORD_RESET


def _sent_code(customer: Customer) -> str:
    row = OutboundMessage.objects.filter(recipient__in=[customer.email, customer.phone]).first()
    assert row is not None
    assert row.sensitive
    match = re.search(r"\b(\d{6})\b", row.body)
    assert match, "the code is in the message until it is delivered"
    return match.group(1)


@pytest.fixture
def customer(make_customer: Callable[..., Customer]) -> Customer:
    return make_customer(email="mei@example.com", phone="+8613800138000")


@pytest.fixture(autouse=True)
def _undelivered(settings: object, monkeypatch: pytest.MonkeyPatch) -> None:
    # Keep the outbox rows queued so the test can read the code the customer would receive.
    monkeypatch.setattr("walletdesk.outbox.services.enqueue_on_commit", lambda *a, **k: None)


def test_known_and_unknown_addresses_get_the_same_answer(customer: Customer) -> None:
    known = code_send(purpose=RESET, identifier="MEI@example.com", client=CLIENT)
    unknown = code_send(purpose=RESET, identifier="nobody@example.com", client=CLIENT)
    assert (known.channel, known.expires_in_seconds) == (
        unknown.channel,
        unknown.expires_in_seconds,
    )
    assert known.destination.count("*")
    assert unknown.destination.count("*")
    assert len(known.token) == len(unknown.token)
    assert OutboundMessage.objects.count() == 1  # only the real address got a message
    with pytest.raises(CodeInvalid) as excinfo:
        code_check(purpose=RESET, token=unknown.token, code="123456", client=CLIENT)
    assert excinfo.value.code == "code_invalid"


def test_a_code_works_once_and_nothing_usable_is_stored(customer: Customer) -> None:
    challenge = code_send(purpose=RESET, identifier="+86 138 0013 8000", client=CLIENT)
    code = _sent_code(customer)
    row = OneTimeCode.objects.get()
    assert row.channel == "sms"
    assert code not in row.code_digest
    assert challenge.token not in row.token_digest
    # Full-width digits and spaces are read as the digits they are.
    typed = " ".join(chr(ord(d) + 0xFEE0) for d in code)
    assert code_check(purpose=RESET, token=challenge.token, code=typed, client=CLIENT) == customer
    with pytest.raises(CodeInvalid):
        code_check(purpose=RESET, token=challenge.token, code=code, client=CLIENT)


def test_a_code_is_good_only_for_its_purpose(customer: Customer) -> None:
    challenge = code_send(purpose=RESET, identifier=customer.email or "", client=CLIENT)
    with pytest.raises(CodeInvalid):
        code_check(
            purpose=CodePurpose.FREEZE,
            token=challenge.token,
            code=_sent_code(customer),
            client=CLIENT,
        )


def test_wrong_tries_kill_the_code(customer: Customer) -> None:
    challenge = code_send(purpose=RESET, identifier=customer.email or "", client=CLIENT)
    code = _sent_code(customer)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(MAX_ATTEMPTS):
        with pytest.raises(CodeInvalid):
            code_check(purpose=RESET, token=challenge.token, code=wrong, client=CLIENT)
    with pytest.raises(CodeInvalid):
        code_check(purpose=RESET, token=challenge.token, code=code, client=CLIENT)


def test_a_code_expires(customer: Customer, settings: object) -> None:
    challenge = code_send(purpose=RESET, identifier=customer.email or "", client=CLIENT)
    code = _sent_code(customer)
    later = clock.now() + dt.timedelta(seconds=challenge.expires_in_seconds + 1)
    with clock.frozen_at(later), pytest.raises(CodeInvalid):
        code_check(purpose=RESET, token=challenge.token, code=code, client=CLIENT)


def test_a_newer_code_replaces_the_older(customer: Customer) -> None:
    first = code_send(purpose=RESET, identifier=customer.email or "", client=CLIENT)
    first_code = _sent_code(customer)
    code_send(purpose=RESET, identifier=customer.email or "", client=CLIENT)
    with pytest.raises(CodeInvalid):
        code_check(purpose=RESET, token=first.token, code=first_code, client=CLIENT)


def test_sending_is_throttled_per_address_however_it_is_spelt(customer: Customer) -> None:
    spellings = ["mei@example.com", "MEI@EXAMPLE.COM", " mei@example.com "]
    for n in range(5):
        code_send(purpose=RESET, identifier=spellings[n % 3], client=Client(ip=f"10.0.0.{n}"))
    with pytest.raises(RateLimited):
        code_send(purpose=RESET, identifier=spellings[2], client=Client(ip="10.0.0.9"))
    assert OutboundMessage.objects.count() == 5


def test_a_delivered_code_leaves_no_text_behind(customer: Customer, settings: object) -> None:
    from walletdesk.outbox.services import outbound_deliver

    code_send(purpose=RESET, identifier=customer.email or "", client=CLIENT)
    row = OutboundMessage.objects.get()
    assert outbound_deliver(outbound_id=row.pk) == "sent"
    row.refresh_from_db()
    assert row.body == ""
