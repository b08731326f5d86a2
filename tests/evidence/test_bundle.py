"""The evidence bundle itself: one ZIP whose PDF (read back with pypdf) holds the period's
transactions in Chinese, whose JSON says the same, and whose manifest matches both files."""

from __future__ import annotations

import hashlib
import re

import pytest

from tests.evidence.conftest import (
    CARD_IN_MESSAGE,
    INTERNAL_NOTE,
    PERIOD,
    STOLEN_WORDS,
    Story,
    open_bundle,
)
from walletdesk.security.evidence.services import evidence_bundle_build

pytestmark = pytest.mark.django_db


def _build(story: Story, requested_by: object = None) -> object:
    return evidence_bundle_build(
        customer=story.customer,
        period_start=PERIOD[0],
        period_end=PERIOD[1],
        requested_by=requested_by or story.customer,  # type: ignore[arg-type]
    )


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_one_zip_holds_the_pdf_the_json_and_the_manifest(story: Story) -> None:
    opened = open_bundle(_build(story).content)  # type: ignore[attr-defined]
    assert opened.names == ["evidence.pdf", "evidence.json", "manifest.sha256"]
    assert opened.pdf.startswith(b"%PDF-")


def test_the_pdf_holds_the_transactions_in_chinese(story: Story) -> None:
    text = _flat(open_bundle(_build(story).content).text)  # type: ignore[attr-defined]
    for words in ["报警材料", "交易记录", "橙子超市", "星河书店", "付款", "王小明", "招商银行"]:
        assert words in text, words
    assert "−123.45CNY" in text
    assert "+20,000.00CNY" in text
    assert "+5.000000USDT" in text


def test_the_pdf_has_page_numbers_and_the_generation_time(story: Story) -> None:
    bundle = _build(story)
    text = _flat(open_bundle(bundle.content).text)  # type: ignore[attr-defined]
    assert re.search(r"第1页，共\d+页", text)
    assert "(UTC+8)" in text


def test_the_json_matches_the_pdf(story: Story) -> None:
    opened = open_bundle(_build(story).content)  # type: ignore[attr-defined]
    data = opened.data
    assert data["schema"] == "walletdesk.evidence"
    assert data["schema_version"] == 1
    assert data["period"] == {
        "start": "2026-02-20",
        "end": "2026-03-10",
        "timezone": "Asia/Shanghai",
        "days": 19,
    }
    items = data["transactions"]["items"]
    assert [(tx["kind"], tx["amount_minor"], tx["asset"]) for tx in items] == [
        ("topup", 2_000_000, "CNY"),
        ("crypto_deposit", 5_000_000, "USDT"),
        ("payment", 12_345, "CNY"),
        ("payment", 12_346, "CNY"),
    ]
    text = _flat(opened.text)
    for tx in items:
        assert tx["ref"] in text
        assert _flat(f"{tx['amount']} {tx['asset']}") in text
        assert _flat(tx["counterparty"]) in text
    crypto = next(tx["crypto"] for tx in items if tx["crypto"])
    assert crypto["tx_hash"] in text
    assert data["wallet"]["status"] == "frozen"
    assert data["wallet"]["frozen_by"] == "客户本人"


def test_the_manifest_digests_match_the_files_and_the_pdf_shows_the_json_digest(
    story: Story,
) -> None:
    bundle = _build(story)
    opened = open_bundle(bundle.content)  # type: ignore[attr-defined]
    lines = dict(reversed(line.split("  ", 1)) for line in opened.manifest.strip().splitlines())
    assert lines == {
        "evidence.pdf": hashlib.sha256(opened.pdf).hexdigest(),
        "evidence.json": hashlib.sha256(opened.json_bytes).hexdigest(),
    }
    assert bundle.json_sha256 == lines["evidence.json"]  # type: ignore[attr-defined]
    assert bundle.sha256 == hashlib.sha256(bundle.content).hexdigest()  # type: ignore[attr-defined]
    assert bundle.manifest_sha256 == hashlib.sha256(opened.manifest.encode()).hexdigest()  # type: ignore[attr-defined]
    assert lines["evidence.json"] in _flat(opened.text)


def test_transcripts_hold_public_messages_never_internal_notes(story: Story) -> None:
    opened = open_bundle(_build(story).content)  # type: ignore[attr-defined]
    assert _flat(STOLEN_WORDS) in _flat(opened.text)
    assert "派出所" in opened.text
    assert "INTERNAL-ONLY-7731" not in opened.text
    assert "INTERNAL-ONLY-7731" not in opened.json_bytes.decode()
    assert INTERNAL_NOTE not in opened.json_bytes.decode()
    (ticket,) = opened.data["tickets"]
    assert [m["author_kind"] for m in ticket["messages"]] == ["customer", "agent"]


def test_card_numbers_are_masked_everywhere(story: Story) -> None:
    opened = open_bundle(_build(story).content)  # type: ignore[attr-defined]
    body = opened.json_bytes.decode()
    for text in (body, opened.text, _flat(opened.text)):
        assert _flat(CARD_IN_MESSAGE) not in _flat(text)
        assert "4111111111111111" not in text
    assert "•••• 1111" in body
    methods = opened.data["wallet"]["payment_methods"]
    assert [m["number"] for m in methods] == ["•••• 4821"]


def test_the_customers_own_bundle_shows_their_contacts_in_full(story: Story) -> None:
    account = open_bundle(_build(story).content).data["account"]  # type: ignore[attr-defined]
    assert account["email"] == "xiaoming@example.com"
    assert account["phone"] == "+8613800138000"
    assert account["contacts_masked"] is False


def test_an_agents_bundle_masks_the_contacts(story: Story, security_specialist: object) -> None:
    opened = open_bundle(_build(story, security_specialist).content)  # type: ignore[attr-defined]
    account = opened.data["account"]
    assert account["email"] == "x***@example.com"
    assert account["phone"] == "+86 138****8000"
    assert "xiaoming@example.com" not in opened.text + opened.json_bytes.decode()
    assert opened.data["requested_by"]["kind"] == "agent"


@pytest.mark.parametrize("story", ["en"], indirect=True)
def test_an_english_customer_gets_english_with_chinese_headings(story: Story) -> None:
    opened = open_bundle(_build(story).content)  # type: ignore[attr-defined]
    text = _flat(opened.text)
    assert _flat("交易记录 · Transactions") in text
    assert "Page1of" in text
    assert opened.data["transactions"]["items"][0]["kind_label"] == "Top-up"
    assert "橙子超市" in text


def test_a_period_outside_the_story_is_empty(story: Story) -> None:
    import datetime as dt

    bundle = evidence_bundle_build(
        customer=story.customer,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 1, 31),
        requested_by=story.customer,
    )
    data = open_bundle(bundle.content).data
    assert data["transactions"]["items"] == []
    assert data["tickets"] == []
