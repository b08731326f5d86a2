"""The top of a ticket the intake opened: the finding, the answers, then the customer's own
account in their order — and no account data for a requester nobody verified."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.intake.support import answers, declined_top_up_wallet
from walletdesk.identity.models import Customer, User
from walletdesk.intake.handover import intake_confirm, intake_handover, intake_start
from walletdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

HAPPENED = "I topped up 500 yuan at 10:15 and my balance did not change."
TRIED = "I signed out and in again."
ARTICLE = "Why is my top-up late?"


@pytest.fixture
def intake_ticket(make_customer: Callable[..., Customer]) -> tuple[Ticket, str]:
    account_ref, declined = declined_top_up_wallet()
    customer = make_customer(display_name="王小明", wallet_account_ref=account_ref)
    request = intake_start(
        customer=customer,
        answers=answers(counterparty="Tea House"),
        channel="portal",
        language="zh-hans",
    )
    intake_confirm(request, transaction_ref=declined)
    return intake_handover(request).ticket, declined


def _page(client: Client, ticket: Ticket, language: str = "en") -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("console:ticket", args=[ticket.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_finding_sits_at_the_top_of_the_ticket(login_as, agent: User, intake_ticket) -> None:
    ticket, declined = intake_ticket
    html = _page(login_as(agent), ticket)
    summary = html.index('id="intake-summary"')
    assert summary < html.index("Conversation")
    assert 'data-outcome="fixable_now"' in html
    assert "The customer can fix it now" in html
    assert f"fixable_now · issuer_declined · {declined}" in html  # the agent summary
    assert "action: use_another_method" in html
    assert 'data-check="issuer" data-state="failed"' in html
    assert "<dt>issuer_answers_now</dt><dd>declines</dd>" in html  # the evidence
    assert 'data-check="chain_memo"' not in html  # what does not apply is only counted
    assert "more checks did not apply to this transaction." in html
    assert f"<code>{declined}</code>" in html
    assert "<dt>Merchant or person</dt><dd>Tea House</dd>" in html  # an answer, labelled
    assert "<dt>When it happened</dt><dd>2025-03-14 09:15 (Beijing time)</dd>" in html
    assert 'id="steps-tried"' not in html  # shown once, inside the summary


def test_problem_first_then_what_was_tried_then_what_was_read(
    login_as, agent: User, intake_ticket
) -> None:
    ticket, _ref = intake_ticket
    html = _page(login_as(agent), ticket)
    happened = html.index(HAPPENED)
    tried = html.index(TRIED, happened)
    read = html.index(ARTICLE, tried)
    assert html.index('id="intake-summary"') < happened < tried < read < html.index("Conversation")


def test_an_unverified_requester_shows_their_words_but_no_account_data(
    login_as, agent: User, supervisor: User, intake_ticket
) -> None:
    ticket, declined = intake_ticket
    # As a channel that cannot prove the sender (email) would open it: nothing of the account
    # on the ticket itself, and the intake's record must not leak it either.
    Ticket.objects.filter(pk=ticket.pk).update(
        requester_verified=False, transaction_ref="", subject="Top-up"
    )
    for viewer in (agent, supervisor):
        html = _page(login_as(viewer), ticket)
        assert 'id="intake-unverified"' in html
        assert HAPPENED in html  # what they said is still there
        assert TRIED in html
        assert declined not in html
        assert "issuer_declined" not in html
        assert "data-check=" not in html
        assert "declines" not in html
        assert "use_another_method" not in html
        assert 'id="customer-panel"' not in html


def test_the_summary_follows_the_agents_language(login_as, agent: User, intake_ticket) -> None:
    ticket, _ref = intake_ticket
    client = login_as(agent)
    english = _page(client, ticket, "en")
    chinese = _page(client, ticket, "zh-hans")
    assert "What the intake found" in english
    assert "智能受理的结论" in chinese
    assert "What the intake found" not in chinese
    assert "客户现在即可自行解决" in chinese
    assert "已阅读的帮助文章" in chinese
    assert HAPPENED in chinese  # the customer's own words are never translated


def test_a_ticket_without_an_intake_keeps_its_page(login_as, agent: User, make_ticket) -> None:
    ticket = make_ticket(steps_tried="Restarted the app")
    html = _page(login_as(agent), ticket)
    assert 'id="intake-summary"' not in html
    assert 'id="steps-tried"' in html
    assert "Restarted the app" in html


def test_an_agent_who_may_not_see_the_ticket_sees_no_summary(
    login_as, make_user: Callable[..., User], intake_ticket
) -> None:
    ticket, _ref = intake_ticket
    outsider = make_user(teams=("technical",))
    response = login_as(outsider).get(reverse("console:ticket", args=[ticket.pk]))
    assert response.status_code == 404
    assert HAPPENED not in response.content.decode()
