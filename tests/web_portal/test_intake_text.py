"""The intake pages' words and links, and what the portal keeps between the steps."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from walletdesk.intake.answers import TransactionCriteria
from walletdesk.intake.diagnosis.contracts import Action, Check, CheckCode, CheckState
from walletdesk.intake.diagnosis.words import duration
from walletdesk.wallet.contracts import Asset, Money, TransactionKind
from walletdesk.web.portal.intake_memory import criteria_from_json, criteria_to_json
from walletdesk.web.portal.intake_text import (
    action_link,
    check_rows,
    expected_text,
    picker_topics,
)

NOW = dt.datetime(2026, 3, 1, 2, 0, tzinfo=dt.UTC)  # 10:00 in Beijing


@pytest.mark.parametrize(
    ("action", "url"),
    [
        (Action.TOP_UP, "/wallet/#balances"),
        (Action.UPDATE_CARD, "/wallet/#payment-methods"),
        (Action.USE_ANOTHER_METHOD, "/wallet/#payment-methods"),
        (Action.RETRY_NOW, "/wallet/#transactions"),
        (Action.RETRY_LATER, "/wallet/#transactions"),
        (Action.SPLIT_AMOUNT, "/wallet/#transactions"),
        (Action.REQUEST_UNFREEZE, "/security/unfreeze/"),
        (Action.CONTACT_BANK, None),
        (Action.NONE, None),
    ],
)
def test_every_action_links_where_it_is_done(action: Action, url: str | None) -> None:
    with translation.override("en"):
        link = action_link(action)

    assert (link.url if link else None) == url
    if link is not None:
        with translation.override("zh-hans"):
            chinese = action_link(action)
        assert chinese is not None
        assert chinese.words != link.words  # translated


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_check_and_state_has_words(language: str) -> None:
    checks = [Check(code, state, {}) for code in CheckCode for state in CheckState]

    with translation.override(language):
        rows = check_rows(checks)

    assert all(row.name and row.name != row.code for row in rows)
    assert len({row.state_words for row in rows}) == len(CheckState)
    if language == "zh-hans":
        assert all(not row.name.isascii() for row in rows)


@pytest.mark.parametrize(
    ("language", "minutes", "words"),
    [
        ("en", 20, "by about 1 Mar 10:20 (Beijing time), in about 20 minutes"),
        ("zh-hans", 20, "（北京时间），大约还需 20 分钟"),
        ("en", 0, "in less than a minute"),
    ],
)
def test_a_wait_is_told_in_the_readers_time_and_language(
    language: str, minutes: int, words: str
) -> None:
    with translation.override(language):
        text = expected_text(NOW + dt.timedelta(minutes=minutes, seconds=5), now=NOW)

    assert words in text


def test_a_wait_rounds_as_the_diagnosis_words_do() -> None:
    left = dt.timedelta(minutes=9, seconds=40)
    with translation.override("en"):
        text = expected_text(NOW + left, now=NOW)
        said = duration(left)

    assert f"in about {said}" in text
    assert said == "10 minutes"


def test_the_emergency_is_the_first_topic() -> None:
    topics = picker_topics()

    assert topics[0][0] == "account_stolen"
    assert len({code for code, _label in topics}) == len(topics) == 12


def test_the_search_survives_the_session_as_it_was() -> None:
    criteria = TransactionCriteria(
        around=NOW,
        until=NOW + dt.timedelta(hours=2),
        amount=Money(50_000000, Asset.USDT),
        payment_method_ref="pm_1",
        counterparty="Tea House",
        kinds=frozenset({TransactionKind.TOPUP, TransactionKind.CRYPTO_DEPOSIT}),
        network="tron",
        tx_hash="ab" * 32,
        address="TXYZ",
        time_known=False,
    )

    assert criteria_from_json(criteria_to_json(criteria)) == criteria
