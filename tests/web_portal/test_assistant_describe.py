"""The contact page's "Describe it in your own words" box, without JavaScript: a GET shows the
assistant's suggestion from the server — type, flow, articles, or that a person will help."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def _suggestion(page: str) -> str:
    start = page.index('id="assistant-suggestion"')
    return page[start : page.index("</div>", start)]


def test_the_picker_has_the_box(portal_client: Client) -> None:
    page = portal_client.get("/contact/").content.decode()
    assert 'id="assistant-form"' in page
    assert 'name="describe"' in page
    assert 'data-api-url="/api/v1/assistant/classify"' in page
    assert "web/portal-assistant" in page
    assert 'id="assistant-suggestion"' not in page


def test_a_stolen_wallet_is_offered_the_freeze(portal_client: Client) -> None:
    page = portal_client.get("/contact/", {"describe": "我的钱包被盗了，钱被转走了"}).content
    box = _suggestion(page.decode())
    assert 'data-problem-type="account_stolen"' in box
    assert 'href="/security/freeze/"' in box
    assert "/help/articles/" in box
    assert 'id="topics"' in page.decode()  # the topics stay below


def test_a_money_problem_goes_to_the_form_of_its_type(english: Client, customer) -> None:
    from tests.web_portal.conftest import sign_in

    sign_in(english, customer)
    page = english.get("/contact/", {"describe": "my top-up of 300 CNY never arrived"})
    box = _suggestion(page.content.decode())
    assert "This looks like:" in box
    assert 'href="/contact/?problem_type=topup_not_credited"' in box
    assert "Check my transaction" in box


def test_asking_for_a_person_says_a_person_will_help(portal_client: Client) -> None:
    box = _suggestion(portal_client.get("/contact/", {"describe": "转人工"}).content.decode())
    assert 'class="assistant-handover"' in box
    assert "/contact/?problem_type=" in box
    assert 'id="assistant-flow"' not in box


def test_what_was_typed_stays_in_the_box(portal_client: Client) -> None:
    page = portal_client.get("/contact/", {"describe": "<b>忘记密码</b>"}).content.decode()
    assert "&lt;b&gt;忘记密码&lt;/b&gt;</textarea>" in page
    assert 'href="/password/forgot/"' in _suggestion(page)


def test_signed_out_visitors_get_the_signed_out_help(client: Client) -> None:
    response = client.get("/contact/", {"describe": "忘记密码"})
    assert response.status_code == 200
    assert 'id="assistant-form"' not in response.content.decode()
