"""The customer panel: who is asking, what their wallet says, masked where it must be."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.web_console.conftest import HTMX
from walletdesk.identity.models import Customer, User
from walletdesk.tickets.choices import ProblemType
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.contracts import Asset, Money
from walletdesk.wallet.errors import WalletUnavailable
from walletdesk.wallet.gateway import get_gateway
from walletdesk.wallet.sandbox import rails

pytestmark = pytest.mark.django_db


def _panel(client, customer: Customer, ticket: Ticket | None = None, htmx: bool = True) -> str:
    params = {"ticket": str(ticket.pk)} if ticket else {}
    response = client.get(
        reverse("console:customer-panel", args=[customer.pk]), params, headers=HTMX if htmx else {}
    )
    assert response.status_code == 200
    return response.content.decode()


def test_panel_shows_wallet_with_masked_details(
    login_as, agent: User, wallet_customer: Customer, make_ticket: Callable[..., Ticket]
) -> None:
    ticket = make_ticket(requester=wallet_customer)
    html = _panel(login_as(agent), wallet_customer, ticket)
    assert html.lstrip().startswith('<section id="customer-panel"')
    assert "<html" not in html
    assert "王小明" in html
    assert "m***@example.com" in html
    assert "mingming@example.com" not in html
    assert "+86 138****8000" in html
    assert "13800138000" not in html
    assert 'data-wallet="active"' in html
    assert "12,345.00 CNY" in html
    assert "0.00 USD" in html
    assert "•••• 4242" in html
    assert "招商银行" in html
    assert "12/31" in html
    assert "+12,345.00 CNY" in html
    assert "+500.00 CNY" in html
    assert "Declined by the issuer" in html  # the failure code, in words
    assert "Succeeded" in html
    assert "Failed" in html


def test_transaction_times_are_shanghai_time(
    login_as, agent: User, wallet_customer: Customer, make_ticket
) -> None:
    make_ticket(requester=wallet_customer)
    tx = get_gateway().list_transactions(wallet_customer.wallet_account_ref, limit=1)[0]
    html = _panel(login_as(agent), wallet_customer)
    assert f'datetime="{tx.created_at.astimezone(_shanghai()).isoformat()}"' in html


def _shanghai():
    from zoneinfo import ZoneInfo

    return ZoneInfo("Asia/Shanghai")


def test_only_ten_recent_transactions(
    login_as, supervisor: User, wallet_customer: Customer
) -> None:
    ref = wallet_customer.wallet_account_ref
    card = get_gateway().list_payment_methods(ref)[0]
    from walletdesk.wallet.sandbox import seeding
    from walletdesk.wallet.sandbox.models import IssuerBehaviour

    seeding.configure_payment_method(card.ref, issuer_behaviour=IssuerBehaviour.OK)
    for n in range(12):
        rails.top_up(ref, Money(100 + n, Asset.CNY), payment_method_ref=card.ref, key=f"more-{n}")
    html = _panel(login_as(supervisor), wallet_customer)
    table = html[html.index('class="compact-table transactions"') : html.index("</table>")]
    assert table.count("<tr>") == 11  # the header row and ten transactions


def test_frozen_account_says_who_when_and_why(
    login_as, supervisor: User, wallet_customer: Customer
) -> None:
    get_gateway().freeze(
        wallet_customer.wallet_account_ref, actor="security", reason="Reported stolen phone"
    )
    html = _panel(login_as(supervisor), wallet_customer)
    assert 'data-wallet="frozen"' in html
    assert "badge-frozen" in html
    assert "Frozen by security" in html
    assert "Reported stolen phone" in html


def test_no_wallet_linked(login_as, agent: User, make_customer, make_ticket) -> None:
    nobody = make_customer(phone="+8613912345678")
    make_ticket(requester=nobody)
    html = _panel(login_as(agent), nobody)
    assert 'data-wallet="none"' in html
    assert "No wallet linked." in html
    assert "+86 139****5678" in html


def test_unknown_wallet_reference_reads_as_not_linked(
    login_as, agent: User, make_customer, make_ticket
) -> None:
    ghost = make_customer(wallet_account_ref="wal_doesnotexist")
    make_ticket(requester=ghost)
    assert 'data-wallet="none"' in _panel(login_as(agent), ghost)


def test_wallet_outage_is_a_message_not_an_error(
    login_as, agent: User, wallet_customer: Customer, make_ticket, monkeypatch
) -> None:
    make_ticket(requester=wallet_customer)

    def down(*args, **kwargs):
        raise WalletUnavailable()

    monkeypatch.setattr(type(get_gateway()), "summary", down)
    html = _panel(login_as(agent), wallet_customer)
    assert 'data-wallet="unavailable"' in html


def test_previous_tickets_exclude_the_current_one(
    login_as, agent: User, wallet_customer: Customer, make_ticket
) -> None:
    older = make_ticket(requester=wallet_customer, subject="Older question")
    hidden = make_ticket(
        requester=wallet_customer,
        problem_type=ProblemType.ACCOUNT_STOLEN,
        subject="Security matter",
    )
    current = make_ticket(requester=wallet_customer, subject="Current question")
    html = _panel(login_as(agent), wallet_customer, current)
    previous = html[html.index('class="plain-list previous-tickets"') :]
    assert older.reference in previous
    assert current.reference not in previous
    assert hidden.reference not in previous  # another team's ticket stays invisible here too


def test_panel_opens_as_a_page_without_htmx(
    login_as, agent: User, wallet_customer: Customer, make_ticket
) -> None:
    ticket = make_ticket(requester=wallet_customer)
    html = _panel(login_as(agent), wallet_customer, ticket, htmx=False)
    assert "<html" in html
    assert 'id="customer-panel"' in html
    assert reverse("console:ticket", args=[ticket.pk]) in html


def test_ticket_page_includes_the_panel_server_side(
    login_as, agent: User, wallet_customer: Customer, make_ticket
) -> None:
    ticket = make_ticket(requester=wallet_customer)
    html = login_as(agent).get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    panel_url = reverse("console:customer-panel", args=[wallet_customer.pk])
    assert 'id="customer-panel"' in html
    assert f'hx-get="{panel_url}?ticket={ticket.pk}"' in html
    assert "12,345.00 CNY" in html


def test_contact_only_ticket_has_no_panel(login_as, agent: User, make_ticket) -> None:
    ticket = make_ticket(contact="+86 138 0000 0000", requester=None)
    html = login_as(agent).get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert 'id="customer-panel"' not in html


def test_agent_without_the_customers_tickets_gets_404(login_as, agent: User, make_customer) -> None:
    stranger = make_customer()
    response = login_as(agent).get(reverse("console:customer-panel", args=[stranger.pk]))
    assert response.status_code == 404


def test_panel_queries_do_not_grow_with_history(
    login_as, agent: User, wallet_customer: Customer, make_ticket, django_assert_max_num_queries
) -> None:
    ticket = make_ticket(requester=wallet_customer)
    client = login_as(agent)
    with CaptureQueriesContext(connection) as few:
        _panel(client, wallet_customer, ticket)
    for n in range(8):
        make_ticket(requester=wallet_customer, subject=f"Earlier {n}")
    with django_assert_max_num_queries(20), CaptureQueriesContext(connection) as many:
        _panel(client, wallet_customer, ticket)
    assert len(many) == len(few)
