"""What crosses the wallet's border: frozen values, never models.

Every `WalletGateway` implementation (the sandbox ledger, an operator's wallet core over HTTP)
returns these, so the rest of the product cannot tell them apart and cannot write through them.
Enum values are stable codes (stored in tickets, shown in the API); labels are for people.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class LabelledEnum(StrEnum):
    """A StrEnum whose members carry a short translatable label.

    Labels live in one table at the bottom of this module rather than on the members, because
    StrEnum members compare equal to their value: "active" of one enum would collide with
    "active" of another in any shared lookup keyed by member.
    """

    @property
    def label(self) -> str:
        """The label in the active language, evaluated now."""
        return str(_LABELS[type(self)][self.value])

    @classmethod
    def choices(cls) -> list[tuple[str, str | Promise]]:
        """(value, lazy label) pairs for Django model and form fields."""
        return [(member.value, _LABELS[cls][member.value]) for member in cls]


class Asset(LabelledEnum):
    CNY = "CNY"
    USD = "USD"
    USDT = "USDT"
    BTC = "BTC"


ASSET_PRECISION: dict[Asset, int] = {Asset.CNY: 2, Asset.USD: 2, Asset.USDT: 6, Asset.BTC: 8}


@dataclass(frozen=True, slots=True)
class Money:
    """An exact amount: integer minor units of one asset. Floats never get in."""

    amount_minor: int
    asset: Asset

    def __post_init__(self) -> None:
        if isinstance(self.amount_minor, bool) or not isinstance(self.amount_minor, int):
            raise TypeError("Money.amount_minor must be an int of minor units")
        # Accept the plain code ("CNY") from JSON or the database; refuse unknown assets.
        object.__setattr__(self, "asset", Asset(self.asset))

    @classmethod
    def from_decimal(cls, value: Decimal | str | int, asset: Asset) -> Money:
        """Parse a human amount. More decimals than the asset has is an error, not rounding:
        silently rounding what a customer typed would make a different amount."""
        if isinstance(value, float):
            raise TypeError("Money.from_decimal refuses floats; pass a Decimal or a string")
        try:
            number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        except ArithmeticError as exc:  # decimal.InvalidOperation
            raise ValueError(f"{value!r} is not a number") from exc
        if not number.is_finite():
            raise ValueError(f"{value!r} is not a finite amount")
        precision = ASSET_PRECISION[Asset(asset)]
        # Integer arithmetic on the decimal's digits: exact for any size, no context rounding.
        sign, digits, exponent = number.as_tuple()
        if not isinstance(exponent, int):  # only NaN/Infinity have a letter here
            raise ValueError(f"{value!r} is not a finite amount")
        magnitude = int("".join(map(str, digits)) or "0")
        shift = exponent + precision
        if shift >= 0:
            minor = magnitude * 10**shift
        else:
            minor, remainder = divmod(magnitude, 10**-shift)
            if remainder:
                raise ValueError(f"{asset} amounts have at most {precision} decimal places")
        return cls(-minor if sign else minor, Asset(asset))

    @classmethod
    def zero(cls, asset: Asset) -> Money:
        return cls(0, asset)

    @property
    def precision(self) -> int:
        return ASSET_PRECISION[self.asset]

    @property
    def decimal(self) -> Decimal:
        """The exact amount in major units, with the asset's number of decimal places."""
        digits = tuple(int(d) for d in str(abs(self.amount_minor)))
        return Decimal((1 if self.amount_minor < 0 else 0, digits, -self.precision))

    def __str__(self) -> str:
        return f"{self.decimal:,.{self.precision}f} {self.asset.value}"


class AccountStatus(LabelledEnum):
    ACTIVE = "active"
    FROZEN = "frozen"


@dataclass(frozen=True, slots=True)
class AccountInfo:
    ref: str
    holder_name: str
    status: AccountStatus
    created_at: datetime
    frozen_at: datetime | None
    frozen_by: str
    frozen_reason: str

    @property
    def is_frozen(self) -> bool:
        return self.status == AccountStatus.FROZEN


class PaymentMethodKind(LabelledEnum):
    DEBIT_CARD = "debit_card"
    CREDIT_CARD = "credit_card"
    BANK_ACCOUNT = "bank_account"


class PaymentMethodStatus(LabelledEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    BLOCKED = "blocked"


@dataclass(frozen=True, slots=True)
class PaymentMethodInfo:
    """A linked card or bank account. Only the last four digits ever exist on this side."""

    ref: str
    kind: PaymentMethodKind
    issuer: str
    masked_number: str
    expiry_month: int | None
    expiry_year: int | None
    status: PaymentMethodStatus


class MerchantStatus(LabelledEnum):
    OPERATIONAL = "operational"
    MAINTENANCE = "maintenance"
    OUTAGE = "outage"


@dataclass(frozen=True, slots=True)
class MerchantInfo:
    ref: str
    name: str
    category: str
    status: MerchantStatus


class TransactionKind(LabelledEnum):
    TOPUP = "topup"
    PAYMENT = "payment"
    TRANSFER = "transfer"
    WITHDRAWAL = "withdrawal"
    REFUND = "refund"
    CRYPTO_DEPOSIT = "crypto_deposit"
    CRYPTO_WITHDRAWAL = "crypto_withdrawal"


class TransactionStatus(LabelledEnum):
    PENDING = "pending"
    SUCCEEDED = "succeeded"
    FAILED = "failed"
    REVERSED = "reversed"


class Direction(LabelledEnum):
    """Seen from the account: money coming in or going out. Compares equal to "in"/"out"."""

    IN = "in"
    OUT = "out"


class FailureCode(LabelledEnum):
    """Why a transaction failed, or why it is still pending. One code per diagnosable cause."""

    INSUFFICIENT_BALANCE = "insufficient_balance"
    PAYMENT_METHOD_EXPIRED = "payment_method_expired"
    ISSUER_DECLINED = "issuer_declined"
    ISSUER_INSUFFICIENT_FUNDS = "issuer_insufficient_funds"
    MERCHANT_UNAVAILABLE = "merchant_unavailable"
    RISK_HOLD = "risk_hold"
    LIMIT_EXCEEDED = "limit_exceeded"
    NETWORK_TIMEOUT = "network_timeout"
    WRONG_NETWORK = "wrong_network"
    MISSING_MEMO = "missing_memo"
    AWAITING_CONFIRMATIONS = "awaiting_confirmations"


@dataclass(frozen=True, slots=True)
class CryptoDetails:
    network: str
    tx_hash: str
    confirmations: int
    required_confirmations: int
    address: str
    memo: str


@dataclass(frozen=True, slots=True)
class TransactionInfo:
    ref: str
    kind: TransactionKind
    status: TransactionStatus
    amount: Money
    direction: Direction
    created_at: datetime
    completed_at: datetime | None
    failure_code: FailureCode | None
    payment_method_ref: str | None
    merchant_ref: str | None
    counterparty: str
    description: str
    crypto: CryptoDetails | None


class IssuerAnswer(LabelledEnum):
    """How a payment method's issuer answers a request for money today."""

    APPROVES = "approves"
    DECLINES = "declines"
    INSUFFICIENT_FUNDS = "insufficient_funds"
    NO_ANSWER = "no_answer"


@dataclass(frozen=True, slots=True)
class ChainFacts:
    """A digital-asset transfer as the chain and our deposit addresses see it."""

    network: str  # where the coins were sent
    expected_network: str  # where the address listens ("" when the address is not ours)
    confirmations: int
    required_confirmations: int
    block_seconds: int  # the network's typical time between blocks
    memo_required: bool
    memo: str
    address: str
    address_is_ours: bool  # one of this account's deposit addresses


@dataclass(frozen=True, slots=True)
class TransactionFacts:
    """Everything the wallet knows that bears on why one transaction went as it did.

    Facts, never a verdict: `walletdesk.intake.diagnosis` reads them in order and decides. An
    operator's gateway fills the same fields from its own core.
    """

    transaction: TransactionInfo
    account: AccountInfo
    balance: Money  # available now, in the transaction's asset
    payment_method: PaymentMethodInfo | None
    issuer_answer: IssuerAnswer | None  # None when no payment method was involved
    merchant: MerchantInfo | None
    per_transaction_limit: Money
    risk_review_threshold: Money | None  # None where no risk rule applies (incoming money)
    first_payment_to_merchant: bool
    # When a pending transaction is expected to end on its own: the automatic reversal of a
    # timed-out payment, the end of a risk review. None when nothing will happen by itself
    # (chains are estimated from `chain` instead).
    expected_by: datetime | None
    chain: ChainFacts | None


@dataclass(frozen=True, slots=True)
class WalletSummary:
    account: AccountInfo
    balances: list[Money]
    payment_methods: list[PaymentMethodInfo]
    recent_transactions: list[TransactionInfo]


_LABELS: dict[type[LabelledEnum], dict[str, str | Promise]] = {
    Asset: {
        "CNY": _("Chinese yuan"),
        "USD": _("US dollar"),
        "USDT": _("Tether (USDT)"),
        "BTC": _("Bitcoin"),
    },
    AccountStatus: {"active": _("Active"), "frozen": _("Frozen")},
    PaymentMethodKind: {
        "debit_card": _("Debit card"),
        "credit_card": _("Credit card"),
        "bank_account": _("Bank account"),
    },
    PaymentMethodStatus: {"active": _("Active"), "expired": _("Expired"), "blocked": _("Blocked")},
    MerchantStatus: {
        "operational": _("Operational"),
        "maintenance": _("Under maintenance"),
        "outage": _("Outage"),
    },
    TransactionKind: {
        "topup": _("Top-up"),
        "payment": _("Payment"),
        "transfer": _("Transfer"),
        "withdrawal": _("Withdrawal"),
        "refund": _("Refund"),
        "crypto_deposit": _("Crypto deposit"),
        "crypto_withdrawal": _("Crypto withdrawal"),
    },
    TransactionStatus: {
        "pending": _("Pending"),
        "succeeded": _("Succeeded"),
        "failed": _("Failed"),
        "reversed": _("Reversed"),
    },
    Direction: {"in": _("Incoming"), "out": _("Outgoing")},
    IssuerAnswer: {
        "approves": _("Approves"),
        "declines": _("Declines"),
        "insufficient_funds": _("Reports insufficient funds"),
        "no_answer": _("Does not answer"),
    },
    FailureCode: {
        "insufficient_balance": _("Insufficient balance"),
        "payment_method_expired": _("Payment method expired"),
        "issuer_declined": _("Declined by the issuer"),
        "issuer_insufficient_funds": _("Insufficient funds at the bank"),
        "merchant_unavailable": _("Merchant unavailable"),
        "risk_hold": _("Held for risk review"),
        "limit_exceeded": _("Limit exceeded"),
        "network_timeout": _("Network timeout"),
        "wrong_network": _("Wrong network"),
        "missing_memo": _("Missing memo or tag"),
        "awaiting_confirmations": _("Awaiting confirmations"),
    },
}
