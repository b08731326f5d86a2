"""Only the widget may be framed, and only by this site and the operator's allowlist; every
other page stays unframeable. The widget's scripts still come only from our own files."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tests.web.chatwidget.conftest import SITE
from tests.web_portal.conftest import sign_in
from walletdesk.identity.models import Customer
from walletdesk.web.chatwidget.framing import allowed_origins, embedding_site


def _directives(response: Any) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    pairs = (part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    return dict(pairs)


@pytest.mark.django_db
def test_the_embedded_widget_may_be_framed_by_the_allowed_sites_only(client: Client) -> None:
    response = client.get("/chat/?embed=1&lang=en")
    assert response.status_code == 200
    policy = _directives(response)
    assert policy["frame-ancestors"] == f"'self' {SITE} http://localhost:8123"
    assert "X-Frame-Options" not in response
    # Framing is the only thing relaxed: no inline or foreign script.
    assert policy["script-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"]


@pytest.mark.django_db
def test_the_full_page_widget_may_be_framed_by_this_site_only(client: Client) -> None:
    response = client.get("/chat/")
    assert _directives(response)["frame-ancestors"] == "'self'"
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/help/", "/contact/", "/login/", "/console/login/", "/no-such-page/"]
)
def test_every_other_page_stays_unframeable(client: Client, path: str) -> None:
    response = client.get(path)
    assert _directives(response)["frame-ancestors"] == "'none'", path
    assert response["X-Frame-Options"] == "DENY", path


@pytest.mark.django_db
def test_a_signed_in_portal_page_stays_unframeable(client: Client, customer: Customer) -> None:
    sign_in(client, customer)
    for path in ["/", "/contact/", "/tickets/"]:
        response = client.get(path)
        assert _directives(response)["frame-ancestors"] == "'none'", path
        assert response["X-Frame-Options"] == "DENY", path


@pytest.mark.django_db
def test_the_embedded_widget_sets_no_cookie(client: Client, customer: Customer) -> None:
    """Inside another site's iframe no cookie is needed (nor would one be sent back)."""
    response = client.get("/chat/?embed=1")
    assert not response.cookies
    # Even with a portal session in the same browser the framed widget ignores it.
    sign_in(client, customer)
    response = client.get("/chat/?embed=1")
    assert not response.cookies
    assert b'data-mode="embed"' in response.content
    assert b"csrf-token" not in response.content


def test_malformed_allowlist_entries_never_reach_the_policy(settings: Any) -> None:
    settings.CHAT_ALLOWED_ORIGINS = [
        "https://Shop.Example/",
        "https://ok.example:8443",
        "https://evil.example; script-src *",
        "javascript:alert(1)",
        "https://*.example",
        "",
    ]
    assert allowed_origins() == ["https://shop.example", "https://ok.example:8443"]


def test_the_embedding_site_is_kept_only_when_allowed(settings: Any) -> None:
    settings.CHAT_ALLOWED_ORIGINS = [SITE]
    assert embedding_site("https://shop.example/") == SITE
    assert embedding_site("https://elsewhere.example") == ""
    assert embedding_site("not a url") == ""


@pytest.mark.django_db
def test_embed_js_is_one_script_with_the_launcher_words_in_both_languages(
    client: Client,
) -> None:
    response = client.get("/chat/embed.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    source = response.content.decode()
    assert "__WALLETDESK_LABELS__" not in source
    assert '"en": {"open": "Chat with us"' in source
    assert '"zh-hans": {"open": "在线客服"' in source
    assert "/chat/" in source
    assert "embed" in source
