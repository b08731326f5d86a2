"""The demo's diagnosis stories: every failure code and outcome is there to try by hand, README
lists them, and the demo customers do not share one set of cards and one history."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command

from walletdesk.core import clock
from walletdesk.demo import profiles
from walletdesk.demo.conversations import TICKETS
from walletdesk.demo.diagnosis_stories import STORIES
from walletdesk.demo.people import CUSTOMERS, DEMO_CUSTOMER_PASSWORD
from walletdesk.identity.models import Customer
from walletdesk.intake.diagnosis.contracts import Outcome
from walletdesk.intake.diagnosis.service import transaction_diagnose
from walletdesk.tickets.models import Ticket
from walletdesk.vocab.choices import MONEY_PROBLEMS
from walletdesk.wallet.contracts import Asset, FailureCode, TransactionInfo
from walletdesk.wallet.gateway import get_gateway

pytestmark = pytest.mark.django_db

SEEDED_AT = dt.datetime(2026, 12, 1, 18, 0, tzinfo=dt.UTC)
README = Path(__file__).resolve().parents[2] / "README.md"
SPECS = {c.key: c for c in CUSTOMERS}


@pytest.fixture
def seeded() -> dict[str, Customer]:
    with clock.frozen_at(SEEDED_AT):
        call_command("seed_demo", verbosity=0)
    customers = {}
    for spec in CUSTOMERS:
        lookup = {"email": spec.email} if spec.email else {"phone": spec.phone}
        customers[spec.key] = Customer.objects.get(**lookup)
    return customers


def _history(customer: Customer) -> list[TransactionInfo]:
    return get_gateway().list_transactions(customer.wallet_account_ref, limit=100)


def test_the_seed_stages_every_failure_code(seeded):
    staged = Counter(tx.failure_code for c in seeded.values() for tx in _history(c))
    assert {code for code in FailureCode if staged[code] == 0} == set()


def test_the_story_table_covers_every_code_and_every_outcome():
    assert {s.cause for s in STORIES} >= set(FailureCode)
    assert {s.outcome for s in STORIES} == set(Outcome)
    assert all(s.problem_type in MONEY_PROBLEMS for s in STORIES)
    assert {s.customer for s in STORIES} <= set(SPECS)


@pytest.mark.parametrize("story", STORIES, ids=lambda s: f"{s.customer}-{s.notable}")
def test_each_story_is_in_the_seed_as_the_table_says(seeded, story):
    customer = seeded[story.customer]
    at = SEEDED_AT - dt.timedelta(hours=story.hours_ago)
    found = [
        tx for tx in _history(customer) if tx.created_at == at and str(tx.amount) == story.amount
    ]
    assert len(found) == 1, f"{story.customer}: {story.amount} {story.hours_ago}h ago"
    tx = found[0]
    assert (tx.status, tx.failure_code) == (story.status, story.cause)
    # What README promises is what the diagnosis says, an hour after the seed.
    with clock.frozen_at(SEEDED_AT + dt.timedelta(hours=1)):
        diagnosis = transaction_diagnose(customer.wallet_account_ref, tx.ref)
    assert diagnosis.outcome == story.outcome
    assert diagnosis.cause == (story.cause or "none")
    # The customer signs in with the demo password, and the story's ticket is about this one.
    assert customer.check_password(DEMO_CUSTOMER_PASSWORD)
    for demo in TICKETS:
        if demo.customer == story.customer and demo.tx_story == story.notable:
            ticket = Ticket.objects.get(requester=customer, subject=demo.subject)
            assert ticket.transaction_ref == tx.ref


def test_no_two_customers_share_a_card_or_bank_account(seeded):
    owners: dict[tuple[str, str], str] = {}
    for key, customer in seeded.items():
        for method in get_gateway().list_payment_methods(customer.wallet_account_ref):
            number = (method.issuer, method.masked_number)
            assert number not in owners, f"{key} and {owners.get(number)} share {number}"
            owners[number] = key


def test_customers_have_their_own_histories(seeded):
    seen: dict[tuple[dt.datetime, str, str], str] = {}
    for key, customer in seeded.items():
        for tx in _history(customer):
            entry = (tx.created_at, str(tx.amount), tx.counterparty)
            assert entry not in seen, f"{key} and {seen.get(entry)} share {entry}"
            seen[entry] = key


def test_currencies_second_cards_and_bank_names_follow_the_customer(seeded):
    gateway = get_gateway()
    currencies, card_counts = set(), Counter()
    for key, customer in seeded.items():
        currencies |= {b.asset for b in gateway.list_balances(customer.wallet_account_ref)}
        methods = gateway.list_payment_methods(customer.wallet_account_ref)
        card_counts[key] = sum(1 for m in methods if m.kind != "bank_account")
        chinese = [bool(re.search(r"[\u4e00-\u9fff]", m.issuer)) for m in methods]
        assert all(chinese) if SPECS[key].language == "zh-hans" else not any(chinese), key
    assert {Asset.CNY, Asset.USD} <= currencies
    assert sum(1 for n in card_counts.values() if n >= 2) >= 3


def test_everyday_history_is_fixed_by_the_customer_key():
    for key, profile in profiles.PROFILES.items():
        assert profiles.everyday(key, profile) == profiles.everyday(key, profile)
    plans = {key: profiles.everyday(key, p) for key, p in profiles.PROFILES.items()}
    assert len({tuple(s.amount for s in plan) for plan in plans.values()}) == len(plans)
    assert set(profiles.PROFILES) == set(SPECS)


def test_readme_lists_each_story_with_its_sign_in_and_amount():
    text = README.read_text(encoding="utf-8")
    section = text.split("## Transaction diagnosis: try it", 1)[1].split("\n## ", 1)[0]
    lines = section.splitlines()
    for story in STORIES:
        spec = SPECS[story.customer]
        sign_in = spec.email or spec.phone or ""
        rows = [line for line in lines if f"`{sign_in}`" in line]
        assert rows, f"README does not list {sign_in}"
        assert any(story.amount in row for row in rows), f"{sign_in}: {story.amount}"
    assert DEMO_CUSTOMER_PASSWORD in section
