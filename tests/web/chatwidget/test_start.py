"""POST /chat/start: a signed-in portal customer, the app's identity token, an embedded visitor;
clear refusals in both languages; a rate limit per client address."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from tests.web.chatwidget.conftest import SECRET, SITE, post_start
from tests.web_portal.conftest import sign_in
from walletdesk.chat.identity_token import identity_token_mint
from walletdesk.chat.limits import STARTS_PER_CLIENT
from walletdesk.chat.models import Conversation
from walletdesk.chat.selectors import conversation_for_token
from walletdesk.core import clock
from walletdesk.identity.models import Customer
from walletdesk.web.chatwidget.views import CHAT_START_ATTEMPTS_PER_CLIENT

pytestmark = pytest.mark.django_db


def _token(sub: str, *, seconds: int = 300, **claims: Any) -> str:
    exp = int(clock.now().timestamp()) + seconds
    return identity_token_mint(secret=SECRET, sub=sub, exp=exp, **claims)


def _started(response: Any) -> Conversation:
    assert response.status_code == 201, response.content
    body = response.json()
    conversation = conversation_for_token(key=body["conversation"], token=body["token"])
    assert conversation is not None
    return conversation


def _checked_client(customer: Customer) -> Client:
    """A browser signed in as `customer` whose later requests go through Django's CSRF check
    (the test client skips it unless told)."""
    client = Client()
    sign_in(client, customer)
    client.handler.enforce_csrf_checks = True
    return client


def test_a_signed_in_portal_customer_starts_a_verified_conversation(customer: Customer) -> None:
    client = _checked_client(customer)
    page = client.get("/chat/")
    assert b'data-mode="portal"' in page.content
    csrf = page.content.decode().split('name="csrf-token" content="', 1)[1].split('"', 1)[0]
    response = post_start(
        client,
        {"mode": "portal", "problem_type": "topup_not_credited", "lang": "en"},
        HTTP_X_CSRFTOKEN=csrf,
    )
    conversation = _started(response)
    assert conversation.customer == customer
    assert conversation.verified is True
    assert conversation.origin == "portal"
    assert conversation.problem_type == "topup_not_credited"
    assert response.json()["verified"] is True
    assert response.json()["transcript_to"] == "x***@example.com"
    assert "token_digest" not in response.json()


def test_a_portal_start_without_the_csrf_token_is_refused(customer: Customer) -> None:
    client = _checked_client(customer)
    response = post_start(client, {"mode": "portal", "lang": "en"})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "not_signed_in"
    assert not Conversation.objects.exists()


def test_a_portal_start_signed_out_is_refused(client: Client) -> None:
    response = post_start(client, {"mode": "portal", "lang": "en"})
    assert response.status_code == 403
    assert response.json()["error"]["message"].startswith("Sign in")
    assert not Conversation.objects.exists()


def test_the_app_token_starts_a_conversation_bound_to_its_customer(
    client: Client, make_customer: Callable[..., Customer]
) -> None:
    someone = make_customer(email="app.user@example.com")
    response = post_start(
        client, {"mode": "app", "identity": _token(someone.ref, name="App User", lang="en")}
    )
    conversation = _started(response)
    assert conversation.customer == someone
    assert conversation.verified is True
    assert conversation.origin == "app"
    assert conversation.language == "en"


def test_an_embedded_visitor_starts_an_unverified_conversation(client: Client) -> None:
    response = post_start(
        client,
        {
            "mode": "embed",
            "name": " Jane Doe ",
            "contact": "Jane@Example.COM",
            "lang": "en",
            "site": SITE + "/",
        },
    )
    conversation = _started(response)
    assert conversation.customer is None
    assert conversation.verified is False
    assert conversation.origin == "embed"
    assert conversation.visitor_name == "Jane Doe"
    assert conversation.visitor_contact == "jane@example.com"
    assert conversation.site == SITE
    assert response.json()["verified"] is False


def test_a_visitor_claiming_a_customers_address_is_still_unverified(
    client: Client, customer: Customer
) -> None:
    response = post_start(
        client, {"mode": "embed", "name": "Not them", "contact": customer.email or ""}
    )
    conversation = _started(response)
    assert conversation.customer is None
    assert conversation.verified is False


def test_a_site_not_on_the_allowlist_is_not_recorded(client: Client) -> None:
    response = post_start(
        client,
        {"mode": "embed", "name": "A", "contact": "+86 138 0013 8000", "site": "https://x.example"},
    )
    conversation = _started(response)
    assert conversation.site == ""
    assert conversation.visitor_contact == "+8613800138000"


@pytest.mark.parametrize(
    ("lang", "name_error", "contact_error"),
    [
        ("en", "Tell us your name.", "Enter a valid email address, or a phone number"),
        ("zh-hans", "请告诉我们您的称呼。", "请输入有效的电子邮箱地址"),
    ],
)
def test_visitor_details_are_checked_with_clear_errors_in_both_languages(
    client: Client, lang: str, name_error: str, contact_error: str
) -> None:
    response = post_start(client, {"mode": "embed", "name": "", "contact": "abc", "lang": lang})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "validation_failed"
    assert error["fields"]["name"] == [name_error]
    assert error["fields"]["contact"][0].startswith(contact_error)
    assert not Conversation.objects.exists()


def test_a_visitor_must_give_some_contact(client: Client) -> None:
    response = post_start(client, {"mode": "embed", "name": "Jane", "lang": "en"})
    assert response.json()["error"]["fields"] == {
        "contact": ["Give an email address or a phone number so we can answer you."]
    }


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "This chat link has expired."), ("zh-hans", "此聊天链接已过期")],
)
def test_an_expired_app_token_is_refused_in_the_visitors_language(
    client: Client, customer: Customer, lang: str, expected: str
) -> None:
    token = _token(customer.ref, seconds=-1)
    response = post_start(client, {"mode": "app", "identity": token, "lang": lang})
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "identity_expired"
    assert response.json()["error"]["message"].startswith(expected)
    assert not Conversation.objects.exists()


def test_a_forged_app_token_is_refused(client: Client, customer: Customer) -> None:
    forged = identity_token_mint(
        secret="not-the-operators-secret",
        sub=customer.ref,
        exp=int(clock.now().timestamp()) + 300,
    )
    for token in [forged, "", "garbage", _token("nobody@example.com")]:
        response = post_start(client, {"mode": "app", "identity": token, "lang": "en"})
        assert response.status_code == 403, token
        assert response.json()["error"]["code"] == "identity_invalid"
    assert not Conversation.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[1, 2]",
        json.dumps({"mode": "embed", "name": ["x"], "contact": "a@example.com"}),
        json.dumps({"mode": "something"}),
        json.dumps({"mode": "embed", "name": "A", "contact": "a@example.com", "problem_type": "x"}),
        json.dumps({"mode": "embed", "name": "A" * 9000}),
    ],
)
def test_malformed_requests_get_a_clear_json_error_never_a_500(client: Client, body: str) -> None:
    response = post_start(client, body)
    assert response.status_code == 400
    assert set(response.json()["error"]) >= {"code", "message"}


def test_only_post(client: Client) -> None:
    assert client.get("/chat/start").status_code == 405


def test_starts_are_limited_per_client_address(client: Client) -> None:
    body = {"mode": "embed", "name": "Jane", "contact": "jane@example.com", "lang": "en"}
    for _ in range(STARTS_PER_CLIENT.max_hits):
        assert post_start(client, body).status_code == 201
    refused = post_start(client, body)
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "rate_limited"
    # Another address is not held back by this one.
    assert post_start(client, body, REMOTE_ADDR="203.0.113.9").status_code == 201
    assert Conversation.objects.count() == STARTS_PER_CLIENT.max_hits + 1


def test_refused_attempts_are_limited_too(client: Client) -> None:
    """Guessing tokens or flooding with invalid forms runs out of attempts as well."""
    for _ in range(CHAT_START_ATTEMPTS_PER_CLIENT.max_hits):
        assert post_start(client, {"mode": "app", "identity": "guess"}).status_code == 403
    refused = post_start(client, {"mode": "app", "identity": "guess", "lang": "en"})
    assert refused.status_code == 429
    assert refused.json()["error"]["message"].startswith("Too many attempts.")


def test_the_page_follows_the_visitors_language(client: Client) -> None:
    assert "Chat with us" in client.get("/chat/?embed=1&lang=en").content.decode()
    assert "在线客服" in client.get("/chat/?embed=1&lang=zh-hans").content.decode()
    english = client.get("/chat/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="zh-hans">' in client.get("/chat/").content.decode()


def test_the_app_token_may_choose_the_pages_language(client: Client, customer: Customer) -> None:
    token = _token(customer.ref, lang="en")
    page = client.get("/chat/", {"identity": token})
    assert '<html lang="en">' in page.content.decode()
    assert b'data-mode="app"' in page.content
    frozen = dt.datetime(2030, 1, 1, tzinfo=dt.UTC)  # long expired: the page still opens
    with clock.frozen_at(frozen):
        assert client.get("/chat/", {"identity": token}).status_code == 200
