"""Every problem type has a definition, and every definition is complete and translated."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.intake.lang import is_chinese
from walletdesk.intake.definitions import (
    DEFINITIONS,
    Audience,
    FieldKind,
    definition_for,
)
from walletdesk.vocab.choices import MONEY_PROBLEMS, ProblemType

MONEY_FIELDS = [
    "transaction",
    "occurred_at",
    "occurred_until",
    "amount",
    "currency",
    "payment_method",
    "counterparty",
]


def test_every_problem_type_has_its_own_definition() -> None:
    assert set(DEFINITIONS) == {p.value for p in ProblemType}
    for code, definition in DEFINITIONS.items():
        assert definition.problem_type == code
    assert definition_for("no_such_type") is DEFINITIONS[ProblemType.OTHER]


@pytest.mark.parametrize("problem_type", list(ProblemType))
def test_common_fields_come_first_and_last(problem_type: ProblemType) -> None:
    definition = DEFINITIONS[problem_type]
    names = [f.name for f in definition.fields]
    assert names[0] == "happened"
    assert names[-3:] == ["tried", "articles", "identifier"]
    assert len(names) == len(set(names))
    happened = definition.field_named("happened")
    assert happened is not None
    assert happened.required
    assert happened.kind == FieldKind.LONG_TEXT
    identifier = definition.field_named("identifier")
    assert identifier is not None
    assert identifier.audience == Audience.SIGNED_OUT
    assert "identifier" not in [f.name for f in definition.fields_for(signed_in=True)]
    assert "identifier" in [f.name for f in definition.fields_for(signed_in=False)]


@pytest.mark.parametrize("problem_type", sorted(MONEY_PROBLEMS))
def test_money_problems_find_and_diagnose_a_transaction(problem_type: str) -> None:
    definition = DEFINITIONS[problem_type]
    assert definition.finds_transaction
    assert definition.diagnosable
    names = [f.name for f in definition.fields]
    assert [n for n in names if n in MONEY_FIELDS] == MONEY_FIELDS
    crypto = {"network", "tx_hash", "address"} <= set(names)
    assert crypto == (problem_type in {"topup_not_credited", "transaction_failed"})
    signed_out = [f.name for f in definition.fields_for(signed_in=False)]
    assert "transaction" not in signed_out


def test_other_problems_ask_what_their_team_needs() -> None:
    def names(problem_type: ProblemType) -> set[str]:
        return {f.name for f in DEFINITIONS[problem_type].fields}

    assert {"noticed_at", "lost", "unauthorised"} <= names(ProblemType.ACCOUNT_STOLEN)
    assert {"source", "link", "shared"} <= names(ProblemType.PHISHING_REPORT)
    assert "fee_or_limit" in names(ProblemType.FEES_LIMITS)
    assert "document" in names(ProblemType.IDENTITY_VERIFICATION)
    for problem_type in set(ProblemType) - MONEY_PROBLEMS:
        definition = DEFINITIONS[problem_type]
        assert not definition.finds_transaction
        assert not definition.diagnosable
        assert "transaction" not in names(problem_type)


@pytest.mark.parametrize("problem_type", list(ProblemType))
def test_every_word_is_translated(problem_type: ProblemType) -> None:
    definition = DEFINITIONS[problem_type]
    texts = [definition.intro]
    for spec in definition.fields:
        texts += [spec.label, spec.question, *(label for _v, label in spec.choices)]
        if spec.help:
            texts.append(spec.help)
    for text in texts:
        with translation.override("zh-hans"):
            assert is_chinese(str(text)), f"untranslated: {text}"
        with translation.override("en"):
            assert not is_chinese(str(text))
    with translation.override("en"):
        for spec in definition.fields:
            assert str(spec.question).endswith("?"), spec.question
