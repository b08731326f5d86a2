"""The sandbox wallet in Django admin: for looking, not for moving money.

The ledger (books, postings, entries) and transactions are read-only: money moves only through
the rails, which keep the books balanced and idempotent. Merchants and payment methods stay
editable because their status and issuer behaviour are the sandbox's knobs for staging
failures. Freezing goes through the gateway (and the product's audit log), not through here.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from walletdesk.wallet.sandbox.models import (
    Account,
    Book,
    Entry,
    Merchant,
    PaymentMethod,
    Posting,
    Transaction,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # django-stubs generic, not subscriptable at run time
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EntryInline(admin.TabularInline):  # type: ignore[type-arg]  # django-stubs generic, not subscriptable at run time
    model = Entry
    fields = ["book", "amount_minor"]
    readonly_fields = ["book", "amount_minor"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["ref", "holder_name", "status", "frozen_at", "created_at"]
    list_filter = ["status"]
    search_fields = ["ref", "holder_name"]


@admin.register(Book)
class BookAdmin(ReadOnlyAdmin):
    list_display = ["id", "owner", "code", "asset"]
    list_filter = ["asset", "code"]
    list_select_related = ["owner"]
    search_fields = ["owner__ref", "code"]


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["idempotency_key", "memo", "created_at"]
    search_fields = ["idempotency_key"]
    inlines = [EntryInline]


@admin.register(Entry)
class EntryAdmin(ReadOnlyAdmin):
    list_display = ["id", "posting", "book", "amount_minor"]
    list_select_related = ["posting", "book", "book__owner"]
    search_fields = ["posting__idempotency_key", "book__owner__ref"]


@admin.register(PaymentMethod)
class PaymentMethodAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # django-stubs generic, not subscriptable at run time
    list_display = ["ref", "account", "kind", "issuer", "last4", "status", "issuer_behaviour"]
    list_filter = ["kind", "status", "issuer_behaviour"]
    list_select_related = ["account"]
    search_fields = ["ref", "account__ref", "issuer"]
    fields = [
        "ref",
        "account",
        "kind",
        "issuer",
        "last4",
        "expiry_month",
        "expiry_year",
        "status",
        "issuer_behaviour",
        "created_at",
    ]
    readonly_fields = ["ref", "account", "kind", "issuer", "last4", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # linked through the seeding helpers, which validate the last four digits

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Merchant)
class MerchantAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # django-stubs generic, not subscriptable at run time
    list_display = ["ref", "name", "category", "status"]
    list_filter = ["status", "category"]
    search_fields = ["ref", "name"]
    readonly_fields = ["ref", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # added through the seeding helpers, which mint the ref

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Transaction)
class TransactionAdmin(ReadOnlyAdmin):
    list_display = [
        "ref",
        "account",
        "kind",
        "status",
        "failure_code",
        "asset",
        "amount_minor",
        "direction",
        "created_at",
    ]
    list_filter = ["kind", "status", "failure_code", "asset"]
    list_select_related = ["account"]
    search_fields = ["ref", "account__ref", "tx_hash", "idempotency_key"]
    date_hierarchy = "created_at"
