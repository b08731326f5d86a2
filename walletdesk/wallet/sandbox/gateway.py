"""`SandboxWalletGateway`: the `WalletGateway` over the sandbox ledger in our own database.

Reads cost a fixed number of queries whatever the history's length (joins, one aggregate for
balances), because the agent console calls `summary` on every ticket it opens.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import QuerySet, Sum
from django.db.models.functions import Coalesce

from walletdesk.core import clock
from walletdesk.wallet.contracts import (
    AccountInfo,
    AccountStatus,
    Asset,
    MerchantInfo,
    Money,
    PaymentMethodInfo,
    TransactionFacts,
    TransactionInfo,
    TransactionKind,
    TransactionStatus,
)
from walletdesk.wallet.errors import (
    AccountNotFound,
    InvalidWalletRequest,
    MerchantNotFound,
    TransactionNotFound,
)
from walletdesk.wallet.gateway import WalletGateway
from walletdesk.wallet.sandbox import convert, facts, ledger, records
from walletdesk.wallet.sandbox.models import (
    ACTOR_MAX_LENGTH,
    REASON_MAX_LENGTH,
    Account,
    Book,
    Merchant,
    PaymentMethod,
    Transaction,
)

MAX_LIST_LIMIT = 500
# find_transactions answers a person's vague memory; more candidates than this helps nobody.
MAX_MATCHES = 50
_ASSET_ORDER = {asset.value: position for position, asset in enumerate(Asset)}


class SandboxWalletGateway(WalletGateway):
    def get_account(self, account_ref: str) -> AccountInfo:
        return convert.account_info(_account(account_ref))

    def list_balances(self, account_ref: str) -> list[Money]:
        account = _account(account_ref)
        books = (
            Book.objects.filter(owner=account, code=ledger.WALLET)
            .annotate(total=Coalesce(Sum("entries__amount_minor"), 0))
            .values_list("asset", "total")
        )
        ordered = sorted(books, key=lambda row: _ASSET_ORDER[row[0]])
        return [Money(total, Asset(asset)) for asset, total in ordered]

    def list_payment_methods(self, account_ref: str) -> list[PaymentMethodInfo]:
        account = _account(account_ref)
        today = records.today()
        return [
            convert.payment_method_info(method, today=today)
            for method in PaymentMethod.objects.filter(account=account).order_by("created_at", "id")
        ]

    def list_transactions(
        self,
        account_ref: str,
        *,
        limit: int = 20,
        status: TransactionStatus | None = None,
        kind: TransactionKind | None = None,
    ) -> list[TransactionInfo]:
        if not 1 <= limit <= MAX_LIST_LIMIT:
            raise InvalidWalletRequest(f"limit must be between 1 and {MAX_LIST_LIMIT}.")
        account = _account(account_ref)
        rows = _transactions().filter(account=account)
        if status is not None:
            rows = rows.filter(status=status)
        if kind is not None:
            rows = rows.filter(kind=kind)
        return [convert.transaction_info(tx) for tx in rows.order_by("-created_at", "-id")[:limit]]

    def get_transaction(self, account_ref: str, transaction_ref: str) -> TransactionInfo:
        tx = _transactions().filter(account__ref=account_ref, ref=transaction_ref).first()
        if tx is None:
            _account(account_ref)  # an unknown account is reported as such
            raise TransactionNotFound()
        return convert.transaction_info(tx)

    def find_transactions(
        self,
        account_ref: str,
        *,
        around: datetime,
        window: timedelta = timedelta(hours=24),
        amount: Money | None = None,
        payment_method_ref: str | None = None,
    ) -> list[TransactionInfo]:
        if around.tzinfo is None or window <= timedelta(0):
            raise InvalidWalletRequest("Give an aware time and a positive window.")
        account = _account(account_ref)
        rows = _transactions().filter(
            account=account, created_at__gte=around - window, created_at__lte=around + window
        )
        if amount is not None:
            rows = rows.filter(asset=amount.asset, amount_minor=amount.amount_minor)
        if payment_method_ref is not None:
            rows = rows.filter(payment_method__ref=payment_method_ref)
        # Closest first; on a tie the newer one, as the customer most likely means that.
        candidates = sorted(rows, key=lambda tx: (abs(tx.created_at - around), -tx.pk))
        return [convert.transaction_info(tx) for tx in candidates[:MAX_MATCHES]]

    def get_merchant(self, merchant_ref: str) -> MerchantInfo:
        try:
            return convert.merchant_info(Merchant.objects.get(ref=merchant_ref))
        except Merchant.DoesNotExist as exc:
            raise MerchantNotFound() from exc

    def diagnose(self, account_ref: str, transaction_ref: str) -> TransactionFacts:
        tx = (
            _transactions()
            .select_related("account")
            .filter(account__ref=account_ref, ref=transaction_ref)
            .first()
        )
        if tx is None:
            _account(account_ref)
            raise TransactionNotFound()
        return facts.transaction_facts(tx)

    def deposit_address_owned(self, account_ref: str, *, network: str, address: str) -> bool:
        account = _account(account_ref)
        return facts.address_owned(account.pk, network=network, address=address)

    def freeze(self, account_ref: str, *, actor: str, reason: str) -> AccountInfo:
        _require_who_and_why(actor, reason)
        with transaction.atomic():
            account = records.lock_account(account_ref)
            if account.status != AccountStatus.FROZEN:
                account.status = AccountStatus.FROZEN
                account.frozen_at = clock.now()
                account.frozen_by = actor
                account.frozen_reason = reason
                account.save(update_fields=["status", "frozen_at", "frozen_by", "frozen_reason"])
        return convert.account_info(account)

    def unfreeze(self, account_ref: str, *, actor: str, reason: str) -> AccountInfo:
        """Who unfroze and why is the caller's audit log to keep; the wallet only records
        the current freeze."""
        _require_who_and_why(actor, reason)
        with transaction.atomic():
            account = records.lock_account(account_ref)
            if account.status != AccountStatus.ACTIVE:
                account.status = AccountStatus.ACTIVE
                account.frozen_at = None
                account.frozen_by = ""
                account.frozen_reason = ""
                account.save(update_fields=["status", "frozen_at", "frozen_by", "frozen_reason"])
        return convert.account_info(account)


def _account(ref: str) -> Account:
    try:
        return Account.objects.get(ref=ref)
    except Account.DoesNotExist as exc:
        raise AccountNotFound() from exc


def _transactions() -> QuerySet[Transaction]:
    return Transaction.objects.select_related("payment_method", "merchant")


def _require_who_and_why(actor: str, reason: str) -> None:
    if not actor.strip() or not reason.strip():
        raise InvalidWalletRequest("Say who is acting and why.")
    if len(actor) > ACTOR_MAX_LENGTH or len(reason) > REASON_MAX_LENGTH:
        raise InvalidWalletRequest(
            f"Keep the actor under {ACTOR_MAX_LENGTH} and the reason under "
            f"{REASON_MAX_LENGTH} characters."
        )
