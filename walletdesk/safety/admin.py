from django.contrib import admin

from walletdesk.safety.models import OfficialChannel


@admin.register(OfficialChannel)
class OfficialChannelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("kind", "value", "label", "service_hours", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("value", "normalized", "label")
