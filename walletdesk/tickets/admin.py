"""Tickets in the Django admin: to look at, never to edit or delete.

Every change to a ticket goes through the console or the API, where the services check
permissions and write the history; an admin form would bypass both.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from walletdesk.tickets.models import (
    Attachment,
    ExternalThread,
    InboundPayload,
    Message,
    Ticket,
    TicketEvent,
)


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


class MessageInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Message
    extra = 0
    fields = ("created_at", "kind", "author_kind", "channel", "body")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Ticket)
class TicketAdmin(ReadOnlyAdmin):
    list_display = ("id", "subject", "channel", "problem_type", "status", "priority", "team")
    list_filter = ("status", "channel", "problem_type", "team", "priority")
    search_fields = ("id", "subject")
    inlines = [MessageInline]


@admin.register(TicketEvent)
class TicketEventAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "field", "old_value", "new_value", "actor_user", "created_at")


@admin.register(ExternalThread)
class ExternalThreadAdmin(ReadOnlyAdmin):
    list_display = ("ticket", "channel", "external_id")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("filename", "content_type", "size", "message", "created_at")
    exclude = ("file",)  # the file is served only by the permission-checked views


@admin.register(InboundPayload)
class InboundPayloadAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Raw deliveries, for an administrator investigating a channel: read-only, and only for
    superusers (model permissions granted to other staff do not open it)."""

    list_display = ("message", "truncated", "created_at")
    readonly_fields = ("message", "content", "truncated", "created_at")

    def has_view_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return bool(request.user.is_active and request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
