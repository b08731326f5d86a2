"""The help-centre landing page and the two languages of the portal."""

from __future__ import annotations

from django.conf import settings
from django.test import Client

from walletdesk.identity.models import Customer


def test_home_shows_channels_hours_preparation_and_safety(
    english: Client, official_registry: None
) -> None:
    response = english.get("/")

    page = response.content.decode()
    assert response.status_code == 200
    for fact in (
        "+86 400-800-8888",
        "09:00\u201321:00",
        "24 hours a day, 7 days a week",
        "support@walletdesk.example",
        "within 1\u20133 business days",
        "@WalletDeskSupport",
        "WalletDesk钱包",
        "Live chat",
    ):
        assert fact in page, fact
    assert "when the transaction happened, the amount and the payment method" in page
    assert "registered with" in page
    assert "never ask for your password, verification codes or recovery phrase" in page
    assert 'href="/login/"' in page
    assert 'href="/contact/"' in page


def test_home_greets_a_signed_in_customer(portal_client: Client, customer: Customer) -> None:
    page = portal_client.get("/").content.decode()

    assert customer.display_name in page
    assert 'action="/logout/"' in page
    assert 'href="/login/"' not in page


def test_chinese_is_the_default_language(client: Client, db: None) -> None:
    response = client.get("/")

    assert response["Content-Language"] == "zh-hans"
    assert '<html lang="zh-hans">' in response.content.decode()


def test_both_languages_render_translated_text(client: Client, db: None) -> None:
    """Django's own catalogue proves each language is really active, whatever ours holds yet."""
    empty = {"identifier": "", "password": ""}

    chinese = client.post("/login/", empty, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.post("/login/", empty, HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()

    assert "该字段是必填项。" in chinese
    assert "This field is required." not in chinese
    assert "This field is required." in english
    assert "该字段是必填项。" not in english


def test_language_switch_sticks_in_the_wd_lang_cookie(client: Client, db: None) -> None:
    page = client.get("/").content.decode()
    assert 'action="/i18n/setlang/"' in page

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/contact/"})

    assert response.status_code == 302
    assert response["Location"] == "/contact/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    # The cookie wins over the browser's own preference on every later page.
    later = client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert later["Content-Language"] == "en"

    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert client.get("/")["Content-Language"] == "zh-hans"


def test_wd_lang_cookie_alone_chooses_english(client: Client, db: None) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/login/")

    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()
