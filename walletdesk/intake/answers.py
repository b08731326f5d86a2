"""What a customer gave, validated into typed values, and what it says about a transaction."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Final

from django.utils.translation import gettext as _

from walletdesk.core import clock
from walletdesk.core.errors import ValidationFailed
from walletdesk.intake import checks
from walletdesk.intake.checks import Invalid
from walletdesk.intake.definitions import FieldKind, IntakeDefinition, IntakeField
from walletdesk.vocab.choices import MONEY_PROBLEMS, ProblemType
from walletdesk.wallet.contracts import Asset, Money, TransactionKind

# Which kinds of transaction each money problem is usually about: matching prefers them.
SUGGESTED_KINDS: Final[dict[str, frozenset[TransactionKind]]] = {
    ProblemType.TOPUP_NOT_CREDITED: frozenset(
        {TransactionKind.TOPUP, TransactionKind.CRYPTO_DEPOSIT}
    ),
    ProblemType.TRANSACTION_FAILED: frozenset(
        {
            TransactionKind.PAYMENT,
            TransactionKind.TRANSFER,
            TransactionKind.WITHDRAWAL,
            TransactionKind.CRYPTO_WITHDRAWAL,
        }
    ),
    ProblemType.MERCHANT_ISSUE: frozenset({TransactionKind.PAYMENT, TransactionKind.REFUND}),
    ProblemType.PAYMENT_METHOD: frozenset(
        {TransactionKind.TOPUP, TransactionKind.PAYMENT, TransactionKind.WITHDRAWAL}
    ),
}
# The end of a period and the field that starts it.
RANGE_ENDS: Final = {"occurred_until": "occurred_at"}
# Checked after the fields they depend on: the currency before the amount and the network,
# the network before the hash, a period's start before its end.
_STAGE: Final = {FieldKind.CURRENCY: 0, FieldKind.NETWORK: 1, FieldKind.AMOUNT: 2}


@dataclass(frozen=True)
class TransactionCriteria:
    """How a customer remembers a transaction: roughly when, exactly how much, how paid."""

    around: datetime
    until: datetime | None = None  # a range: from `around` to `until`
    amount: Money | None = None
    payment_method_ref: str | None = None  # signed in: one of their methods
    payment_method_hint: str = ""  # signed out: "card ending 4821"
    counterparty: str = ""
    kinds: frozenset[TransactionKind] = frozenset()  # what the problem type suggests
    network: str = ""
    tx_hash: str = ""
    address: str = ""
    # False when only a hash was given: `around` is then the time of asking, not a memory.
    time_known: bool = True


@dataclass(frozen=True)
class IntakeAnswers:
    """Typed values by field name: str for text, datetime, Money (amount and currency become
    one `amount` value), a ref for a transaction or payment method."""

    problem_type: str
    values: Mapping[str, object] = field(default_factory=dict)
    signed_in: bool = False  # whether `payment_method` is a ref (signed in) or a description
    answered_at: datetime | None = None

    def text(self, name: str) -> str:
        value = self.values.get(name, "")
        return value if isinstance(value, str) else ""

    def moment(self, name: str) -> datetime | None:
        value = self.values.get(name)
        return value if isinstance(value, datetime) else None

    def money(self) -> Money | None:
        value = self.values.get("amount")
        return value if isinstance(value, Money) else None

    def criteria(self) -> TransactionCriteria | None:
        """The transaction search these answers allow, or None without a time or hash (and
        for problems that are not about one transaction)."""
        if self.problem_type not in MONEY_PROBLEMS:
            return None
        around, tx_hash = self.moment("occurred_at"), self.text("tx_hash")
        if around is None and not tx_hash:
            return None
        method = self.text("payment_method")
        return TransactionCriteria(
            around=around or self.answered_at or clock.now(),
            until=self.moment("occurred_until") if around is not None else None,
            amount=self.money(),
            payment_method_ref=(method or None) if self.signed_in else None,
            payment_method_hint="" if self.signed_in else method,
            counterparty=self.text("counterparty"),
            kinds=SUGGESTED_KINDS.get(self.problem_type, frozenset()),
            network=self.text("network"),
            tx_hash=tx_hash,
            address=self.text("address"),
            time_known=around is not None,
        )

    def as_json(self) -> dict[str, str]:
        """Plain strings by field name, for storage and the API (Money as "100.00 CNY")."""
        return {name: _plain(value) for name, value in self.values.items()}


def _plain(value: object) -> str:
    if isinstance(value, Money):
        return f"{value.decimal} {value.asset.value}"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)


def intake_validate(
    definition: IntakeDefinition,
    data: Mapping[str, str],
    *,
    signed_in: bool,
    now: datetime | None = None,
    transaction_refs: Collection[str] = (),
    payment_method_refs: Collection[str] = (),
) -> IntakeAnswers:
    """Check every field of `definition` the requester is asked; raise
    `core.errors.ValidationFailed(fields={name: [message, ...]})` with every problem at once,
    in the active language.

    `transaction_refs` and `payment_method_refs` are the signed-in requester's own: a ref
    outside them is refused, so nobody can point a request at someone else's money."""
    run = _Run(
        data,
        now=now or clock.now(),
        signed_in=signed_in,
        transaction_refs=transaction_refs,
        payment_method_refs=payment_method_refs,
    )
    asked = definition.fields_for(signed_in=signed_in)
    for spec in sorted(asked, key=lambda f: (_STAGE.get(f.kind, 3), f.name in RANGE_ENDS)):
        run.check(spec)
    run.fill_day_ranges(asked)
    if run.errors:
        raise ValidationFailed(fields=run.errors)
    return IntakeAnswers(
        problem_type=definition.problem_type.value,
        values=run.values,
        signed_in=signed_in,
        answered_at=run.now,
    )


class _Run:
    """One validation: the answers so far and every message collected."""

    def __init__(
        self,
        data: Mapping[str, str],
        *,
        now: datetime,
        signed_in: bool,
        transaction_refs: Collection[str],
        payment_method_refs: Collection[str],
    ) -> None:
        self.data, self.now, self.signed_in = data, now, signed_in
        self.transaction_refs, self.payment_method_refs = transaction_refs, payment_method_refs
        self.values: dict[str, object] = {}
        self.errors: dict[str, list[str]] = {}

    def raw(self, name: str) -> str:
        return checks.clean_text(str(self.data.get(name) or ""))

    def check(self, spec: IntakeField) -> None:
        raw = self.raw(spec.name)
        if not raw:
            if spec.required:
                self.errors.setdefault(spec.name, []).append(_("Please answer this question."))
            elif spec.kind == FieldKind.CURRENCY and self.raw("amount"):
                self.errors.setdefault(spec.name, []).append(
                    _("Please choose the currency of the amount.")
                )
            return
        try:
            value = self.parse(spec, raw)
        except Invalid as exc:
            self.errors.setdefault(spec.name, []).append(exc.message)
            return
        if value is not None:
            self.values[spec.name] = value

    def parse(self, spec: IntakeField, raw: str) -> object:
        kind = spec.kind
        asset = self.values.get("currency")
        asset = asset if isinstance(asset, Asset) else None
        if kind == FieldKind.CURRENCY:
            return checks.currency(raw)
        if kind == FieldKind.AMOUNT:
            return checks.amount(raw, asset) if asset is not None else None
        if kind == FieldKind.DATETIME:
            return self.moment(spec, raw)
        if kind == FieldKind.NETWORK:
            return checks.network(raw, asset)
        if kind == FieldKind.TX_HASH:
            return checks.tx_hash(raw, str(self.values.get("network", "")))
        if kind == FieldKind.ADDRESS:
            return checks.address(raw, max_length=spec.max_length)
        if kind == FieldKind.IDENTIFIER:
            return checks.identifier(raw)
        if kind == FieldKind.TRANSACTION:
            return checks.one_of(
                raw, self.transaction_refs, _("Please choose one of your own transactions.")
            )
        if kind == FieldKind.PAYMENT_METHOD and self.signed_in:
            return checks.one_of(
                raw, self.payment_method_refs, _("Please choose one of your own payment methods.")
            )
        return checks.text(
            raw, max_length=spec.max_length, choices=[value for value, _label in spec.choices]
        )

    def moment(self, spec: IntakeField, raw: str) -> datetime | None:
        start_name = RANGE_ENDS.get(spec.name)
        value = checks.moment(raw, now=self.now, end_of_day=start_name is not None)
        if start_name is None:
            return value
        start = self.values.get(start_name)
        if isinstance(start, datetime):
            return checks.period_end(start, value)
        if start_name not in self.errors:
            raise Invalid(_("Please give the start of the period first."))
        return None

    def fill_day_ranges(self, asked: tuple[IntakeField, ...]) -> None:
        """A date alone for the start, and no end, means that whole day."""
        names = {spec.name for spec in asked}
        for end_name, start_name in RANGE_ENDS.items():
            start = self.values.get(start_name)
            date_alone = len(self.raw(start_name)) == 10 and not self.raw(end_name)
            if end_name in names and isinstance(start, datetime) and date_alone:
                self.values[end_name] = checks.moment(
                    self.raw(start_name), now=self.now, end_of_day=True
                )
