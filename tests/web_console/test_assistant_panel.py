"""The ticket page's "Assistant's guess": read from the customer's first message, with article
buttons the reply form's script can insert (links in the customer's language)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from walletdesk.helpcentre.models import Article
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.choices import MessageKind, ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import Author, message_add

pytestmark = pytest.mark.django_db

BUTTON = re.compile(r'data-insert-article-url="([^"]+)" data-insert-article-title="([^"]+)"')


def _page(client, ticket: Ticket) -> str:
    response = client.get(reverse("console:ticket", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_panel_shows_the_type_confidence_and_articles_of_the_first_message(
    login_as, agent: User, make_ticket: Callable[..., Ticket], make_customer
) -> None:
    customer = make_customer()
    ticket = make_ticket(
        requester=customer,
        language="en",
        problem_type=ProblemType.OTHER,  # what the form said; the guess reads the words
        subject="Help",
        body="Someone hacked my wallet and transferred all my money away",
    )
    message_add(ticket=ticket, author=Author(customer=customer), body="I forgot my password")
    html = _page(login_as(agent), ticket)
    panel = html[html.index('id="assistant-guess"') :]
    panel = panel[: panel.index("</section>")]
    assert 'data-problem-type="account_stolen"' in panel
    assert "%" in panel
    buttons = BUTTON.findall(panel)
    assert 1 <= len(buttons) <= 3
    for url, title in buttons:
        slug = re.search(r"/help/articles/([\w-]+)/\?lang=en$", url)
        assert slug is not None
        assert url.startswith("http://127.0.0.1:8000/")
        article = Article.objects.get(slug=slug.group(1))
        assert ProblemType.ACCOUNT_STOLEN in article.tags
        assert article.versions.get(language="en").title == title.replace("&#x27;", "'")


def test_links_follow_the_customer_language_not_the_agent_s(
    login_as, agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    ticket = make_ticket(language="zh-hans", body="我的银行卡绑定不上")
    buttons = BUTTON.findall(_page(login_as(agent), ticket))
    assert buttons
    assert all(url.endswith("?lang=zh-hans") for url, _title in buttons)


def test_an_internal_note_or_an_agent_reply_is_not_read(
    login_as, agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    ticket = make_ticket(contact="walk-in@example.com", body="我的钱包被盗了")
    message_add(
        ticket=ticket, author=Author(user=agent), kind=MessageKind.NOTE, body="forgot password"
    )
    html = _page(login_as(agent), ticket)
    assert 'data-problem-type="account_stolen"' in html


def test_the_panel_costs_the_same_queries_however_long_the_thread(
    login_as,
    agent: User,
    wallet_customer: Customer,
    make_ticket: Callable[..., Ticket],
    django_assert_max_num_queries,
) -> None:
    ticket = make_ticket(requester=wallet_customer, body="充值了100元没到账")
    client = login_as(agent)
    _page(client, ticket)  # the classifier trains once per process, outside the count
    with CaptureQueriesContext(connection) as few:
        html = _page(client, ticket)
    assert 'id="assistant-guess"' in html
    for n in range(10):
        message_add(ticket=ticket, author=Author(customer=wallet_customer), body=f"还没到 {n}")
    with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as many:
        _page(client, ticket)
    assert len(many) == len(few)
    articles = [q for q in few.captured_queries if "helpcentre_article" in q["sql"]]
    assert len(articles) <= 2  # the tagged articles and their versions
