"""/verify/ in Chinese (the default) and English: each verdict in plain words."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web_portal.conftest import switch_language

pytestmark = pytest.mark.django_db


def test_the_page_is_linked_from_the_navigation_and_home(client: Client) -> None:
    page = client.get("/").content.decode()
    assert 'href="/verify/"' in page
    assert 'id="verify-link"' in page


def test_chinese_lookalike_warning_and_report_link(client: Client) -> None:
    response = client.get("/verify/", {"value": "wa11etdesk.example"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-status="lookalike"' in page
    assert "警告：这不是 WalletDesk！" in page
    assert "不要回复" in page
    assert "walletdesk.example" in page
    assert 'href="/report/?value=wa11etdesk.example"' in page


def test_english_official_answer(client: Client) -> None:
    switch_language(client, "en")
    page = client.get("/verify/", {"value": "400 800 8888"}).content.decode()
    assert 'data-status="official"' in page
    assert "This is an official WalletDesk channel." in page
    assert "+86 400-800-8888" in page
    assert 'id="report-link"' not in page


def test_english_unknown_is_never_called_safe(client: Client) -> None:
    switch_language(client, "en")
    page = client.get("/verify/", {"value": "example.org"}).content.decode()
    assert 'data-status="unknown"' in page
    assert "Unknown does not mean safe." in page


@pytest.mark.parametrize("value", ["", "x" * 600, "a\x00b"])
def test_junk_shows_the_form_again_with_400(client: Client, value: str) -> None:
    response = client.get("/verify/", {"value": value})
    assert response.status_code == 400
    assert 'id="verdict"' not in response.content.decode()


def test_the_report_page_works_signed_out_in_both_languages(client: Client) -> None:
    page = client.get("/report/", {"value": "wa11etdesk.example"}).content.decode()
    assert "钓鱼与假客服举报" in page
    assert "wa11etdesk.example" in page
    assert 'name="contact"' in page
    switch_language(client, "en")
    assert "Report phishing or fake support" in client.get("/report/").content.decode()


def test_the_page_is_never_cached_for_a_signed_in_customer(
    client: Client, customer: object
) -> None:
    from tests.web_portal.conftest import sign_in

    sign_in(client, customer)  # type: ignore[arg-type]
    response = client.get("/verify/")
    assert "no-store" in response["Cache-Control"]
