"""Regression tests for what an attack on account security found: one channel (the mailbox or
the SIM) must not beat an authenticator, signed-out pages must do the same work for every
address, a signed-in customer must not learn whose address is registered, the lost-device
cancel link points where the operator says, and the SMS provider is never followed elsewhere."""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.recovery.conftest import NEW_PASSWORD, last_code
from tests.web_portal.conftest import sign_in
from tests.web_portal.test_two_factor_pages import _enrol
from walletdesk.core.ratelimit import CODE_SEND_ACCOUNT, RateLimited
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.outbox.contracts import Delivery
from walletdesk.outbox.models import OutboundMessage
from walletdesk.outbox.transports import TransportError
from walletdesk.outbox.transports.sms_http import HttpSmsTransport
from walletdesk.security.models import OneTimeCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def victim(make_customer: Callable[..., Customer]) -> Customer:
    customer: Customer = make_customer(
        display_name="V", email="v@example.com", phone="+8613800138000", language="en"
    )
    return customer


@pytest.fixture
def backup_codes(victim: Customer) -> list[str]:
    owner = Client()
    sign_in(owner, victim)
    codes = _enrol(owner, victim)
    victim.owner_client = owner  # type: ignore[attr-defined]  # the fixture below reads it
    OutboundMessage.objects.all().delete()
    return codes


@pytest.fixture
def enrolled_victim(victim: Customer, backup_codes: list[str]) -> tuple[Customer, Client]:
    return victim, victim.owner_client  # type: ignore[attr-defined]


def _reset(client: Client, address: str, run_tasks: Callable[[], Any], **extra: str) -> Any:
    with run_tasks():
        client.post("/password/forgot/", {"identifier": address})
    data = {"code": last_code(address), "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    return client.post("/password/reset/", {**data, **extra})


@pytest.mark.parametrize("via", ["email", "phone"])
def test_one_channel_cannot_reset_an_account_with_an_authenticator(
    enrolled_victim: tuple[Customer, Client], run_tasks: Callable[[], Any], via: str
) -> None:
    victim, owner = enrolled_victim
    attacker = Client()
    answer = _reset(attacker, str(getattr(victim, via)), run_tasks)
    assert answer.status_code == 400
    assert 'name="factor"' in answer.content.decode()
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)  # the password is the owner's still
    assert owner.get("/security/").status_code == 200  # and the owner is still signed in
    # Without the authenticator, neither a wrong factor nor a code by the same channel helps.
    refused = attacker.post(
        "/password/reset/",
        {"factor": "000000", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert refused.status_code == 400
    victim.refresh_from_db()
    assert victim.check_password(PASSWORD)


def test_the_owner_resets_with_the_authenticator_or_a_backup_code(
    enrolled_victim: tuple[Customer, Client],
    backup_codes: list[str],
    run_tasks: Callable[[], Any],
) -> None:
    victim, _owner = enrolled_victim
    client = Client()
    _reset(client, victim.email or "", run_tasks)
    done = client.post(
        "/password/reset/",
        {"factor": backup_codes[0], "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert done.status_code == 302
    assert done["Location"] == reverse("portal:security")
    victim.refresh_from_db()
    assert victim.check_password(NEW_PASSWORD)


def test_the_second_step_sends_no_code_to_an_account_with_an_authenticator(
    enrolled_victim: tuple[Customer, Client],
) -> None:
    victim, _owner = enrolled_victim
    thief = Client()  # knows the password, holds the SIM
    thief.post(reverse("portal:login"), {"identifier": victim.phone, "password": PASSWORD})
    sent = thief.post(reverse("portal:login-verify"), {"action": "send", "channel": "sms"})
    assert sent.status_code == 400
    assert not OutboundMessage.objects.filter(recipient=victim.phone, sensitive=True).exists()
    assert portal_customer(thief.get("/").wsgi_request) is None


def _post_counting(path: str, data: dict[str, str]) -> tuple[Any, int]:
    client = Client()
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        answer = client.post(path, data)
    return answer, len(queries.captured_queries)


def _normalised(html: str) -> str:
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    html = re.sub(r'name="token" value="[^"]+"', "", html)
    return re.sub(r'name="destination" value="[^"]+"', "", html)


def test_signed_out_freeze_does_the_same_work_for_every_address(victim: Customer) -> None:
    known, known_queries = _post_counting("/security/freeze/", {"identifier": "v@example.com"})
    unknown, unknown_queries = _post_counting(
        "/security/freeze/", {"identifier": "nobody@example.com"}
    )
    assert known.status_code == unknown.status_code == 200
    assert known_queries == unknown_queries
    assert not OneTimeCode.objects.exists()  # the code is written after the answer
    known_page = _normalised(known.content.decode()).replace("v@e", "")
    unknown_page = _normalised(unknown.content.decode()).replace("no****@e", "")
    assert known_page.count("<form") == unknown_page.count("<form")


def test_signed_out_freeze_codes_keep_to_the_daily_cap(
    victim: Customer, run_tasks: Callable[[], Any]
) -> None:
    for _ in range(CODE_SEND_ACCOUNT.max_hits):
        CODE_SEND_ACCOUNT.hit(f"customer:{victim.pk}")
    with pytest.raises(RateLimited):
        CODE_SEND_ACCOUNT.hit(f"customer:{victim.pk}")
    for n, address in enumerate(["v@example.com", "+8613800138000"] * 3):
        with run_tasks():
            Client(REMOTE_ADDR=f"10.0.0.{n}").post("/security/freeze/", {"identifier": address})
    assert not OneTimeCode.objects.filter(customer=victim).exists()


def test_a_new_address_that_is_taken_gets_the_same_answer_as_a_free_one(
    make_customer: Callable[..., Customer], victim: Customer
) -> None:
    asker = make_customer(display_name="A", email="asker@example.com")
    client = Client()
    sign_in(client, asker)
    confirm = {"action": "password", "password": PASSWORD, "next": "/security/contact/"}
    assert client.post("/security/confirm/", confirm).status_code == 302
    taken = client.post("/security/contact/", {"address": "v@example.com"})
    free = client.post("/security/contact/", {"address": "nobody@example.com"})
    assert taken.status_code == free.status_code == 200
    assert not OutboundMessage.objects.filter(recipient="v@example.com").exists()
    assert OutboundMessage.objects.filter(recipient="nobody@example.com").exists()
    # Asking on and on is throttled like any code.
    statuses = {
        client.post("/security/contact/", {"address": f"n{n}@example.com"}).status_code
        for n in range(25)
    }
    assert 429 in statuses


@override_settings(
    ALLOWED_HOSTS=["testserver", "127.0.0.1"], BASE_URL="https://help.walletdesk.example"
)
def test_the_lost_device_cancel_link_ignores_the_host_header(
    enrolled_victim: tuple[Customer, Client],
) -> None:
    victim, owner = enrolled_victim
    owner.post(reverse("portal:logout"))
    thief = Client(HTTP_HOST="127.0.0.1")
    thief.post(reverse("portal:login"), {"identifier": victim.email, "password": PASSWORD})
    thief.post(reverse("portal:login-lost-device"), {"action": "send", "channel": "sms"})
    started = thief.post(
        reverse("portal:login-lost-device"),
        {"action": "verify", "code": last_code(victim.phone or "")},
    )
    assert started.status_code == 302
    bodies = " ".join(
        OutboundMessage.objects.filter(recipient=victim.email).values_list("body", flat=True)
    )
    links = re.findall(r"https?://\S+/security/recovery/cancel/\S+", bodies)
    assert links
    assert all(link.startswith("https://help.walletdesk.example/") for link in links)


class _Redirecting(http.server.BaseHTTPRequestHandler):
    target = ""
    seen: list[str] = []

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers["Content-Length"]))
        self.send_response(302)
        self.send_header("Location", self.target)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        self.seen.append(str(self.headers.get("Authorization")))
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"{}")

    def log_message(self, *args: object) -> None:
        return None


def test_the_sms_provider_is_never_followed_to_another_address() -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Redirecting)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_port
    _Redirecting.target = f"http://127.0.0.1:{port}/elsewhere"
    delivery = Delivery(
        id=1,
        key="k1",
        channel="sms",
        recipient="+8613800138000",
        subject="",
        body="code 123456",
        headers={},
        attempt=1,
        source_message_id=None,
    )
    try:
        with (
            override_settings(
                SMS_HTTP_URL=f"http://127.0.0.1:{port}/send", SMS_HTTP_KEY="sk", SMS_HTTP_SECRET="s"
            ),
            pytest.raises(TransportError) as failure,
        ):
            HttpSmsTransport().send(delivery)
    finally:
        server.shutdown()
        server.server_close()
    assert failure.value.permanent
    assert _Redirecting.seen == []  # the key went nowhere else
