"""The fields intake asks, written once and shared by every problem type that needs them.

Labels are short (a form label); questions are whole sentences, as a chat or phone agent would
ask; help says what a good answer looks like.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from walletdesk.intake.schema import Audience, FieldKind, IntakeField

LONG = 4000  # characters: a long account of what happened, still a bounded one

HAPPENED = IntakeField(
    "happened",
    FieldKind.LONG_TEXT,
    _("What happened"),
    _("Could you tell me in your own words what happened?"),
    _("What you did, what you expected, and what you saw instead."),
    required=True,
    max_length=LONG,
)
TRIED = IntakeField(
    "tried",
    FieldKind.LONG_TEXT,
    _("What I already tried"),
    _("What have you already tried to fix it?"),
    _("For example: signed out and in again, tried another card, waited an hour."),
    max_length=LONG,
)
ARTICLES = IntakeField(
    "articles",
    FieldKind.ARTICLES,
    _("Help articles I read"),
    _("Which of our help articles have you already read about this?"),
    _("Their titles, or leave empty if none."),
    max_length=1000,
)
IDENTIFIER = IntakeField(
    "identifier",
    FieldKind.IDENTIFIER,
    _("Registered email or phone"),
    _("Which email address or phone number is registered to your wallet?"),
    _("So we can find your account. Phone numbers with the country code, e.g. +86."),
    required=True,
    audience=Audience.SIGNED_OUT,
    max_length=254,
)

TRANSACTION = IntakeField(
    "transaction",
    FieldKind.TRANSACTION,
    _("The transaction"),
    _("Which of your recent transactions is this about?"),
    _("Pick it from your list; leave empty if you cannot find it."),
    audience=Audience.SIGNED_IN,
)
OCCURRED_AT = IntakeField(
    "occurred_at",
    FieldKind.DATETIME,
    _("When it happened"),
    _("Roughly when did it happen, date and time?"),
    _("Beijing time. A guess is fine; give a range below if you are unsure."),
)
OCCURRED_UNTIL = IntakeField(
    "occurred_until",
    FieldKind.DATETIME,
    _("Or as late as"),
    _("If you are not sure of the time, what is the latest it could have been?"),
    _("Optional: the end of the period, at most 31 days after the start."),
)
AMOUNT = IntakeField(
    "amount",
    FieldKind.AMOUNT,
    _("Amount"),
    _("How much money was it, exactly?"),
    _("The amount as you entered it, e.g. 100.00."),
    max_length=40,
)
CURRENCY = IntakeField(
    "currency",
    FieldKind.CURRENCY,
    _("Currency"),
    _("Which currency was it in?"),
)
PAYMENT_METHOD = IntakeField(
    "payment_method",
    FieldKind.PAYMENT_METHOD,
    _("Payment method"),
    _("Which card or bank account did you use?"),
    _("If you are not signed in: the kind and last four digits, e.g. debit card 4821."),
    max_length=100,
)
COUNTERPARTY = IntakeField(
    "counterparty",
    FieldKind.COUNTERPARTY,
    _("Merchant or person"),
    _("Which shop or person was the money for, or from?"),
)
NETWORK = IntakeField(
    "network",
    FieldKind.NETWORK,
    _("Blockchain network"),
    _("Which blockchain network were the coins sent on?"),
    _("For USDT: Ethereum (ERC-20) or TRON (TRC-20). For BTC: Bitcoin."),
    crypto_only=True,
)
TX_HASH = IntakeField(
    "tx_hash",
    FieldKind.TX_HASH,
    _("Transaction hash"),
    _("What is the transaction hash, the long code the sending wallet shows?"),
    _("Copy it from the sending wallet or exchange; it identifies the transfer on the chain."),
    crypto_only=True,
    max_length=80,
)
ADDRESS = IntakeField(
    "address",
    FieldKind.ADDRESS,
    _("Address"),
    _("Which address were the coins sent to?"),
    _("Your deposit address, or the address you withdrew to."),
    crypto_only=True,
    max_length=120,
)
ERROR_SHOWN = IntakeField(
    "error_shown",
    FieldKind.TEXT,
    _("Message shown"),
    _("What did the message on your screen say, word for word if you can?"),
)

COMMON_START = (HAPPENED,)
COMMON_END = (TRIED, ARTICLES, IDENTIFIER)
MONEY = (
    TRANSACTION,
    OCCURRED_AT,
    OCCURRED_UNTIL,
    AMOUNT,
    CURRENCY,
    PAYMENT_METHOD,
    COUNTERPARTY,
)
CRYPTO = (NETWORK, TX_HASH, ADDRESS)
