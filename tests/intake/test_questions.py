"""Definitions as chat questions, phone menu prompts and an email template, in both languages."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.intake.lang import is_chinese
from walletdesk.intake.definitions import DEFINITIONS, FieldKind
from walletdesk.intake.questions import email_template, questions_for
from walletdesk.vocab.choices import ProblemType

TOPUP = DEFINITIONS[ProblemType.TOPUP_NOT_CREDITED]


@pytest.mark.parametrize("problem_type", list(ProblemType))
@pytest.mark.parametrize("signed_in", [True, False])
def test_every_definition_is_a_question_list_in_both_languages(
    problem_type: ProblemType, signed_in: bool
) -> None:
    definition = DEFINITIONS[problem_type]
    expected = [f.name for f in definition.fields_for(signed_in=signed_in)]
    for language, chinese in (("zh-hans", True), ("en", False)):
        with translation.override(language):
            questions = questions_for(definition, signed_in=signed_in)
        assert [q.name for q in questions] == expected
        assert questions[0].required
        assert questions[0].kind == FieldKind.LONG_TEXT
        for question in questions:
            assert is_chinese(question.prompt) == chinese, question.prompt
            if question.hint:
                assert is_chinese(question.hint) == chinese, question.hint


def test_currency_and_network_are_closed_lists() -> None:
    with translation.override("en"):
        by_name = {q.name: q for q in questions_for(TOPUP, signed_in=True)}
    assert [v for v, _l in by_name["currency"].choices] == ["CNY", "USD", "USDT", "BTC"]
    assert dict(by_name["network"].choices)["tron"] == "TRON (TRC-20)"
    assert by_name["happened"].choices == ()


def test_the_phone_menu_offers_keys_instead_of_free_text() -> None:
    with translation.override("en"):
        spoken = {q.name: q for q in questions_for(TOPUP, signed_in=True, spoken=True)}
    assert "transaction" not in spoken  # the menu reads the caller's transactions out itself
    currency = spoken["currency"]
    assert currency.spoken
    assert "Press 1 for Chinese yuan (CNY)." in currency.prompt
    assert "Press 4 for Bitcoin (BTC)." in currency.prompt
    assert currency.key_for("1") == "CNY"
    assert currency.key_for("4") == "BTC"
    assert currency.key_for("9") is None
    assert currency.key_for("*") is None
    assert "star key" in spoken["amount"].prompt
    with translation.override("zh-hans"):
        zh = {q.name: q for q in questions_for(TOPUP, signed_in=True, spoken=True)}
    assert "人民币 (CNY)请按 1。" in zh["currency"].prompt
    assert "泰达币（USDT）请按 3。" in zh["currency"].prompt
    assert "星号键" in zh["amount"].prompt


@pytest.mark.parametrize("problem_type", list(ProblemType))
def test_email_template_lists_what_to_include(problem_type: ProblemType) -> None:
    definition = DEFINITIONS[problem_type]
    with translation.override("en"):
        english = email_template(definition)
        labels = [str(f.label) for f in definition.fields_for(signed_in=False)]
    with translation.override("zh-hans"):
        chinese = email_template(definition)
    with translation.override("en"):
        assert english.startswith(str(definition.intro))
    assert "Please reply with:" in english
    assert "请在回复中写明：" in chinese
    for label in labels:
        assert f"- {label}" in english
    assert "- What happened (required):" in english
    assert "- 经过（必填）：请您用自己的话说一下发生了什么？" in chinese
    assert not is_chinese(english)
    assert "Which of your recent transactions" not in english  # email senders are signed out
