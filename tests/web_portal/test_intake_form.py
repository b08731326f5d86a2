"""The portal's intake form builder: fields from the definition, checked by intake_validate."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.utils import translation

from tests.intake.lang import is_chinese
from tests.wallet.support import T0, card, cny, key, merchant
from walletdesk.core import clock
from walletdesk.intake.definitions import DEFINITIONS
from walletdesk.vocab.choices import ProblemType
from walletdesk.wallet.contracts import (
    Money,
    PaymentMethodInfo,
    PaymentMethodKind,
    PaymentMethodStatus,
    TransactionInfo,
)
from walletdesk.wallet.sandbox import rails, seeding
from walletdesk.web.portal.intake_form import intake_form_class

FAILED = DEFINITIONS[ProblemType.TRANSACTION_FAILED]


@pytest.fixture(autouse=True)
def _frozen() -> Iterator[None]:
    with clock.frozen_at(T0):
        yield


@pytest.fixture
def wallet(db: None) -> tuple[list[TransactionInfo], list[PaymentMethodInfo]]:
    with clock.frozen_at(T0 - timedelta(hours=2)):
        account = seeding.open_account("王小明").ref
        method = card(account, last4="4821")
        shop = merchant("Lucky Coffee").ref
        paid = rails.pay(
            account, cny("88.00"), merchant_ref=shop, payment_method_ref=method.ref, key=key()
        )
    return [paid], [method]


@pytest.mark.parametrize("problem_type", list(ProblemType))
@pytest.mark.parametrize("signed_in", [True, False])
def test_every_definition_renders_in_both_languages(
    problem_type: ProblemType, signed_in: bool
) -> None:
    definition = DEFINITIONS[problem_type]
    for language, chinese in (("zh-hans", True), ("en", False)):
        with translation.override(language):
            form = intake_form_class(definition, signed_in=signed_in)()
            html = form.as_div()
            for bound in form:
                assert is_chinese(str(bound.label)) == chinese, bound.label
                assert f'name="{bound.name}"' in html
        names = set(form.fields)
        assert "happened" in names
        assert ("identifier" in names) == (not signed_in)
        assert "transaction" not in names  # no transactions passed: no empty picker
        if signed_in:
            assert "payment_method" not in names  # nor an empty list of methods


def test_widgets_fit_what_is_asked(wallet: tuple) -> None:
    transactions, methods = wallet
    with translation.override("en"):
        form = intake_form_class(
            FAILED, signed_in=True, transactions=transactions, payment_methods=methods
        )()
        html = form.as_div()
    assert 'type="datetime-local"' in html
    assert 'inputmode="decimal"' in html
    assert 'data-intake-currencies="BTC USDT"' in html  # network, hash, address
    picker = dict(form.fields["transaction"].choices)  # type: ignore[attr-defined]
    label = picker[transactions[0].ref]
    assert label == "14 Mar 08:00 · −¥88.00 · Payment · China Merchants Bank debit card •••• 4821"
    methods_offered = dict(form.fields["payment_method"].choices)  # type: ignore[attr-defined]
    assert "4821" in methods_offered[methods[0].ref]
    currencies = dict(form.fields["currency"].choices)  # type: ignore[attr-defined]
    assert currencies["CNY"] == "Chinese yuan (CNY)"
    networks = dict(form.fields["network"].choices)  # type: ignore[attr-defined]
    with translation.override("en"):
        assert str(networks["tron"]) == "TRON (TRC-20)"
    with translation.override("zh-hans"):
        zh = intake_form_class(FAILED, signed_in=True, transactions=transactions)()
        assert "以太坊（ERC-20）" in zh.as_div()


def test_a_valid_form_carries_typed_answers(wallet: tuple) -> None:
    transactions, methods = wallet
    form_class = intake_form_class(
        FAILED, signed_in=True, transactions=transactions, payment_methods=methods
    )
    form = form_class(
        data={
            "happened": "The coffee payment failed.",
            "transaction": transactions[0].ref,
            "occurred_at": "2025-03-14T08:00",
            "amount": "88.00",
            "currency": "CNY",
            "payment_method": methods[0].ref,
        }
    )
    assert form.is_valid(), form.errors
    assert form.answers is not None
    assert form.answers.values["amount"] == Money(8800, cny("1").asset)
    assert form.answers.text("transaction") == transactions[0].ref
    assert form.answers.criteria() is not None


def test_validation_messages_land_on_the_fields_in_both_languages(wallet: tuple) -> None:
    _transactions, methods = wallet
    data = {
        "happened": "",
        "occurred_at": "2025-03-15T08:00",
        "amount": "1.005",
        "currency": "CNY",
        "network": "tron",
        "tx_hash": "nope",
    }
    for language, expected in (
        ("en", ("Please answer this question.", "in the future", "at most 2 decimal places")),
        ("zh-hans", ("请回答这个问题。", "晚于现在", "最多有 2 位小数")),
    ):
        with translation.override(language):
            form = intake_form_class(FAILED, signed_in=True, payment_methods=methods)(data=data)
            assert not form.is_valid()
            errors = {name: " ".join(messages) for name, messages in form.errors.items()}
        assert expected[0] in errors["happened"]
        assert expected[1] in errors["occurred_at"]
        assert expected[2] in errors["amount"]
        assert "network" in errors
        assert "tx_hash" in errors
        assert errors["happened"].count(expected[0]) == 1  # said once, not twice


def test_a_foreign_ref_is_refused(wallet: tuple) -> None:
    transactions, methods = wallet
    form_class = intake_form_class(
        FAILED, signed_in=True, transactions=transactions, payment_methods=methods
    )
    form = form_class(data={"happened": "x", "transaction": "tx_someone_elses"})
    assert not form.is_valid()
    assert "transaction" in form.errors


def test_signed_out_requesters_describe_their_card(db: None) -> None:
    form_class = intake_form_class(DEFINITIONS[ProblemType.PAYMENT_METHOD], signed_in=False)
    form = form_class(
        data={"happened": "x", "identifier": "138 0013 8000", "payment_method": "debit 4821"}
    )
    assert form.is_valid(), form.errors
    assert form.answers is not None
    assert form.answers.text("identifier") == "+8613800138000"
    assert form.answers.text("payment_method") == "debit 4821"


def test_the_signed_in_pick_their_card_without_the_signed_out_hint() -> None:
    method = PaymentMethodInfo(
        ref="pm_1",
        kind=PaymentMethodKind.DEBIT_CARD,
        issuer="Barclays",
        masked_number="•••• 3317",
        expiry_month=1,
        expiry_year=2030,
        status=PaymentMethodStatus.ACTIVE,
    )
    definition = DEFINITIONS["transaction_failed"]
    with translation.override("en"):
        signed_in = intake_form_class(
            definition, signed_in=True, transactions=[], payment_methods=[method]
        )()
        signed_out = intake_form_class(
            definition, signed_in=False, transactions=[], payment_methods=[]
        )()
    assert signed_in.fields["payment_method"].help_text == ""
    assert "last four digits" in signed_out.fields["payment_method"].help_text
