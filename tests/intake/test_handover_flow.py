"""The whole way through the real services: the customer's answers validated, their
transaction confirmed and diagnosed, and — where a person is needed — the ticket the agent
opens already holding the transaction and the finding."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tests.wallet import staging
from walletdesk.identity.models import Customer, User
from walletdesk.intake.answers import intake_validate
from walletdesk.intake.definitions import definition_for
from walletdesk.intake.diagnosis.contracts import CAUSE_ADDRESS_NOT_OURS, Outcome
from walletdesk.intake.handover import (
    intake_confirm,
    intake_confirm_deposit,
    intake_handover,
    intake_start,
)
from walletdesk.tickets.models import Ticket
from walletdesk.wallet.errors import TransactionNotFound
from walletdesk.wallet.gateway import get_gateway

pytestmark = pytest.mark.django_db

HAPPENED = "我从交易所转了 250 USDT。过了一个小时余额还是没有变化。"
TRIED = "等了一个小时。又重新登录了一次。"


def _handed_over(
    stage: Callable[[], tuple[str, str]], make_customer: Callable[..., Customer]
) -> tuple[Ticket, str, Outcome]:
    account_ref, tx_ref = stage()
    customer = make_customer(wallet_account_ref=account_ref)
    own = [tx.ref for tx in get_gateway().list_transactions(account_ref, limit=50)]
    with translation.override("zh-hans"):
        answers = intake_validate(
            definition_for("topup_not_credited"),
            {"happened": HAPPENED, "tried": TRIED, "articles": "充值未到账", "transaction": tx_ref},
            signed_in=True,
            transaction_refs=own,
        )
    request = intake_start(customer=customer, answers=answers, channel="portal", language="zh-hans")
    diagnosis = intake_confirm(request, transaction_ref=tx_ref)
    return intake_handover(request).ticket, tx_ref, diagnosis.outcome


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_deposit_on_the_wrong_network_reaches_payments_with_its_finding(
    language: str, make_customer: Callable[..., Customer], make_user: Callable[..., User]
) -> None:
    ticket, tx_ref, outcome = _handed_over(staging.wrong_network, make_customer)
    assert outcome == Outcome.NEEDS_PERSON
    assert ticket.team is not None
    assert ticket.team.code == "payments"
    assert ticket.transaction_ref == tx_ref
    assert ticket.messages.get().body == HAPPENED
    assert ticket.steps_tried == f"{TRIED}\n\n已阅读的帮助文章：充值未到账"

    browser = Client()
    browser.force_login(make_user(teams=("payments",)))
    browser.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = browser.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert f"needs_person · wrong_network · {tx_ref}" in html
    assert "chain_network: sent_on=ethereum, address_listens_on=tron" in html
    assert 'data-check="chain_network" data-state="failed"' in html
    assert html.index(HAPPENED) < html.index(TRIED) < html.index("充值未到账</li>")
    assert ("智能受理的结论" in html) == (language == "zh-hans")
    assert ("A person must finish it" in html) == (language == "en")


@pytest.mark.parametrize(
    ("stage", "outcome"),
    [
        (staging.issuer_declined, Outcome.FIXABLE_NOW),
        (staging.awaiting_confirmations, Outcome.WAIT),
    ],
)
def test_what_the_customer_can_settle_stays_with_the_first_line(
    stage: Callable[[], tuple[str, str]],
    outcome: Outcome,
    make_customer: Callable[..., Customer],
) -> None:
    ticket, _ref, found = _handed_over(stage, make_customer)
    assert found == outcome
    assert ticket.team is not None
    assert ticket.team.code == "frontline"


def test_coins_sent_to_an_address_that_is_not_ours_reach_payments_with_the_finding(
    make_customer: Callable[..., Customer], make_user: Callable[..., User]
) -> None:
    customer = make_customer(wallet_account_ref=staging.crypto_account())
    request = intake_start(
        customer=customer,
        answers=intake_validate(
            definition_for("topup_not_credited"),
            {"happened": HAPPENED, "tried": TRIED},
            signed_in=True,
        ),
        channel="portal",
        language="en",
    )
    diagnosis = intake_confirm_deposit(
        request, network="tron", address="TScammerAddress000000000000000000", tx_hash="ab" * 32
    )
    assert (diagnosis.outcome, diagnosis.cause) == (Outcome.NEEDS_PERSON, CAUSE_ADDRESS_NOT_OURS)
    request.refresh_from_db()
    assert (request.transaction_ref, request.outcome) == ("", "needs_person")
    ticket = intake_handover(request).ticket
    assert ticket.team is not None
    assert ticket.team.code == "payments"
    assert ticket.subject == "Top-up not credited"

    browser = Client()
    browser.force_login(make_user(teams=("payments",)))
    html = browser.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    assert "needs_person · deposit_address_not_ours" in html
    assert 'data-check="deposit_address" data-state="failed"' in html


def test_a_deposit_needs_a_wallet(make_customer: Callable[..., Customer]) -> None:
    request = intake_start(
        customer=make_customer(wallet_account_ref=""),
        answers=intake_validate(
            definition_for("topup_not_credited"), {"happened": HAPPENED}, signed_in=True
        ),
        channel="portal",
        language="en",
    )
    with pytest.raises(TransactionNotFound):
        intake_confirm_deposit(request, network="tron", address="T" * 34, tx_hash="ab" * 32)
