"""The diagnosis in words: the customer's title, cause and fix in zh-Hans and English with the
amounts and times filled in, and the agent's compact summary."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from django.utils import translation

from tests.wallet import staging
from tests.wallet.support import T0, cny, key, merchant
from walletdesk.core import clock
from walletdesk.intake.diagnosis.contracts import Diagnosis, Explanation
from walletdesk.intake.diagnosis.service import deposit_diagnose, transaction_diagnose
from walletdesk.intake.diagnosis.words import agent_summary, customer_explanation, duration
from walletdesk.wallet.contracts import FailureCode, TransactionKind
from walletdesk.wallet.gateway import get_gateway, reset_gateway
from walletdesk.wallet.sandbox import corrections, rails

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen_clock() -> Iterator[None]:
    reset_gateway()
    with clock.frozen_at(T0):
        yield
    reset_gateway()


def words(d: Diagnosis, language: str) -> Explanation:
    with translation.override(language):
        return customer_explanation(d)


def text(explanation: Explanation) -> str:
    return " ".join((explanation.title, explanation.cause, explanation.fix))


# (staging, English words expected, Chinese words expected)
CASES: dict[str, tuple[Callable[[], tuple[str, str]], tuple[str, ...], tuple[str, ...]]] = {
    "insufficient_balance": (
        staging.insufficient_balance,
        ("Top up at least 50.00 CNY", "balance is now 50.00 CNY"),
        ("余额不足", "至少充值 50.00 CNY"),
    ),
    "payment_method_expired": (
        staging.payment_method_expired,
        ("expired", "01/2025", "Update the card"),
        ("已过期", "有效期至 01/2025"),
    ),
    "issuer_declined": (staging.issuer_declined, ("declined", "another card"), ("拒绝", "其他")),
    "blocked_card": (staging.blocked_card, ("blocked", "another card"), ("停用",)),
    "issuer_insufficient_funds": (
        staging.issuer_insufficient_funds,
        ("enough money", "China Merchants Bank"),
        ("余额不足", "联系"),
    ),
    "merchant_unavailable": (
        staging.merchant_unavailable,
        ("Cloudsea Cafe", "Try again once it is back"),
        ("暂时无法使用", "恢复后再试"),
    ),
    "limit_exceeded": (
        staging.limit_exceeded,
        ("60,000.00 CNY", "50,000.00 CNY or less"),
        ("单笔", "拆分"),
    ),
    "risk_hold": (
        staging.risk_hold,
        ("reviewed", "2025-03-15 10:00 (Beijing time)"),
        ("审核", "2025-03-15 10:00（北京时间）"),
    ),
    "network_timeout": (
        staging.network_timeout,
        ("do not pay again", "2025-03-16 10:00 (Beijing time)"),
        ("不要重复付款", "自动取消"),
    ),
    "wrong_network": (
        staging.wrong_network,
        ("sent on Ethereum (ERC-20)", "receives on TRON (TRC-20)", "payments team"),
        ("以太坊（ERC-20）", "波场（TRC-20）", "支付团队"),
    ),
    "missing_memo": (staging.missing_memo, ("memo", "payments team"), ("备注", "支付团队")),
    "awaiting_confirmations": (
        staging.awaiting_confirmations,
        ("2 of the 19", "About 51 seconds more"),
        ("19 个", "51 秒"),
    ),
    "awaiting_bitcoin": (staging.awaiting_bitcoin, ("About 20 minutes more",), ("20 分钟",)),
}


@pytest.mark.parametrize("case", CASES, ids=str)
def test_customer_words_in_both_languages(case: str) -> None:
    stage, english, chinese = CASES[case]
    d = transaction_diagnose(*stage())
    en, zh = text(words(d, "en")), text(words(d, "zh-hans"))
    for word in english:
        assert word in en, (word, en)
    for word in chinese:
        assert word in zh, (word, zh)
    assert en != zh


def test_every_failure_code_has_its_own_words() -> None:
    generic = {"We need to take a closer look", "我们需要进一步查看"}
    titles: set[str] = set()
    for code, stage in staging.STAGED.items():
        d = transaction_diagnose(*stage())
        for language in ("en", "zh-hans"):
            title = words(d, language).title
            assert title not in generic, code
            titles.add(title)
    assert len(titles) == 2 * len(FailureCode)


def test_frozen_account_words() -> None:
    account, tx = staging.insufficient_balance()
    get_gateway().freeze(account, actor="agent:li", reason="phone stolen")
    d = transaction_diagnose(account, tx)
    assert "unfrozen" in words(d, "en").fix
    assert "解冻" in words(d, "zh-hans").fix


def test_address_not_ours_warns_of_a_scam_in_both_languages() -> None:
    ref = staging.crypto_account()
    d = deposit_diagnose(ref, network="tron", address="TStranger", tx_hash=staging.tx_hash())
    assert "scam" in words(d, "en").fix
    assert "诈骗" in words(d, "zh-hans").fix
    assert "TStranger" in words(d, "en").cause


def test_no_fault_says_what_happened_and_when() -> None:
    account, _failed = staging.insufficient_balance()
    shop = merchant("Northwind Books")
    with clock.frozen_at(T0 + timedelta(hours=1)):
        paid = rails.pay(account, cny("20.00"), merchant_ref=shop.ref, key=key())
        refund = corrections.refund(paid.ref, key=key())
    d = transaction_diagnose(account, refund.ref)
    assert "Northwind Books" in words(d, "en").cause
    assert "2025-03-14 11:00 (Beijing time)" in words(d, "en").cause
    assert "退款" in words(d, "zh-hans").cause
    topped = transaction_diagnose(account, _seed_topup(account))
    assert "credited" in words(topped, "en").cause
    assert "存入" in words(topped, "zh-hans").cause


def _seed_topup(account: str) -> str:
    return get_gateway().list_transactions(account, kind=TransactionKind.TOPUP)[0].ref


def test_agent_summary_is_compact_and_technical() -> None:
    d = transaction_diagnose(*staging.awaiting_confirmations())
    lines = agent_summary(d).splitlines()
    assert lines[0].startswith("wait · awaiting_confirmations · tx_")
    assert (
        lines[1]
        == "chain_confirmations: confirmations=2, required_confirmations=19, block_seconds=3"
    )
    assert lines[2] == "expected by 2025-03-14T02:00:51+00:00 (17 confirmations × 3 s on tron)"
    wrong = agent_summary(transaction_diagnose(*staging.wrong_network())).splitlines()
    assert wrong[0].startswith("needs_person · wrong_network")
    assert wrong[1] == "chain_network: sent_on=ethereum, address_listens_on=tron"
    balance = agent_summary(transaction_diagnose(*staging.insufficient_balance()))
    assert "balance=50.00 CNY, amount=100.00 CNY" in balance
    assert balance.splitlines()[-1] == "action: top_up"


def test_durations_read_naturally() -> None:
    with translation.override("en"):
        assert duration(timedelta(seconds=51)) == "51 seconds"
        assert duration(timedelta(minutes=20)) == "20 minutes"
        assert duration(timedelta(hours=5)) == "5 hours"
    with translation.override("zh-hans"):
        assert duration(timedelta(minutes=20)) == "20 分钟"


@pytest.mark.parametrize("stage", [staging.issuer_declined, staging.issuer_insufficient_funds])
def test_the_bank_is_named_once_not_again_with_its_card(
    stage: Callable[[], staging.Staged],
) -> None:
    d = transaction_diagnose(*stage())
    issuer = next(c.evidence["issuer"] for c in d.checks if "issuer" in c.evidence)
    for language in ("en", "zh-hans"):
        cause = words(d, language).cause
        assert cause.count(issuer) == 1, cause
        assert "••••" in cause
