"""A customer and the wallet behind them, as a console user may see it."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from walletdesk.core.masking import card_tail, mask_email, mask_phone
from walletdesk.identity.models import Customer, Language
from walletdesk.wallet.contracts import (
    AccountStatus,
    Asset,
    Direction,
    FailureCode,
    Money,
    PaymentMethodInfo,
    PaymentMethodKind,
    PaymentMethodStatus,
    TransactionKind,
    TransactionStatus,
)


def _values(enum: Any) -> list[str]:
    return [member.value for member in enum]


class MoneySerializer(serializers.Serializer[Money]):
    asset = serializers.ChoiceField(choices=_values(Asset))
    amount_minor = serializers.IntegerField(help_text=_("In the asset's smallest unit."))
    amount = serializers.SerializerMethodField(help_text=_('Exact decimal, e.g. "123.45".'))

    def get_amount(self, money: Money) -> str:
        return format(money.decimal, "f")


class AccountSerializer(serializers.Serializer[Any]):
    ref = serializers.CharField()
    holder_name = serializers.CharField()
    status = serializers.ChoiceField(choices=_values(AccountStatus))
    created_at = serializers.DateTimeField()
    frozen_at = serializers.DateTimeField(allow_null=True)
    frozen_by = serializers.CharField()
    frozen_reason = serializers.CharField()


class PaymentMethodSerializer(serializers.Serializer[Any]):
    ref = serializers.CharField()
    kind = serializers.ChoiceField(choices=_values(PaymentMethodKind))
    issuer = serializers.CharField()
    masked_number = serializers.SerializerMethodField(help_text=_("Only the last four digits."))
    expiry_month = serializers.IntegerField(allow_null=True)
    expiry_year = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(choices=_values(PaymentMethodStatus))

    def get_masked_number(self, method: PaymentMethodInfo) -> str:
        return card_tail(method.masked_number)


class CryptoDetailsSerializer(serializers.Serializer[Any]):
    network = serializers.CharField()
    tx_hash = serializers.CharField()
    confirmations = serializers.IntegerField()
    required_confirmations = serializers.IntegerField()
    address = serializers.CharField()
    memo = serializers.CharField()


class TransactionSerializer(serializers.Serializer[Any]):
    ref = serializers.CharField()
    kind = serializers.ChoiceField(choices=_values(TransactionKind))
    status = serializers.ChoiceField(choices=_values(TransactionStatus))
    amount = MoneySerializer()
    direction = serializers.ChoiceField(choices=_values(Direction))
    created_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    failure_code = serializers.ChoiceField(choices=_values(FailureCode), allow_null=True)
    payment_method_ref = serializers.CharField(allow_null=True)
    merchant_ref = serializers.CharField(allow_null=True)
    counterparty = serializers.CharField()
    description = serializers.CharField()
    crypto = CryptoDetailsSerializer(allow_null=True)


class WalletSerializer(serializers.Serializer[Any]):
    account = AccountSerializer()
    balances = MoneySerializer(many=True)
    payment_methods = PaymentMethodSerializer(many=True)
    recent_transactions = TransactionSerializer(many=True)


class CustomerSerializer(serializers.Serializer[Customer]):
    id = serializers.IntegerField()
    ref = serializers.CharField()
    display_name = serializers.CharField()
    email = serializers.SerializerMethodField(help_text=_("Partly masked."))
    phone = serializers.SerializerMethodField(help_text=_("Partly masked."))
    language = serializers.ChoiceField(choices=Language.choices, source="preferred_language")
    created_at = serializers.DateTimeField()
    wallet = serializers.SerializerMethodField(
        help_text=_("The wallet account, or null when no wallet is linked.")
    )

    def get_email(self, customer: Customer) -> str | None:
        return mask_email(customer.email) if customer.email else None

    def get_phone(self, customer: Customer) -> str | None:
        return mask_phone(customer.phone) if customer.phone else None

    @extend_schema_field(WalletSerializer(allow_null=True))
    def get_wallet(self, customer: Customer) -> dict[str, Any] | None:
        summary = self.context.get("wallet")
        return None if summary is None else dict(WalletSerializer(summary).data)
