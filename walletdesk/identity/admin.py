from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from walletdesk.identity.models import Customer, Team, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]  # django-stubs: UserAdmin is generic
    list_display = ("username", "first_name", "last_name", "role", "is_active")
    list_filter = ("role", "teams", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("WalletDesk", {"fields": ("role", "teams", "language")}),
    )


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code",)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("ref", "display_name", "email", "phone", "preferred_language", "is_active")
    search_fields = ("ref", "email", "phone", "display_name")
    exclude = ("password",)
    readonly_fields = ("ref", "created_at", "last_login")
