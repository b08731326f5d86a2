"""The ticket page's "Help articles" search: published articles in the customer's language,
found by two-character Chinese words and English stems, answered only to those who may see the
ticket."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web_console.conftest import HTMX
from walletdesk.helpcentre.models import Article, ArticleStatus, ArticleVersion
from walletdesk.identity.models import User
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _search(client: Client, ticket: Ticket, query: str, *, htmx: bool = True) -> str:
    url = reverse("console:ticket-articles", args=[ticket.pk])
    response = client.get(url, {"q": query}, headers=HTMX if htmx else {})
    assert response.status_code == 200
    return response.content.decode()


def _article_url(slug: str) -> str:
    return settings.BASE_URL.rstrip("/") + reverse("portal:help-article", args=[slug])


@pytest.mark.parametrize(
    ("query", "slug", "title"),
    [
        ("提现", "transaction-failed", "付款、转账或提现失败了"),
        ("冻结", "account-frozen", "我的钱包为什么被冻结了"),
        ("充值", "topup-not-credited", "充值扣款了，余额却没增加"),
        ("银行", "payment-pending-bank", "银行一直没答复，交易卡在“处理中”"),
        ("忘记 密码", "forgot-password", "忘记密码怎么办"),
    ],
)
def test_chinese_words_find_articles_for_a_chinese_customer(
    login_as: Callable[[User], Client],
    agent: User,
    make_ticket: Callable[..., Ticket],
    query: str,
    slug: str,
    title: str,
) -> None:
    ticket = make_ticket(language="zh-hans")
    html = _search(login_as(agent), ticket, query)
    assert title in html
    assert f'data-insert-article-url="{_article_url(slug)}"' in html
    assert f'value="{_article_url(slug)}"' in html  # the link to copy, without script
    assert f"<mark>{query.split()[0]}</mark>" in html


@pytest.mark.parametrize(
    ("query", "slug", "title"),
    [
        ("withdrawals failed", "transaction-failed", "A payment, transfer or withdrawal failed"),
        ("refunded", "merchant-refunds", "Merchant refunds and orders that never arrived"),
        ("frozen", "account-frozen", "Why is my wallet frozen?"),
    ],
)
def test_english_words_find_articles_for_an_english_customer(
    login_as: Callable[[User], Client],
    agent: User,
    make_ticket: Callable[..., Ticket],
    query: str,
    slug: str,
    title: str,
) -> None:
    ticket = make_ticket(language="en")
    html = _search(login_as(agent), ticket, query)
    assert title in html
    assert f'data-insert-article-url="{_article_url(slug)}"' in html


def test_a_chinese_query_shows_the_english_version_to_an_english_customer(
    login_as: Callable[[User], Client], agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    html = _search(login_as(agent), make_ticket(language="en"), "充值")
    assert "Top-up taken from your card but not in your balance" in html
    assert "充值扣款了，余额却没增加" not in html


def test_the_other_language_stands_in_for_a_missing_version(
    login_as: Callable[[User], Client], agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    ArticleVersion.objects.filter(article__slug="topup-not-credited", language="en").delete()
    html = _search(login_as(agent), make_ticket(language="en"), "充值")
    assert "充值扣款了，余额却没增加" in html
    assert 'lang="zh-hans"' in html
    assert "Not written in the customer" in html


def test_drafts_are_never_found(
    login_as: Callable[[User], Client], agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    Article.objects.filter(slug="topup-not-credited").update(status=ArticleStatus.DRAFT)
    ticket = make_ticket(language="zh-hans")
    client = login_as(agent)
    for query in ("充值", "余额却没增加", "Top-up taken from your card"):
        html = _search(client, ticket, query)
        assert "topup-not-credited" not in html
    assert "No published article holds all of these words" in _search(
        client, ticket, "余额却没增加"
    )


def test_an_agent_who_may_not_see_the_ticket_gets_404(
    login_as: Callable[[User], Client], agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    hidden = make_ticket(
        problem_type=ProblemType.ACCOUNT_STOLEN, subject="被盗", language="zh-hans"
    )
    client = login_as(agent)
    url = reverse("console:ticket-articles", args=[hidden.pk])
    assert client.get(reverse("console:ticket", args=[hidden.pk])).status_code == 404
    assert client.get(url, {"q": "冻结"}, headers=HTMX).status_code == 404
    assert client.get(url, {"q": "冻结"}).status_code == 404
    missing = reverse("console:ticket-articles", args=[hidden.pk + 1000])
    assert client.get(missing, {"q": "冻结"}).status_code == 404


def test_signed_out_is_sent_to_sign_in(make_ticket: Callable[..., Ticket]) -> None:
    ticket = make_ticket()
    url = reverse("console:ticket-articles", args=[ticket.pk])
    response = Client().get(url, {"q": "冻结"})
    assert response.status_code == 302
    assert "/console/login/" in response["Location"]


def test_the_panel_sits_by_the_reply_form_and_works_without_script(
    login_as: Callable[[User], Client], agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    ticket = make_ticket(language="zh-hans")
    client = login_as(agent)
    page = client.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    url = reverse("console:ticket-articles", args=[ticket.pk])
    panel = page[page.index('id="article-search"') :]
    assert f'action="{url}"' in panel
    assert f'hx-get="{url}"' in panel
    assert page.index('id="composer"') < page.index('id="article-search"')
    assert "web/console-articles" in page

    whole = _search(client, ticket, "冻结", htmx=False)  # the form submitted without htmx
    assert "<html" in whole
    assert reverse("console:ticket", args=[ticket.pk]) in whole
    assert _article_url("account-frozen") in whole
    assert 'value="冻结"' in whole


@pytest.mark.parametrize("query", ["", "   ", "!!!", '"OR" NEAR(', "a" * 500, "\x00"])
def test_odd_queries_answer_calmly(
    login_as: Callable[[User], Client], agent: User, make_ticket: Callable[..., Ticket], query: str
) -> None:
    ticket = make_ticket()
    url = reverse("console:ticket-articles", args=[ticket.pk])
    response = login_as(agent).get(url, {"q": query}, headers=HTMX)
    assert response.status_code == 200
    assert "data-insert-article-url" not in response.content.decode()
