"""Two-step verification in the portal: enrolment, the second step of signing in, step-up with
the factor, the lost-device recovery and its cancel link."""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable
from importlib import import_module

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.web_portal.conftest import sign_in
from walletdesk.core import clock
from walletdesk.identity.models import Customer
from walletdesk.identity.portal_auth import portal_customer
from walletdesk.outbox.models import OutboundMessage
from walletdesk.security import totp
from walletdesk.security.models import (
    AuthenticatorDevice,
    LostDeviceRecovery,
    RecoveryState,
    SecurityEvent,
    SecurityEventKind,
)

pytestmark = pytest.mark.django_db
STEP = dt.timedelta(seconds=30)


@pytest.fixture
def customer(make_customer: Callable[..., Customer]) -> Customer:
    return make_customer(
        display_name="王小明",
        email="xiaoming@example.com",
        phone="+8613800138000",
        language="en",
    )


def _now_code(customer: Customer, offset: int = 0) -> str:
    device = AuthenticatorDevice.objects.get(customer=customer)
    at = clock.now() + offset * STEP
    return totp.totp_code_at(totp.unseal(device.secret_sealed), at.timestamp())


def _confirm_password(client: Client) -> None:
    response = client.post(
        reverse("portal:security-confirm"),
        {"action": "password", "password": PASSWORD, "next": "/security/two-factor/"},
    )
    assert response.status_code == 302


def _enrol(client: Client, customer: Customer) -> list[str]:
    """Through the pages, as a person does; returns the backup codes shown."""
    url = reverse("portal:two-factor")
    assert client.get(url).status_code == 302  # step-up first
    _confirm_password(client)
    page = client.post(url, {"action": "begin"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    secret_text = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html)
    assert secret_text is not None
    secret = secret_text.group(1).replace(" ", "")
    code = totp.totp_code_at(
        base64.b32decode(secret + "=" * (-len(secret) % 8)), clock.now().timestamp()
    )
    done = client.post(url, {"action": "confirm", "code": code})
    assert done.status_code == 200
    text = done.content.decode()
    assert 'id="two-factor-on"' in text
    assert secret_text.group(1) not in text  # never shown again
    return re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", text)


def _forget_step_up(client: Client) -> None:
    store = import_module(settings.SESSION_ENGINE).SessionStore(
        client.cookies[settings.PORTAL_SESSION_COOKIE_NAME].value
    )
    store.pop("stepup_at", None)
    store.save()


def _sent_code(address: str) -> str:
    row = OutboundMessage.objects.filter(recipient=address, sensitive=True).order_by("-id").first()
    assert row is not None
    match = re.search(r"\b(\d{6})\b", row.body)
    assert match
    return match.group(1)


def _password_step(client: Client, customer: Customer) -> None:
    response = client.post(
        reverse("portal:login"), {"identifier": customer.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:login-verify")


@pytest.fixture
def enrolled(client: Client, customer: Customer) -> list[str]:
    sign_in(client, customer)
    codes = _enrol(client, customer)
    client.post(reverse("portal:logout"))
    OutboundMessage.objects.all().delete()
    return codes


def test_enrolment_needs_step_up_and_shows_ten_backup_codes_once(
    client: Client, customer: Customer
) -> None:
    sign_in(client, customer)
    codes = _enrol(client, customer)
    assert len(codes) == 10
    again = client.get(reverse("portal:two-factor")).content.decode()
    assert codes[0] not in again
    assert "10 unused backup codes" in again


def test_the_password_alone_no_longer_signs_in(
    client: Client, customer: Customer, enrolled: list[str]
) -> None:
    _password_step(client, customer)
    request = client.get(reverse("portal:tickets"))
    assert request.status_code == 302
    assert request["Location"].startswith(reverse("portal:login"))
    page = client.get(reverse("portal:login-verify"))
    assert page.status_code == 200
    assert 'id="mode-totp"' in page.content.decode()


def test_the_authenticator_code_completes_the_sign_in(
    client: Client, customer: Customer, enrolled: list[str]
) -> None:
    _password_step(client, customer)
    wrong = client.post(reverse("portal:login-verify"), {"action": "verify", "code": "000000"})
    assert wrong.status_code == 400
    with clock.frozen_at(clock.now() + 2 * STEP):  # a code not used at enrolment
        done = client.post(
            reverse("portal:login-verify"), {"action": "verify", "code": _now_code(customer)}
        )
    assert done.status_code == 302
    assert client.get(reverse("portal:tickets")).status_code == 200
    event = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGNED_IN).first()
    assert event is not None
    assert event.data == {"how": "totp"}


def test_a_backup_code_signs_in_once(
    client: Client, customer: Customer, enrolled: list[str]
) -> None:
    _password_step(client, customer)
    done = client.post(reverse("portal:login-verify"), {"action": "verify", "code": enrolled[0]})
    assert done.status_code == 302
    client.post(reverse("portal:logout"))
    _password_step(client, customer)
    again = client.post(reverse("portal:login-verify"), {"action": "verify", "code": enrolled[0]})
    assert again.status_code == 400


def test_with_an_authenticator_a_code_by_sms_or_email_is_no_second_factor(
    client: Client, customer: Customer, enrolled: list[str]
) -> None:
    """Whoever swapped the SIM or reads the mailbox must not have both factors."""
    _password_step(client, customer)
    signed_in = SecurityEvent.objects.filter(kind=SecurityEventKind.SIGNED_IN).count()
    page = client.get(reverse("portal:login-verify")).content.decode()
    assert 'value="send"' not in page
    for channel in ("sms", "email"):
        refused = client.post(
            reverse("portal:login-verify"), {"action": "send", "channel": channel}
        )
        assert refused.status_code == 400
    assert not OutboundMessage.objects.filter(sensitive=True).exists()
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.SIGNED_IN).count() == signed_in


def test_the_second_step_is_throttled(
    client: Client, customer: Customer, enrolled: list[str]
) -> None:
    _password_step(client, customer)
    statuses = [
        client.post(
            reverse("portal:login-verify"), {"action": "verify", "code": f"{n:06d}"}
        ).status_code
        for n in range(7)
    ]
    assert statuses[:5] == [400] * 5
    assert statuses[5:] == [429, 429]
    right = client.post(reverse("portal:login-verify"), {"action": "verify", "code": enrolled[3]})
    assert right.status_code == 429
    assert portal_customer(right.wsgi_request) is None


def test_the_second_step_expires(client: Client, customer: Customer, enrolled: list[str]) -> None:
    _password_step(client, customer)
    with clock.frozen_at(clock.now() + dt.timedelta(minutes=11)):
        late = client.post(
            reverse("portal:login-verify"), {"action": "verify", "code": enrolled[0]}
        )
    assert late.status_code == 302
    assert late["Location"] == reverse("portal:login")


def test_without_the_password_step_there_is_no_second_step(client: Client, db: None) -> None:
    response = client.post(reverse("portal:login-verify"), {"action": "verify", "code": "123456"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:login")


def test_step_up_needs_the_factor_when_it_is_on(
    client: Client, customer: Customer, enrolled: list[str]
) -> None:
    _password_step(client, customer)
    client.post(reverse("portal:login-verify"), {"action": "verify", "code": enrolled[0]})
    confirm = reverse("portal:security-confirm")
    # A fresh sign-in with both factors counts as a confirmation for a few minutes.
    assert client.get(reverse("portal:two-factor")).status_code == 200
    _forget_step_up(client)  # as five minutes later
    assert client.get(reverse("portal:two-factor")).status_code == 302
    page = client.get(confirm)
    assert 'name="password"' not in page.content.decode()
    refused = client.post(confirm, {"action": "password", "password": PASSWORD, "next": "/"})
    assert refused.status_code == 400
    assert 'role="alert"' in refused.content.decode()
    assert client.get(reverse("portal:two-factor")).status_code == 302
    accepted = client.post(
        confirm, {"action": "code", "code": enrolled[1], "next": "/security/two-factor/"}
    )
    assert accepted.status_code == 302
    assert client.get(reverse("portal:two-factor")).status_code == 200


def test_step_up_without_2fa_takes_a_code_sent_by_email(client: Client, customer: Customer) -> None:
    sign_in(client, customer)
    confirm = reverse("portal:security-confirm")
    sent = client.post(confirm, {"action": "send", "channel": "email", "next": "/wallet/"})
    assert sent.status_code == 302
    code = _sent_code(customer.email or "")
    done = client.post(confirm, {"action": "code", "code": code, "next": "/security/two-factor/"})
    assert done.status_code == 302
    assert done["Location"] == "/security/two-factor/"
    assert client.get(reverse("portal:two-factor")).status_code == 200


def test_turning_off_is_announced_everywhere(client: Client, customer: Customer) -> None:
    sign_in(client, customer)
    _enrol(client, customer)
    OutboundMessage.objects.all().delete()
    done = client.post(reverse("portal:two-factor"), {"action": "disable"})
    assert done.status_code == 302
    assert set(OutboundMessage.objects.values_list("channel", flat=True)) == {"email", "sms"}
    assert not AuthenticatorDevice.objects.filter(customer=customer).exists()


def test_lost_device_recovery_through_the_pages(
    client: Client, customer: Customer, enrolled: list[str]
) -> None:
    _password_step(client, customer)
    lost = reverse("portal:login-lost-device")
    assert client.get(lost).status_code == 200
    assert client.post(lost, {"action": "send", "channel": "sms"}).status_code == 302
    code = _sent_code(customer.phone or "")
    started = client.post(lost, {"action": "verify", "code": code})
    assert started.status_code == 302
    page = client.get(lost).content.decode()
    assert 'id="recovery-started"' in page
    recovery = LostDeviceRecovery.objects.get(customer=customer)
    assert recovery.state == RecoveryState.WAITING
    # Every channel heard of it, with the link; the phone the code went to and the email too.
    notices = OutboundMessage.objects.filter(sensitive=False)
    assert set(notices.values_list("channel", flat=True)) == {"email", "sms"}
    email = notices.get(channel="email").body
    link = re.search(r"https?://[^/\s]+(/security/recovery/cancel/[^/\s]+/)", email)
    assert link is not None
    # Still no way in without the factor while it waits.
    assert portal_customer(started.wsgi_request) is None

    # The owner, signed out, cancels with nothing but the link.
    other = Client()
    asked = other.get(link.group(1))
    assert asked.status_code == 200
    assert recovery.state == RecoveryState.WAITING
    assert other.post(link.group(1)).status_code == 200
    recovery.refresh_from_db()
    assert recovery.state == RecoveryState.CANCELLED
    assert other.post(link.group(1)).status_code == 404


def test_after_the_wait_the_customer_signs_in_with_a_code_and_must_enrol(
    client: Client, customer: Customer, enrolled: list[str]
) -> None:
    _password_step(client, customer)
    lost = reverse("portal:login-lost-device")
    client.post(lost, {"action": "send", "channel": "email"})
    client.post(lost, {"action": "verify", "code": _sent_code(customer.email or "")})
    later = clock.now() + dt.timedelta(hours=72, minutes=1)
    with clock.frozen_at(later):
        fresh = Client()
        _password_step(fresh, customer)
        page = fresh.get(reverse("portal:login-verify")).content.decode()
        assert 'id="mode-code"' in page
        # The old backup codes are gone with the factor.
        refused = fresh.post(
            reverse("portal:login-verify"), {"action": "verify", "code": enrolled[4]}
        )
        assert refused.status_code == 400
        fresh.post(reverse("portal:login-verify"), {"action": "send", "channel": "email"})
        done = fresh.post(
            reverse("portal:login-verify"),
            {"action": "verify", "code": _sent_code(customer.email or "")},
        )
        assert done.status_code == 302
        assert done["Location"] == reverse("portal:two-factor")
        assert fresh.get(reverse("portal:two-factor")).status_code == 200
    assert LostDeviceRecovery.objects.get().state == RecoveryState.COMPLETED


def test_a_wrong_cancel_link_is_a_plain_404(client: Client, db: None) -> None:
    response = client.get(reverse("portal:recovery-cancel", args=["not-a-real-token"]))
    assert response.status_code == 404
    assert response["Referrer-Policy"] == "no-referrer"


def test_signing_in_with_the_authenticator_cancels_a_waiting_recovery(
    client: Client, customer: Customer, enrolled: list[str]
) -> None:
    _password_step(client, customer)
    lost = reverse("portal:login-lost-device")
    client.post(lost, {"action": "send", "channel": "sms"})
    client.post(lost, {"action": "verify", "code": _sent_code(customer.phone or "")})
    assert LostDeviceRecovery.objects.get().state == RecoveryState.WAITING
    # A code by SMS (what a swapped SIM gives) does not stop it ...
    again = Client()
    _password_step(again, customer)
    again.post(reverse("portal:login-verify"), {"action": "send", "channel": "sms"})
    again.post(
        reverse("portal:login-verify"),
        {"action": "verify", "code": _sent_code(customer.phone or "")},
    )
    assert LostDeviceRecovery.objects.get().state == RecoveryState.WAITING
    # ... the authenticator's proof (here a backup code) does.
    owner = Client()
    _password_step(owner, customer)
    page = owner.get(reverse("portal:login-verify")).content.decode()
    assert 'id="recovery-waiting"' in page
    done = owner.post(reverse("portal:login-verify"), {"action": "verify", "code": enrolled[5]})
    assert done.status_code == 302
    assert LostDeviceRecovery.objects.get().state == RecoveryState.CANCELLED


def test_step_up_without_2fa_still_takes_the_password(client: Client, customer: Customer) -> None:
    sign_in(client, customer)
    confirm = reverse("portal:security-confirm")
    page = client.get(confirm).content.decode()
    assert 'name="password"' in page
    wrong = client.post(confirm, {"password": "not-it", "next": "/security/two-factor/"})
    assert wrong.status_code == 400
    assert client.get(reverse("portal:two-factor")).status_code == 302
    right = client.post(confirm, {"password": PASSWORD, "next": "/security/two-factor/"})
    assert right.status_code == 302
    assert client.get(reverse("portal:two-factor")).status_code == 200
