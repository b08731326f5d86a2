"""The portal's freeze: signed in (re-authenticate, one click) and signed out (address, code)."""

from __future__ import annotations

import re

import pytest
from django.test import Client as BrowserClient
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.freeze.conftest import code_sent_to
from tests.web_portal.conftest import sign_in, switch_language
from walletdesk.identity.models import Customer
from walletdesk.outbox.models import OutboundMessage
from walletdesk.security.models import OneTimeCode
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.gateway import get_gateway

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("_keep_outbox_rows")]
FREEZE = "/security/freeze/"


def _frozen(customer: Customer) -> bool:
    return get_gateway().get_account(customer.wallet_account_ref).is_frozen


def _english(client: BrowserClient) -> BrowserClient:
    switch_language(client, "en")
    return client


def test_the_url_is_the_one_the_notices_name() -> None:
    assert reverse("portal:freeze") == FREEZE


def test_home_and_wallet_pages_offer_the_freeze(client: BrowserClient, victim: Customer) -> None:
    assert f'href="{FREEZE}"' in client.get("/").content.decode()
    sign_in(client, victim)
    assert f'href="{FREEZE}"' in client.get(reverse("portal:wallet")).content.decode()


def test_signed_in_needs_re_authentication_then_one_click(
    client: BrowserClient, victim: Customer
) -> None:
    sign_in(client, victim)
    response = client.get(FREEZE)
    assert response.status_code == 302
    assert reverse("portal:security-confirm") in response["Location"]
    assert not _frozen(victim)
    confirm = client.post(
        reverse("portal:security-confirm"), {"password": PASSWORD, "next": FREEZE}
    )
    assert confirm["Location"] == FREEZE
    assert 'id="freeze-now"' in client.get(FREEZE).content.decode()
    done = client.post(FREEZE)
    assert done.status_code == 302
    assert _frozen(victim)
    page = client.get(done["Location"])
    text = page.content.decode()
    assert Ticket.objects.get().reference in text
    assert 'href="/password/forgot/"' in text
    # This browser was signed out with every other one.
    assert client.get(reverse("portal:wallet")).status_code == 302


def test_signed_out_with_the_code_sent_to_the_phone(
    client: BrowserClient, victim: Customer
) -> None:
    _english(client)
    sent = client.post(FREEZE, {"step": "address", "identifier": "+86 138 0013 8000"})
    assert sent.status_code == 200
    token = sent.context["form"].initial["token"]
    code = code_sent_to("+8613800138000")
    done = client.post(FREEZE, {"step": "code", "token": token, "code": code})
    assert done.status_code == 302, done.content.decode()[:400]
    assert _frozen(victim)
    text = client.get(done["Location"]).content.decode()
    assert "Your wallet is frozen" in text
    assert Ticket.objects.get().reference in text


def test_a_wrong_code_freezes_nothing(client: BrowserClient, victim: Customer) -> None:
    _english(client)
    sent = client.post(FREEZE, {"step": "address", "identifier": "victim@example.com"})
    token = sent.context["form"].initial["token"]
    code = code_sent_to("victim@example.com")
    wrong = "000000" if code != "000000" else "111111"
    response = client.post(FREEZE, {"step": "code", "token": token, "code": wrong})
    assert response.status_code == 400
    assert "This code is not right" in response.content.decode()
    assert not _frozen(victim)
    assert not Ticket.objects.exists()


def test_a_code_works_once(client: BrowserClient, victim: Customer) -> None:
    sent = client.post(FREEZE, {"step": "address", "identifier": "victim@example.com"})
    token = sent.context["form"].initial["token"]
    code = code_sent_to("victim@example.com")
    assert client.post(FREEZE, {"step": "code", "token": token, "code": code}).status_code == 302
    again = client.post(FREEZE, {"step": "code", "token": token, "code": code})
    assert again.status_code == 400
    assert Ticket.objects.get().messages.count() == 1  # the reused code added nothing


def test_an_unknown_address_gets_the_same_answer(client: BrowserClient, victim: Customer) -> None:
    def page_for(address: str) -> str:
        response = client.post(FREEZE, {"step": "address", "identifier": address})
        assert response.status_code == 200
        text = response.content.decode()
        token = response.context["form"].initial["token"]
        csrf = response.context["csrf_token"]
        return text.replace(token, "TOKEN").replace(str(csrf), "CSRF")

    known = page_for("victim@example.com")
    unknown = page_for("victor@example.com")
    assert _same_but_address(known, unknown)
    assert OutboundMessage.objects.filter(sensitive=True).count() == 1
    assert OneTimeCode.objects.count() == 1


def _same_but_address(known: str, unknown: str) -> bool:
    def blank(text: str) -> str:
        return re.sub(r"[\w.*+-]+@example\.com", "ADDRESS", text)

    return blank(known) == blank(unknown)


def test_sending_codes_is_throttled_per_address(client: BrowserClient, victim: Customer) -> None:
    statuses = [
        client.post(FREEZE, {"step": "address", "identifier": spelling}).status_code
        for spelling in ["victim@example.com", "VICTIM@example.com", " victim@EXAMPLE.com"] * 2
    ]
    assert statuses[:5] == [200] * 5
    assert statuses[5] == 429
    assert OutboundMessage.objects.filter(sensitive=True).count() == 5


def test_guessing_codes_is_throttled(client: BrowserClient, victim: Customer) -> None:
    sent = client.post(FREEZE, {"step": "address", "identifier": "victim@example.com"})
    token = sent.context["form"].initial["token"]
    statuses = {
        client.post(FREEZE, {"step": "code", "token": token, "code": f"{n:06d}"}).status_code
        for n in range(31)
    }
    assert 429 in statuses
    assert not _frozen(victim)


def test_malformed_input_is_a_form_error_not_a_crash(client: BrowserClient, db: None) -> None:
    assert client.post(FREEZE, {"step": "code", "token": "x" * 500}).status_code == 400
    assert client.post(FREEZE, {"step": "address", "identifier": ""}).status_code == 400
    assert client.get(reverse("portal:freeze-done") + "?r=forged").status_code == 200


def test_a_signed_in_customer_may_ask_to_unfreeze_and_it_reaches_the_case(
    client: BrowserClient, victim: Customer
) -> None:
    from tests.freeze.conftest import CLIENT
    from walletdesk.security.freeze import FreezeVia, wallet_freeze

    wallet_freeze(customer=victim, via=FreezeVia.PHONE, client=CLIENT, actor="system")
    sign_in(client, victim)
    client.post(reverse("portal:security-confirm"), {"password": PASSWORD, "next": "/"})
    response = client.post(reverse("portal:unfreeze"), {"text": "I have my phone back."})
    assert response.status_code == 200
    ticket = Ticket.objects.get()
    assert ticket.messages.count() == 2
    assert _frozen(victim)  # asking never unfreezes
