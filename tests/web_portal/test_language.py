"""Which language the portal speaks: the customer's preference once signed in; before that the
switch's cookie, then the browser's Accept-Language, then Chinese."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD
from tests.web_portal.conftest import sign_in
from walletdesk.identity.models import Customer, User


def test_accept_language_chooses_before_sign_in(client: Client, db: None) -> None:
    assert client.get("/login/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")["Content-Language"] == "en"
    assert client.get("/login/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")["Content-Language"] == (
        "zh-hans"
    )


def test_chinese_when_the_browser_asks_for_nothing_we_speak(client: Client, db: None) -> None:
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr-FR,de;q=0.8")["Content-Language"] == "zh-hans"
    assert client.get("/")["Content-Language"] == "zh-hans"


def test_the_cookie_wins_over_the_browser(client: Client, db: None) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"

    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Content-Language"] == "zh-hans"


def test_an_english_customer_lands_in_english_after_sign_in(
    client: Client, make_customer: Callable[..., Customer]
) -> None:
    emma = make_customer(display_name="Emma", email="emma@example.com", language="en")
    assert emma.preferred_language == "en"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"  # an earlier visitor's choice

    signed_in = client.post("/login/", {"identifier": emma.email, "password": PASSWORD})
    assert signed_in.status_code == 302
    response = client.get("/tickets/", HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in response.content.decode()


def test_the_switch_updates_a_signed_in_customers_preference(
    client: Client, make_customer: Callable[..., Customer]
) -> None:
    wang = make_customer(display_name="王", email="wang@example.com", language="zh-hans")
    sign_in(client, wang)

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/tickets/"})

    assert response.status_code == 302
    assert response["Location"] == "/tickets/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    wang.refresh_from_db()
    assert wang.preferred_language == "en"
    assert client.get("/tickets/")["Content-Language"] == "en"


def test_the_switch_before_sign_in_touches_no_customer(client: Client, customer: Customer) -> None:
    before = customer.preferred_language

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})

    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    customer.refresh_from_db()
    assert customer.preferred_language == before


def test_an_unknown_language_changes_nothing(client: Client, customer: Customer) -> None:
    sign_in(client, customer)

    response = client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert response.status_code == 302
    customer.refresh_from_db()
    assert customer.preferred_language == "zh-hans"


def test_the_console_keeps_the_agents_profile_language(
    client: Client, make_user: Callable[..., User]
) -> None:
    make_user(username="ling", language="en")

    client.post("/console/login/", {"username": "ling", "password": PASSWORD})
    response = client.get("/console/", HTTP_ACCEPT_LANGUAGE="zh-CN")

    assert response["Content-Language"] == "en"


def test_the_menu_names_the_security_check_up_not_the_security_team(
    client: Client, make_customer: Callable[..., Customer]
) -> None:
    wang = make_customer(display_name="王小明", email="wang@example.cn", language="zh-hans")
    sign_in(client, wang)
    chinese = client.get("/tickets/").content.decode()
    assert ">账户安全</a>" in chinese
    assert "安全组" not in chinese

    wang.preferred_language = "en"
    wang.save(update_fields=["preferred_language"])
    assert ">Security</a>" in client.get("/tickets/").content.decode()
