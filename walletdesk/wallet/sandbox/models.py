"""The sandbox wallet's tables: a double-entry ledger plus the business records around it.

Money exists only as `Entry` rows. A balance is the sum of a book's entries; there is no balance
column that could drift from the journal. `Transaction` is what a customer sees ("I paid 100 CNY
to Lucky Coffee, it failed"); `Posting` is what the ledger did about it (zero or more balanced
journal entries). Failed transactions are recorded with no posting at all.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.wallet.contracts import (
    AccountStatus,
    Asset,
    Direction,
    FailureCode,
    LabelledEnum,
    MerchantStatus,
    Money,
    PaymentMethodKind,
    PaymentMethodStatus,
    TransactionKind,
    TransactionStatus,
)

ACTOR_MAX_LENGTH = 150
REASON_MAX_LENGTH = 500


def _values(enum: type[LabelledEnum]) -> list[str]:
    return [member.value for member in enum]


class Account(models.Model):
    """A customer's wallet. Keyed by an opaque ref that other apps store."""

    ref = models.CharField(max_length=40, unique=True)
    holder_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=16, choices=AccountStatus.choices(), default=AccountStatus.ACTIVE
    )
    frozen_at = models.DateTimeField(null=True, blank=True)
    frozen_by = models.CharField(max_length=ACTOR_MAX_LENGTH, blank=True)
    frozen_reason = models.CharField(max_length=REASON_MAX_LENGTH, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("sandbox account")
        verbose_name_plural = _("sandbox accounts")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=AccountStatus.ACTIVE, frozen_at__isnull=True)
                | Q(status=AccountStatus.FROZEN, frozen_at__isnull=False),
                name="wallet_account_frozen_at_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return self.ref


class Book(models.Model):
    """One ledger account in one asset: a customer's wallet, or a system book.

    System books (no owner) stand for the outside world: card and bank rails, a blockchain, a
    merchant's settlement account. They go negative as money flows in from outside, which is
    what keeps the sum over all books at exactly zero.
    """

    owner = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="books"
    )
    code = models.CharField(max_length=80)
    asset = models.CharField(max_length=8, choices=Asset.choices())

    class Meta:
        verbose_name = _("balance book")
        verbose_name_plural = _("balance books")
        constraints = [
            # Two partial indexes because NULL owners never collide in a plain unique index.
            models.UniqueConstraint(
                fields=["owner", "code", "asset"],
                condition=Q(owner__isnull=False),
                name="wallet_book_unique_per_owner",
            ),
            models.UniqueConstraint(
                fields=["code", "asset"],
                condition=Q(owner__isnull=True),
                name="wallet_book_unique_system",
            ),
            models.CheckConstraint(condition=Q(asset__in=_values(Asset)), name="wallet_book_asset"),
        ]

    def __str__(self) -> str:
        owner = self.owner.ref if self.owner is not None else "system"
        return f"{owner}/{self.code}/{self.asset}"


class Posting(models.Model):
    """One journal transaction: entries summing to zero per asset, all written or none."""

    idempotency_key = models.CharField(max_length=200, unique=True)
    memo = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.idempotency_key


class Entry(models.Model):
    posting = models.ForeignKey(Posting, on_delete=models.PROTECT, related_name="entries")
    book = models.ForeignKey(Book, on_delete=models.PROTECT, related_name="entries")
    amount_minor = models.BigIntegerField(help_text=_("Signed: positive credits the book."))

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        constraints = [
            models.CheckConstraint(condition=~Q(amount_minor=0), name="wallet_entry_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.book_id}: {self.amount_minor:+d}"


class IssuerBehaviour(models.TextChoices):
    """Sandbox knob: how the simulated issuer answers pulls from this payment method."""

    OK = "ok", _("Approves")
    DECLINE = "decline", _("Declines")
    INSUFFICIENT_FUNDS = "insufficient_funds", _("Reports insufficient funds")
    TIMEOUT = "timeout", _("Does not answer")


class PaymentMethod(models.Model):
    """A linked card or bank account. The full number is never stored, only its last four."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="payment_methods")
    ref = models.CharField(max_length=40, unique=True)
    kind = models.CharField(max_length=16, choices=PaymentMethodKind.choices())
    issuer = models.CharField(max_length=100)
    last4 = models.CharField(max_length=4)
    expiry_month = models.PositiveSmallIntegerField(null=True, blank=True)
    expiry_year = models.PositiveSmallIntegerField(null=True, blank=True)
    status = models.CharField(
        max_length=16, choices=PaymentMethodStatus.choices(), default=PaymentMethodStatus.ACTIVE
    )
    issuer_behaviour = models.CharField(
        max_length=24, choices=IssuerBehaviour.choices, default=IssuerBehaviour.OK
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("payment method")
        verbose_name_plural = _("payment methods")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expiry_month__isnull=True, expiry_year__isnull=True)
                | Q(expiry_month__gte=1, expiry_month__lte=12, expiry_year__isnull=False),
                name="wallet_payment_method_expiry",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=_values(PaymentMethodKind)), name="wallet_payment_method_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ref} ({self.issuer} {self.last4})"

    def is_expired(self, today: date) -> bool:
        """Cards are valid through the last day of their expiry month."""
        if self.status == PaymentMethodStatus.EXPIRED:
            return True
        if self.expiry_year is None or self.expiry_month is None:
            return False
        return (self.expiry_year, self.expiry_month) < (today.year, today.month)


class Merchant(models.Model):
    ref = models.CharField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    category = models.CharField(max_length=60, blank=True)
    status = models.CharField(
        max_length=16, choices=MerchantStatus.choices(), default=MerchantStatus.OPERATIONAL
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("merchant")
        verbose_name_plural = _("merchants")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Transaction(models.Model):
    """What the customer did or received, whatever happened to it, as they would describe it."""

    ref = models.CharField(max_length=40, unique=True)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="transactions")
    kind = models.CharField(max_length=24, choices=TransactionKind.choices())
    status = models.CharField(max_length=16, choices=TransactionStatus.choices())
    asset = models.CharField(max_length=8, choices=Asset.choices())
    amount_minor = models.BigIntegerField()
    direction = models.CharField(max_length=3, choices=Direction.choices())
    failure_code = models.CharField(
        max_length=32, choices=FailureCode.choices(), blank=True, default=""
    )
    payment_method = models.ForeignKey(
        PaymentMethod, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    merchant = models.ForeignKey(
        Merchant, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The other wallet of a transfer; both sides get their own Transaction row.
    counterparty_account = models.ForeignKey(
        Account, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The payment a refund gives back.
    original = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups"
    )
    counterparty = models.CharField(max_length=200, blank=True)
    description = models.CharField(max_length=500, blank=True)
    idempotency_key = models.CharField(max_length=200)
    request_fingerprint = models.CharField(max_length=64)
    reversal_key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(default=clock.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    network = models.CharField(max_length=32, blank=True)
    tx_hash = models.CharField(max_length=128, blank=True)
    confirmations = models.PositiveIntegerField(default=0)
    required_confirmations = models.PositiveIntegerField(default=0)
    address = models.CharField(max_length=128, blank=True)
    memo = models.CharField(max_length=64, blank=True)
    # A deposit: the network its address listens on, and whether that address needs a memo/tag
    # (so the diagnosis can say "sent on ethereum, the address is on tron" after the fact).
    expected_network = models.CharField(max_length=32, blank=True)
    memo_required = models.BooleanField(default=False)
    postings = models.ManyToManyField(Posting, blank=True, related_name="transactions")

    class Meta:
        verbose_name = _("transaction")
        verbose_name_plural = _("transactions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"], name="wallet_tx_account_time")]
        constraints = [
            models.UniqueConstraint(
                fields=["account", "idempotency_key"], name="wallet_tx_key_unique_per_account"
            ),
            # One on-chain transfer can be credited once, whatever key the caller used.
            models.UniqueConstraint(
                fields=["network", "tx_hash"],
                condition=Q(kind=TransactionKind.CRYPTO_DEPOSIT),
                name="wallet_tx_deposit_hash_unique",
            ),
            models.CheckConstraint(
                condition=Q(amount_minor__gt=0), name="wallet_tx_amount_positive"
            ),
            models.CheckConstraint(
                condition=Q(status__in=_values(TransactionStatus)), name="wallet_tx_status"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=_values(TransactionKind)), name="wallet_tx_kind"
            ),
            models.CheckConstraint(condition=Q(asset__in=_values(Asset)), name="wallet_tx_asset"),
            models.CheckConstraint(
                condition=Q(direction__in=_values(Direction)), name="wallet_tx_direction"
            ),
            models.CheckConstraint(
                condition=Q(failure_code__in=["", *_values(FailureCode)]),
                name="wallet_tx_failure_code",
            ),
            models.CheckConstraint(
                condition=Q(status=TransactionStatus.PENDING, completed_at__isnull=True)
                | (~Q(status=TransactionStatus.PENDING) & Q(completed_at__isnull=False)),
                name="wallet_tx_completed_unless_pending",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[TransactionStatus.SUCCEEDED, TransactionStatus.REVERSED])
                | Q(failure_code=""),
                name="wallet_tx_success_has_no_failure",
            ),
        ]

    def __str__(self) -> str:
        return self.ref

    @property
    def money(self) -> Money:
        return Money(self.amount_minor, Asset(self.asset))


class DepositAddress(models.Model):
    """Where an account receives one digital asset on one network.

    Networks that share one address among many customers (exchanges' tag/memo style) tell the
    customers apart by `memo`; it is blank where the network needs none.
    """

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="deposit_addresses")
    asset = models.CharField(max_length=8, choices=Asset.choices())
    network = models.CharField(max_length=32)
    address = models.CharField(max_length=128)
    memo = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        verbose_name = _("deposit address")
        verbose_name_plural = _("deposit addresses")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["network", "address", "memo"], name="wallet_deposit_address_unique"
            ),
            models.CheckConstraint(
                condition=Q(asset__in=_values(Asset)), name="wallet_deposit_address_asset"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.network}:{self.address}"
