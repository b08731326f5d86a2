from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm

from walletdesk.identity.models import Customer, Team, User
from walletdesk.identity.sessions import sessions_revoke


class PasswordChangeForm(AdminPasswordChangeForm):  # type: ignore[type-arg]  # stubs: generic
    """Django's form (it runs every password validator), and a changed password ends the
    user's other sessions, sockets and API tokens. The admin then keeps its own session."""

    def save(self, commit: bool = True) -> User:
        user: User = super().save(commit=commit)
        if commit:
            sessions_revoke(user=user, reason="password_changed_in_admin")
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]  # django-stubs: UserAdmin is generic
    change_password_form = PasswordChangeForm
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
