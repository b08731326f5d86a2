"""The outbox for admins: every outbound message, filtered by state and channel. Rows are
written by the outbox's services only; an admin may send a failed one again."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from walletdesk.outbox.models import OutboundMessage
from walletdesk.outbox.services import outbound_retry


@admin.register(OutboundMessage)
class OutboundMessageAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "id",
        "channel",
        "state",
        "attempts",
        "next_attempt_at",
        "sent_at",
        "error_code",
        "source_message_id",
        "created_at",
    )
    list_filter = ("state", "channel", "error_code")
    search_fields = ("=id", "=source_message_id", "=provider_message_id")
    date_hierarchy = "created_at"
    actions = ["retry_now"]
    readonly_fields = [
        field.name if field.name != "body" else "text"
        for field in OutboundMessage._meta.fields
        if field.name != "claim_token"
    ]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # the record of what was sent to whom

    @admin.display(description=_("body"))
    def text(self, obj: OutboundMessage) -> str:
        if obj.sensitive:
            return str(_("(holds a one-time code: not shown)"))
        return obj.body

    @admin.action(description=_("Send the selected failed messages again"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[OutboundMessage]) -> None:
        count = outbound_retry(outbound_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext(
                "%(count)d message will be sent again.",
                "%(count)d messages will be sent again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
