"""The shape of an intake definition: field kinds, audiences, fields and definitions.

Kept apart from the table itself (`walletdesk.intake.definitions`) so the shared field catalogue
(`walletdesk.intake.catalogue`) can build fields without importing the table it feeds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils.functional import Promise

from walletdesk.vocab.choices import ProblemType


class FieldKind(StrEnum):
    TEXT = "text"  # one line
    LONG_TEXT = "long_text"  # "what happened", "what I already tried"
    IDENTIFIER = "identifier"  # the registered email or phone (signed-out requesters only)
    DATETIME = "datetime"  # when it happened; never in the future
    AMOUNT = "amount"  # a decimal, checked against the currency's precision
    CURRENCY = "currency"  # one of wallet.contracts.Asset
    PAYMENT_METHOD = "payment_method"  # signed in: one of theirs; else a kind and last digits
    COUNTERPARTY = "counterparty"  # merchant or person
    NETWORK = "network"  # bitcoin / ethereum / tron
    TX_HASH = "tx_hash"  # checked against the network's format
    ADDRESS = "address"  # a deposit or destination address
    ARTICLES = "articles"  # which help articles were read
    TRANSACTION = "transaction"  # signed in: the ref of one of their own transactions


class Audience(StrEnum):
    """Who is asked a field: some only make sense signed in (their own list) or signed out."""

    EVERYONE = "everyone"
    SIGNED_IN = "signed_in"
    SIGNED_OUT = "signed_out"


@dataclass(frozen=True)
class IntakeField:
    name: str
    kind: FieldKind
    label: Promise  # form label
    question: Promise  # how a chat or phone agent asks it, as a whole sentence
    help: Promise | str = ""
    required: bool = False
    audience: Audience = Audience.EVERYONE
    max_length: int = 200
    # A closed list for a TEXT field (value, label): a select on the form, a keypad menu on
    # the phone, and validation refuses anything else.
    choices: tuple[tuple[str, Promise], ...] = ()
    # Digital-asset fields: shown when the currency is a digital asset (USDT, BTC).
    crypto_only: bool = False


@dataclass(frozen=True)
class IntakeDefinition:
    problem_type: ProblemType
    intro: Promise  # one sentence: what we will ask and why
    fields: tuple[IntakeField, ...]
    # Money problems look for a transaction and can be diagnosed; digital-asset fields appear
    # when the customer says the money was crypto.
    finds_transaction: bool = False
    diagnosable: bool = False
    tags: tuple[str, ...] = field(default_factory=tuple)

    def fields_for(self, *, signed_in: bool) -> tuple[IntakeField, ...]:
        skip = Audience.SIGNED_OUT if signed_in else Audience.SIGNED_IN
        return tuple(f for f in self.fields if f.audience != skip)

    def field_named(self, name: str) -> IntakeField | None:
        return next((f for f in self.fields if f.name == name), None)
