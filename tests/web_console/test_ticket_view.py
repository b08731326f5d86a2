"""The ticket page and its fragments: what an agent sees, and what they may not."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web_console.conftest import HTMX, TINY_PNG
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import MessageKind, ProblemType
from walletdesk.tickets.models import Attachment, Ticket
from walletdesk.tickets.services import Author, message_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def security_ticket(make_ticket: Callable[..., Ticket]) -> Ticket:
    ticket = make_ticket(
        problem_type=ProblemType.ACCOUNT_STOLEN,
        subject="Someone emptied my wallet",
        uploads=[Upload("evidence.png", TINY_PNG)],
    )
    assert ticket.team is not None
    assert ticket.team.code == "security"
    return ticket


def _attachment(ticket: Ticket) -> Attachment:
    return Attachment.objects.get(message__ticket=ticket)


def test_page_shows_header_steps_thread_and_history(
    login_as, agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    ticket = make_ticket(
        subject="Top-up missing",
        steps_tried="Restarted the app and read the top-up article.",
        uploads=[Upload("receipt.png", TINY_PNG)],
    )
    message_add(
        ticket=ticket, author=Author(user=agent), kind=MessageKind.NOTE, body="Checking the rails."
    )
    html = login_as(agent).get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert ticket.reference in html
    assert "Top-up missing" in html
    assert "Restarted the app and read the top-up article." in html
    assert html.index("What the customer tried") < html.index('id="thread"')
    assert "msg-note" in html
    assert "Checking the rails." in html
    assert reverse("console:attachment", args=[_attachment(ticket).pk]) in html
    assert 'id="ticket-history"' in html
    assert f'data-ticket-id="{ticket.pk}"' in html
    assert reverse("console:ticket-thread", args=[ticket.pk]) in html


def test_only_allowed_status_moves_are_offered(login_as, agent: User, make_ticket) -> None:
    ticket = make_ticket()
    html = login_as(agent).get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    status_select = html[
        html.index('name="status"') : html.index("</select>", html.index('name="status"'))
    ]
    assert 'value="open"' in status_select
    assert 'value="solved"' in status_select
    assert 'value="closed"' not in status_select


def test_message_text_is_escaped(login_as, agent: User, make_ticket) -> None:
    ticket = make_ticket(body="<script>alert('x')</script>", subject="<b>bold</b>")
    html = login_as(agent).get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;" in html
    assert "<b>bold</b>" not in html


@pytest.mark.parametrize("url_name", ["console:ticket", "console:ticket-thread"])
def test_frontline_agent_gets_404_for_security_ticket(
    login_as, agent: User, security_ticket: Ticket, url_name: str
) -> None:
    client = login_as(agent)
    forbidden = client.get(reverse(url_name, args=[security_ticket.pk]))
    unknown = client.get(reverse(url_name, args=[security_ticket.pk + 1000]))
    assert forbidden.status_code == unknown.status_code == 404


def test_frontline_agent_gets_404_for_security_customer_and_attachment(
    login_as, agent: User, security_ticket: Ticket
) -> None:
    client = login_as(agent)
    assert security_ticket.requester is not None
    panel = reverse("console:customer-panel", args=[security_ticket.requester.pk])
    assert client.get(panel).status_code == 404
    assert client.get(panel, headers=HTMX).status_code == 404
    attachment = reverse("console:attachment", args=[_attachment(security_ticket).pk])
    assert client.get(attachment).status_code == 404


def test_frontline_agent_cannot_act_on_security_ticket(
    login_as, agent: User, security_ticket: Ticket
) -> None:
    client = login_as(agent)
    for name, data in [
        ("console:ticket-message", {"kind": "reply", "body": "hello"}),
        ("console:ticket-update", {"status": "solved", "was_status": "new"}),
        ("console:ticket-assign-me", {}),
    ]:
        assert client.post(reverse(name, args=[security_ticket.pk]), data).status_code == 404
    assert security_ticket.messages.count() == 1
    security_ticket.refresh_from_db()
    assert security_ticket.assignee_id is None


def test_security_specialist_and_supervisor_see_it(
    client: Client, security_specialist: User, supervisor: User, security_ticket: Ticket
) -> None:
    for user in (security_specialist, supervisor):
        client.force_login(user)
        assert client.get(reverse("console:ticket", args=[security_ticket.pk])).status_code == 200
        assert (
            client.get(reverse("console:ticket-thread", args=[security_ticket.pk])).status_code
            == 200
        )
        assert security_ticket.requester is not None
        panel = reverse("console:customer-panel", args=[security_ticket.requester.pk])
        assert client.get(panel).status_code == 200


def test_attachment_is_a_private_download(
    login_as, supervisor: User, security_ticket: Ticket
) -> None:
    response = login_as(supervisor).get(
        reverse("console:attachment", args=[_attachment(security_ticket).pk])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "evidence.png" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content) == TINY_PNG


def test_thread_partial_for_htmx(login_as, agent: User, make_ticket) -> None:
    ticket = make_ticket(body="First words")
    client = login_as(agent)
    html = client.get(
        reverse("console:ticket-thread", args=[ticket.pk]), headers=HTMX
    ).content.decode()
    assert html.lstrip().startswith('<div id="thread"')
    assert "First words" in html
    assert "<html" not in html
    full = client.get(
        reverse("console:ticket-thread", args=[ticket.pk]), {"all": "1"}, headers=HTMX
    )
    text = full.content.decode()
    assert 'id="ticket-header" class="card" hx-swap-oob="true"' in text
    assert 'id="ticket-properties" class="card" hx-swap-oob="true"' in text
    assert 'id="ticket-history" class="card" hx-swap-oob="true"' in text


def test_matched_transaction_is_shown(
    login_as, supervisor: User, wallet_customer: Customer, make_ticket
) -> None:
    from walletdesk.wallet.gateway import get_gateway

    declined = get_gateway().list_transactions(wallet_customer.wallet_account_ref, limit=1)[0]
    ticket = make_ticket(requester=wallet_customer, transaction_ref=declined.ref)
    html = login_as(supervisor).get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    section = html[html.index('id="matched-transaction"') :]
    assert declined.ref in section
    assert "500.00 CNY" in section
    assert "Declined by the issuer" in section

    stranger = make_ticket(requester=wallet_customer, transaction_ref="tx_not_theirs")
    html = login_as(supervisor).get(reverse("console:ticket", args=[stranger.pk])).content.decode()
    assert "was not found in the customer" in html


def test_ticket_page_queries_do_not_grow_with_messages(
    login_as, agent: User, wallet_customer: Customer, make_ticket, django_assert_max_num_queries
) -> None:
    ticket = make_ticket(requester=wallet_customer, uploads=[Upload("a.png", TINY_PNG)])
    make_ticket(requester=wallet_customer, subject="An older one")

    def add(count: int) -> None:
        for n in range(count):
            if n % 3 == 0:
                message_add(
                    ticket=ticket,
                    author=Author(customer=wallet_customer),
                    body=f"c{n}",
                    uploads=[Upload(f"{n}.png", TINY_PNG)],
                )
            elif n % 3 == 1:
                message_add(ticket=ticket, author=Author(user=agent), body=f"r{n}")
            else:
                message_add(
                    ticket=ticket, author=Author(user=agent), kind=MessageKind.NOTE, body=f"n{n}"
                )

    client = login_as(agent)
    url = reverse("console:ticket", args=[ticket.pk])
    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add(27)
    with django_assert_max_num_queries(30), CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.content.decode().count('class="msg ') == 31
    assert len(many) == len(few)

    thread_url = reverse("console:ticket-thread", args=[ticket.pk])
    with django_assert_max_num_queries(8):
        assert client.get(thread_url, headers=HTMX).status_code == 200
