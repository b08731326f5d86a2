"""Setting up the sandbox world: accounts, linked payment methods, merchants, and the knobs that
make the simulated issuers and merchants misbehave on purpose.

Timestamps come from `walletdesk.core.clock`; wrap calls in `clock.frozen_at(moment)` to seed a
history at chosen times. Refs may be given (stable demo data) or are generated.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable

from django.db import transaction

from walletdesk.core import clock
from walletdesk.wallet.contracts import (
    AccountInfo,
    Asset,
    MerchantInfo,
    MerchantStatus,
    PaymentMethodInfo,
    PaymentMethodKind,
    PaymentMethodStatus,
)
from walletdesk.wallet.errors import InvalidWalletRequest, PaymentMethodNotFound
from walletdesk.wallet.sandbox import convert, ledger, policy, records
from walletdesk.wallet.sandbox.models import (
    Account,
    DepositAddress,
    IssuerBehaviour,
    Merchant,
    PaymentMethod,
)

_REF_BODY = re.compile(r"[A-Za-z0-9_]{1,36}")


def open_account(
    holder_name: str, *, ref: str | None = None, assets: Iterable[Asset] = (Asset.CNY,)
) -> AccountInfo:
    """A new active wallet holding a zero balance of each of `assets`."""
    ref = _ref("wal_", ref)
    with transaction.atomic():
        if Account.objects.filter(ref=ref).exists():
            raise InvalidWalletRequest(f"The account ref {ref} is taken.")
        account = Account.objects.create(ref=ref, holder_name=holder_name, created_at=clock.now())
        for asset in assets:
            ledger.customer_book(account, Asset(asset))
    return convert.account_info(account)


def add_payment_method(
    account_ref: str,
    *,
    kind: PaymentMethodKind,
    issuer: str,
    last4: str,
    expiry_month: int | None = None,
    expiry_year: int | None = None,
    status: PaymentMethodStatus = PaymentMethodStatus.ACTIVE,
    issuer_behaviour: IssuerBehaviour = IssuerBehaviour.OK,
    ref: str | None = None,
) -> PaymentMethodInfo:
    """Link a card (with expiry) or a bank account (without). Takes the last four digits only:
    the sandbox never sees a full number, so it can never leak one."""
    if not re.fullmatch(r"[0-9]{4}", last4):
        raise InvalidWalletRequest("last4 must be exactly four digits.")
    is_card = PaymentMethodKind(kind) != PaymentMethodKind.BANK_ACCOUNT
    has_expiry = expiry_month is not None and expiry_year is not None
    if is_card != has_expiry or (has_expiry and not 1 <= (expiry_month or 0) <= 12):
        raise InvalidWalletRequest(
            "Cards need an expiry month (1-12) and year; bank accounts none."
        )
    ref = _ref("pm_", ref)
    with transaction.atomic():
        account = records.lock_account(account_ref)
        if PaymentMethod.objects.filter(ref=ref).exists():
            raise InvalidWalletRequest(f"The payment method ref {ref} is taken.")
        method = PaymentMethod.objects.create(
            account=account,
            ref=ref,
            kind=kind,
            issuer=issuer,
            last4=last4,
            expiry_month=expiry_month,
            expiry_year=expiry_year,
            status=status,
            issuer_behaviour=issuer_behaviour,
            created_at=clock.now(),
        )
    return convert.payment_method_info(method, today=records.today())


def configure_payment_method(
    payment_method_ref: str,
    *,
    status: PaymentMethodStatus | None = None,
    issuer_behaviour: IssuerBehaviour | None = None,
) -> PaymentMethodInfo:
    """Turn a payment method's knobs: block it, expire it, make its issuer decline or time out."""
    try:
        method = PaymentMethod.objects.get(ref=payment_method_ref)
    except PaymentMethod.DoesNotExist as exc:
        raise PaymentMethodNotFound() from exc
    if status is not None:
        method.status = status
    if issuer_behaviour is not None:
        method.issuer_behaviour = issuer_behaviour
    method.save(update_fields=["status", "issuer_behaviour"])
    return convert.payment_method_info(method, today=records.today())


def add_merchant(
    name: str,
    *,
    category: str = "",
    status: MerchantStatus = MerchantStatus.OPERATIONAL,
    ref: str | None = None,
) -> MerchantInfo:
    ref = _ref("mch_", ref)
    if Merchant.objects.filter(ref=ref).exists():
        raise InvalidWalletRequest(f"The merchant ref {ref} is taken.")
    merchant = Merchant.objects.create(
        ref=ref, name=name, category=category, status=status, created_at=clock.now()
    )
    return convert.merchant_info(merchant)


def set_merchant_status(merchant_ref: str, status: MerchantStatus) -> MerchantInfo:
    """Put a merchant into maintenance or outage (or back): its payments and refunds then fail
    with merchant_unavailable."""
    merchant = records.merchant(merchant_ref)
    merchant.status = status
    merchant.save(update_fields=["status"])
    return convert.merchant_info(merchant)


def add_deposit_address(
    account_ref: str, *, asset: Asset, network: str, address: str, memo: str = ""
) -> str:
    """Give the account an address to receive `asset` on `network`; returns the address.

    A `memo` makes it a shared address that tells customers apart by tag: deposits to it
    without the memo cannot be attributed (missing_memo). The same address with the same memo
    cannot belong to two accounts.
    """
    known = policy.NETWORKS.get(network)
    if known is None or Asset(asset) not in known.assets or not address:
        raise InvalidWalletRequest("This asset is not received on this network.")
    with transaction.atomic():
        account = records.lock_account(account_ref)
        taken = DepositAddress.objects.filter(network=network, address=address, memo=memo)
        if taken.exclude(account=account).exists():
            raise InvalidWalletRequest("This deposit address belongs to another account.")
        DepositAddress.objects.get_or_create(
            account=account,
            network=network,
            address=address,
            memo=memo,
            defaults={"asset": Asset(asset), "created_at": clock.now()},
        )
    return address


def _ref(prefix: str, given: str | None) -> str:
    if given is None:
        return prefix + secrets.token_hex(8)
    if not given.startswith(prefix) or not _REF_BODY.fullmatch(given.removeprefix(prefix)):
        raise InvalidWalletRequest(f"A ref must look like {prefix}abc123 (letters, digits, _).")
    return given
