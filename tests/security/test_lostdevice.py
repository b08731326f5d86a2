"""Lost-device recovery: nothing changes during the wait; announced everywhere; cancellable."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest

from walletdesk.core import clock
from walletdesk.identity.models import Customer, User
from walletdesk.outbox.models import OutboundMessage
from walletdesk.security import totp
from walletdesk.security.contracts import Client
from walletdesk.security.lostdevice import (
    RecoveryLinkInvalid,
    recovery_cancel_by_link,
    recovery_complete_due,
    recovery_start,
)
from walletdesk.security.models import (
    AuthenticatorDevice,
    BackupCode,
    LostDeviceRecovery,
    RecoveryState,
    SecurityEvent,
    SecurityEventKind,
)
from walletdesk.security.tasks import complete_lost_device_recoveries
from walletdesk.security.twofactor import (
    SecondFactorInvalid,
    second_factor_check,
    second_factor_mode,
    totp_enrol_begin,
    totp_enrol_confirm,
    two_factor_enabled,
)

pytestmark = pytest.mark.django_db
CLIENT = Client(ip="203.0.113.7", user_agent="Mozilla/5.0 (iPhone) Safari/605")
T0 = dt.datetime(2026, 3, 2, 9, 0, 15, tzinfo=dt.UTC)
CANCEL = "http://testserver/security/recovery/cancel/{token}/"


@pytest.fixture(autouse=True)
def _undelivered(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("walletdesk.outbox.services.enqueue_on_commit", lambda *a, **k: None)


@pytest.fixture
def customer(make_customer: Callable[..., Customer]) -> Customer:
    customer = make_customer(email="mei@example.com", phone="+8613800138000")
    with clock.frozen_at(T0 - dt.timedelta(days=1)):
        totp_enrol_begin(customer=customer)
        secret = totp.unseal(AuthenticatorDevice.objects.get(customer=customer).secret_sealed)
        totp_enrol_confirm(
            customer=customer,
            code=totp.totp_code_at(secret, clock.now().timestamp()),
            client=CLIENT,
        )
    OutboundMessage.objects.all().delete()
    return customer


def _start(customer: Customer) -> tuple[LostDeviceRecovery, str]:
    with clock.frozen_at(T0):
        recovery, started = recovery_start(customer=customer, client=CLIENT, cancel_url_for=CANCEL)
    assert started
    body = OutboundMessage.objects.get(channel="email").body
    match = re.search(r"/security/recovery/cancel/([^/\s]+)/", body)
    assert match, body
    return recovery, match.group(1)


def test_starting_is_announced_on_every_channel_with_a_cancel_link(customer: Customer) -> None:
    recovery, token = _start(customer)
    rows = {row.channel: row for row in OutboundMessage.objects.all()}
    assert set(rows) == {"email", "sms"}
    for row in rows.values():
        assert "/security/recovery/cancel/" in row.body
        assert "2026-03-05 17:00" in row.body  # 72 hours later, in Beijing time
    assert recovery.completes_at == T0 + dt.timedelta(hours=72)
    assert token not in recovery.cancel_digest
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.RECOVERY_STARTED).count() == 1


def test_nothing_changes_before_the_wait_ends(customer: Customer) -> None:
    _start(customer)
    with clock.frozen_at(T0 + dt.timedelta(hours=71, minutes=59)):
        assert recovery_complete_due() == 0
        assert second_factor_mode(customer) == "totp"
    assert two_factor_enabled(customer)
    assert BackupCode.objects.filter(customer=customer).count() == 10
    # Asking again keeps the first clock: the wait cannot be restarted or shortened.
    with clock.frozen_at(T0 + dt.timedelta(hours=1)):
        again, started = recovery_start(customer=customer, client=CLIENT, cancel_url_for=CANCEL)
    assert not started
    assert again.completes_at == T0 + dt.timedelta(hours=72)


def test_after_the_wait_the_factor_is_reset_and_the_customer_must_enrol_again(
    customer: Customer,
) -> None:
    recovery, _token = _start(customer)
    OutboundMessage.objects.all().delete()
    with clock.frozen_at(T0 + dt.timedelta(hours=72)):
        complete_lost_device_recoveries.call_local()
    recovery.refresh_from_db()
    assert recovery.state == RecoveryState.COMPLETED
    assert not AuthenticatorDevice.objects.filter(customer=customer).exists()
    assert not BackupCode.objects.filter(customer=customer).exists()
    assert second_factor_mode(customer) == "code"
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.RECOVERY_COMPLETED).count() == 1
    assert set(OutboundMessage.objects.values_list("channel", flat=True)) == {"email", "sms"}
    # Running the sweep again changes nothing more.
    with clock.frozen_at(T0 + dt.timedelta(hours=73)):
        assert recovery_complete_due() == 0


def test_coming_back_after_the_wait_completes_it_on_the_spot(customer: Customer) -> None:
    _start(customer)
    with clock.frozen_at(T0 + dt.timedelta(hours=80)):
        assert second_factor_mode(customer) == "code"
    assert not two_factor_enabled(customer)


def test_the_link_cancels_and_nothing_changes_afterwards(customer: Customer) -> None:
    recovery, token = _start(customer)
    OutboundMessage.objects.all().delete()
    with pytest.raises(RecoveryLinkInvalid):
        recovery_cancel_by_link(token=token + "x", client=CLIENT)
    recovery_cancel_by_link(token=token, client=CLIENT)
    recovery.refresh_from_db()
    assert recovery.state == RecoveryState.CANCELLED
    assert set(OutboundMessage.objects.values_list("channel", flat=True)) == {"email", "sms"}
    with pytest.raises(RecoveryLinkInvalid):  # once
        recovery_cancel_by_link(token=token, client=CLIENT)
    with clock.frozen_at(T0 + dt.timedelta(hours=100)):
        assert recovery_complete_due() == 0
        assert second_factor_mode(customer) == "totp"
    assert two_factor_enabled(customer)


def test_the_security_team_cancels_from_the_admin(
    customer: Customer, make_user: Callable[..., User], client: object
) -> None:
    from django.test import Client as HttpClient

    recovery, _token = _start(customer)
    admin = make_user("admin", ("security",))
    browser = HttpClient()
    browser.force_login(admin)
    response = browser.post(
        "/admin/security/lostdevicerecovery/",
        {"action": "cancel_recoveries", "_selected_action": [recovery.pk]},
    )
    assert response.status_code == 302
    recovery.refresh_from_db()
    assert recovery.state == RecoveryState.CANCELLED
    assert recovery.finished_by == f"user:{admin.pk}"


def test_the_code_after_a_reset_is_the_only_way_in_until_enrolment(customer: Customer) -> None:
    _start(customer)
    with clock.frozen_at(T0 + dt.timedelta(hours=72)):
        recovery_complete_due()
    # The old authenticator's codes mean nothing now.
    with pytest.raises(SecondFactorInvalid):
        second_factor_check(customer=customer, code="123456", client=CLIENT, allow_totp=False)
