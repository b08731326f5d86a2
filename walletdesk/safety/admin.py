from django.contrib import admin
from django.http import HttpRequest

from walletdesk.safety.models import OfficialChannel, ReportedValue


@admin.register(OfficialChannel)
class OfficialChannelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "value", "label", "service_hours", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("value", "normalized", "label")


@admin.register(ReportedValue)
class ReportedValueAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: reports are decided on the console ticket page, where it is checked and
    audited (and official channels are refused)."""

    list_display = ("value", "kind", "state", "ticket_id", "created_at", "decided_at")
    list_filter = ("state", "kind", "category")
    search_fields = ("value", "normalized")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
