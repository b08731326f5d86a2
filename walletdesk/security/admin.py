"""The security team's view of lost-device recoveries: read-only, with one action, cancel."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from walletdesk.security.contracts import Client
from walletdesk.security.lostdevice import recovery_cancel
from walletdesk.security.models import LostDeviceRecovery


@admin.register(LostDeviceRecovery)
class LostDeviceRecoveryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("id", "customer", "state", "started_at", "completes_at", "finished_by")
    list_filter = ("state",)
    fields = ("customer", "state", "started_at", "completes_at", "finished_at", "finished_by")
    readonly_fields = fields
    actions = ("cancel_recoveries",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    @admin.action(description=_("Cancel the selected recoveries"))
    def cancel_recoveries(
        self, request: HttpRequest, queryset: QuerySet[LostDeviceRecovery]
    ) -> None:
        actor = f"user:{request.user.pk}"
        done = sum(
            recovery_cancel(recovery=recovery, client=Client(), actor=actor)
            for recovery in queryset.select_related("customer")
        )
        self.message_user(
            request,
            ngettext("%(n)d recovery cancelled.", "%(n)d recoveries cancelled.", done)
            % {"n": done},
            messages.SUCCESS,
        )
