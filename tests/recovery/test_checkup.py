"""The security check-up: devices and sessions (end one, end the others), password change and a
new email or phone behind step-up, notices to the old addresses."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.test import Client

from tests.conftest import PASSWORD
from tests.recovery.conftest import NEW_PASSWORD, last_code
from walletdesk.identity.models import Customer
from walletdesk.outbox.models import OutboundMessage
from walletdesk.security.models import PortalSession, SecurityEvent, SecurityEventKind

pytestmark = pytest.mark.django_db
PHONE_UA = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/120 Mobile Safari/537.36"
DESKTOP_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Firefox/121.0"


def _browser(customer: Customer, agent: str = DESKTOP_UA) -> Client:
    browser = Client(HTTP_USER_AGENT=agent)
    response = browser.post("/login/", {"identifier": customer.email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def _confirmed(browser: Client, password: str = PASSWORD) -> None:
    assert browser.post("/security/confirm/", {"password": password}).status_code == 302


def test_the_check_up_lists_devices_and_links_from_the_wallet(mei: Customer) -> None:
    _browser(mei, PHONE_UA)
    desk = _browser(mei)
    page = desk.get("/security/").content.decode()
    assert "Chrome · Android" in page
    assert "Firefox · Windows" in page
    assert 'href="/security/two-factor/"' in page
    assert "sessions/end-others" in page
    assert 'href="/security/"' in desk.get("/wallet/").content.decode()


def test_the_check_up_needs_a_sign_in(client: Client) -> None:
    response = client.get("/security/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_sign_out_one_device(mei: Customer) -> None:
    phone = _browser(mei, PHONE_UA)
    desk = _browser(mei)
    row = PortalSession.objects.get(customer=mei, device="Chrome · Android")
    response = desk.post("/security/sessions/end/", {"session": row.public_id})
    assert response.status_code == 302
    assert phone.get("/wallet/").status_code == 302  # signed out
    assert desk.get("/wallet/").status_code == 200
    assert not SessionStore().exists(row.session_key)
    assert SecurityEvent.objects.filter(customer=mei, kind=SecurityEventKind.SESSION_ENDED).exists()


def test_another_customers_device_cannot_be_ended(mei: Customer, make_customer: Any) -> None:
    other = make_customer(email="other@example.com")
    theirs = _browser(other)
    row = PortalSession.objects.get(customer=other)
    mine = _browser(mei)
    mine.post("/security/sessions/end/", {"session": row.public_id})
    assert theirs.get("/wallet/").status_code == 200


def test_sign_out_everywhere_else(mei: Customer) -> None:
    phone = _browser(mei, PHONE_UA)
    desk = _browser(mei)
    assert desk.post("/security/sessions/end-others/").status_code == 302
    assert phone.get("/wallet/").status_code == 302
    assert desk.get("/wallet/").status_code == 200
    page = desk.get("/security/").content.decode()
    devices = page.split('id="security-devices"')[1].split("</section>")[0]
    assert "Firefox · Windows" in devices
    assert "Chrome · Android" not in devices
    assert SecurityEvent.objects.filter(
        customer=mei, kind=SecurityEventKind.SESSIONS_ENDED
    ).exists()


def test_changing_the_password_needs_step_up_and_ends_other_sessions(mei: Customer) -> None:
    phone = _browser(mei, PHONE_UA)
    desk = _browser(mei)
    response = desk.get("/security/password/")
    assert response.status_code == 302
    assert "/security/confirm/" in response["Location"]
    _confirmed(desk)
    response = desk.post(
        "/security/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    assert desk.get("/security/").status_code == 200
    assert phone.get("/wallet/").status_code == 302
    mei.refresh_from_db()
    assert mei.check_password(NEW_PASSWORD)
    notices = OutboundMessage.objects.filter(sensitive=False)
    assert set(notices.values_list("channel", flat=True)) == {"email", "sms"}


def test_a_weak_new_password_is_refused_with_the_reason(mei: Customer) -> None:
    desk = _browser(mei)
    _confirmed(desk)
    response = desk.post(
        "/security/password/",
        {"password1": "kettle-13800138000", "password2": "kettle-13800138000"},
    )
    assert response.status_code == 400
    assert "手机号" in response.content.decode()


def test_a_new_email_needs_a_code_sent_to_it_and_the_old_addresses_are_told(
    mei: Customer,
) -> None:
    desk = _browser(mei)
    _confirmed(desk)
    response = desk.post("/security/contact/", {"address": "Mei.New@Example.com"})
    assert response.status_code == 200
    code = last_code("mei.new@example.com")
    assert not OutboundMessage.objects.filter(recipient=mei.email, sensitive=True).exists()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    assert desk.post("/security/contact/", {"step": "code", "code": wrong}).status_code == 400
    response = desk.post("/security/contact/", {"step": "code", "code": code})
    assert response.status_code == 302
    mei.refresh_from_db()
    assert mei.email == "mei.new@example.com"
    event = SecurityEvent.objects.get(customer=mei, kind=SecurityEventKind.CONTACT_CHANGED)
    notices = OutboundMessage.objects.filter(
        idempotency_key__startswith=f"security:event:{event.pk}"
    )
    assert set(notices.values_list("recipient", flat=True)) == {"mei.lin@example.com", mei.phone}


def test_an_address_another_account_has_gets_no_code_and_the_same_answer(
    mei: Customer, make_customer: Any
) -> None:
    make_customer(email="taken@example.com")
    desk = _browser(mei)
    _confirmed(desk)
    response = desk.post("/security/contact/", {"address": "taken@example.com"})
    assert response.status_code == 200  # as for a free address: nobody learns whose it is
    assert not OutboundMessage.objects.filter(recipient="taken@example.com").exists()
    mei.refresh_from_db()
    assert mei.email == "mei.lin@example.com"


def test_a_new_phone_number(mei: Customer) -> None:
    desk = _browser(mei)
    _confirmed(desk)
    desk.post("/security/contact/", {"address": "+86 139 1234 5678"})
    code = last_code("+8613912345678")
    assert desk.post("/security/contact/", {"step": "code", "code": code}).status_code == 302
    mei.refresh_from_db()
    assert mei.phone == "+8613912345678"


def test_contact_change_without_step_up_goes_to_confirm(mei: Customer) -> None:
    desk = _browser(mei)
    response = desk.post("/security/contact/", {"address": "x@example.com"})
    assert response.status_code == 302
    assert "/security/confirm/" in response["Location"]
    assert not OutboundMessage.objects.exists()


def test_the_check_up_lists_the_wallets_payment_methods(mei: Customer) -> None:
    from walletdesk.wallet.contracts import PaymentMethodKind
    from walletdesk.wallet.sandbox import seeding

    account = seeding.open_account("Mei Lin")
    seeding.add_payment_method(
        account.ref,
        kind=PaymentMethodKind.DEBIT_CARD,
        issuer="China Merchants Bank",
        last4="4242",
        expiry_month=12,
        expiry_year=2099,
    )
    mei.wallet_account_ref = account.ref
    mei.save(update_fields=["wallet_account_ref"])
    page = _browser(mei).get("/security/")
    assert page.status_code == 200
    methods = page.content.decode().split('id="security-payment-methods"')[1].split("</section>")[0]
    assert "4242" in methods
    assert "China Merchants Bank" in methods


def test_codes_to_new_addresses_are_throttled_per_customer(mei: Customer) -> None:
    desk = _browser(mei)
    statuses = []
    for i in range(6):
        _confirmed(desk)
        statuses.append(
            desk.post("/security/contact/", {"address": f"new{i}@example.com"}).status_code
        )
    assert statuses == [200] * 5 + [429]
    assert OutboundMessage.objects.filter(sensitive=True).count() == 5


def test_a_code_for_one_new_address_cannot_change_to_another(mei: Customer) -> None:
    desk = _browser(mei)
    _confirmed(desk)
    desk.post("/security/contact/", {"address": "first@example.com"})
    first_code = last_code("first@example.com")
    _confirmed(desk)
    desk.post("/security/contact/", {"address": "second@example.com"})
    # The newer code replaced the older one; the older code no longer works for anything.
    response = desk.post("/security/contact/", {"step": "code", "code": first_code})
    assert response.status_code == 400
    mei.refresh_from_db()
    assert mei.email == "mei.lin@example.com"
