"""The chat in the admin: conversations and their entries read-only (the record), presences
and canned replies editable."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from walletdesk.chat.models import AgentPresence, CannedReply, Conversation, Entry


class ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class EntryInline(admin.TabularInline):  # type: ignore[type-arg]  # generic in the stubs only
    model = Entry
    fields = ("seq", "kind", "author", "text", "created_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Conversation)
class ConversationAdmin(ReadOnly):
    list_display = ("key", "origin", "state", "problem_type", "team", "agent", "created_at")
    list_filter = ("state", "origin", "language", "problem_type")
    search_fields = ("key",)
    exclude = ("token_digest",)
    inlines = [EntryInline]


@admin.register(Entry)
class EntryAdmin(ReadOnly):
    list_display = ("conversation", "seq", "kind", "author", "created_at")
    list_filter = ("kind", "author")


@admin.register(AgentPresence)
class AgentPresenceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ("user", "status", "capacity", "languages", "seen_at")
    list_filter = ("status",)


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]  # generic in the stubs only
    list_display = ("title", "language", "team")
    list_filter = ("language", "team")
    search_fields = ("title", "body")
