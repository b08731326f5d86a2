"""People: console users (agents and their teams) and customers (wallet users).

The two never mix: a customer row can never sign in to the console, a console user never to the
portal. Both hash passwords with Argon2 (settings.PASSWORD_HASHERS).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.vocab import Language

__all__ = ["Customer", "Language", "Role", "Team", "TeamCode", "User"]


class Role(models.TextChoices):
    AGENT = "agent", _("Agent")
    SPECIALIST = "specialist", _("Specialist")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class TeamCode(models.TextChoices):
    FRONTLINE = "frontline", _("Frontline")
    PAYMENTS = "payments", _("Payments")
    SECURITY = "security", _("Security")
    TECHNICAL = "technical", _("Technical")
    MANAGEMENT = "management", _("Management")


class Team(models.Model):
    code = models.CharField(max_length=32, choices=TeamCode.choices, unique=True)

    class Meta:
        verbose_name = _("team")
        verbose_name_plural = _("teams")
        ordering = ["code"]

    def __str__(self) -> str:
        return str(TeamCode(self.code).label)


class User(AbstractUser):
    """A console user: agent, specialist, supervisor or admin."""

    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    teams = models.ManyToManyField(Team, blank=True, related_name="members")
    language = models.CharField(max_length=8, choices=Language.choices, default=Language.ZH_HANS)
    # Raised by identity.sessions.sessions_revoke: ends every session, socket and API token.
    session_epoch = models.PositiveIntegerField(default=0, editable=False)

    def get_session_auth_hash(self) -> str:
        """Changes with the password and with the session epoch (see sessions_revoke)."""
        return _auth_hash(_CONSOLE_SALT, self.password, self.session_epoch)

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for secret in settings.SECRET_KEY_FALLBACKS:
            yield _auth_hash(_CONSOLE_SALT, self.password, self.session_epoch, secret=secret)

    class Meta:
        verbose_name = _("console user")
        verbose_name_plural = _("console users")

    @property
    def sees_everything(self) -> bool:
        """Supervisors and admins see every ticket and customer."""
        return self.role in {Role.SUPERVISOR, Role.ADMIN} or self.is_superuser

    def get_full_name(self) -> str:
        """Chinese names read family name first, with no space; others given name first."""
        first, last = self.first_name.strip(), self.last_name.strip()
        if _is_cjk(first + last):
            return f"{last}{first}"
        return f"{first} {last}".strip()

    def __str__(self) -> str:
        return self.get_full_name() or self.username


_CONSOLE_SALT = "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash"
_PORTAL_SALT = "walletdesk.portal"


def _auth_hash(salt: str, password: str, epoch: int, *, secret: str | bytes | None = None) -> str:
    # Epoch 0 hashes the password alone, as before epochs existed: no one is signed out by
    # the upgrade itself.
    value = password if epoch == 0 else f"{password}\x1f{epoch}"
    return salted_hmac(salt, value, secret=secret, algorithm="sha256").hexdigest()


def _is_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _customer_ref() -> str:
    return "cus_" + secrets.token_hex(8)


class Customer(models.Model):
    """A wallet user. Signs in to the portal with email or phone and a password."""

    ref = models.CharField(max_length=32, unique=True, default=_customer_ref, editable=False)
    # NULL, not "", when absent: uniqueness applies only to addresses that exist.
    email = models.EmailField(null=True, blank=True)  # noqa: DJ001
    phone = models.CharField(  # noqa: DJ001 - NULL when absent, as for email
        max_length=20, null=True, blank=True, help_text=_("E.164, e.g. +8613800138000")
    )
    display_name = models.CharField(max_length=100)
    preferred_language = models.CharField(
        max_length=8, choices=Language.choices, default=Language.ZH_HANS
    )
    password = models.CharField(max_length=255, blank=True)
    wallet_account_ref = models.CharField(max_length=64, blank=True, db_index=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=clock.now)
    last_login = models.DateTimeField(null=True, blank=True)
    session_epoch = models.PositiveIntegerField(default=0, editable=False)
    password_changed_at = models.DateTimeField(null=True, blank=True, editable=False)
    # What the wallet's own identity check (KYC) knows, so a password can be refused for holding
    # it. Only the last digits of the ID number are kept.
    birth_date = models.DateField(null=True, blank=True)
    id_number_suffix = models.CharField(
        max_length=6, blank=True, help_text=_("The last digits of the ID document number.")
    )

    class Meta:
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["email"], condition=Q(email__isnull=False), name="customer_email_unique"
            ),
            models.UniqueConstraint(
                fields=["phone"], condition=Q(phone__isnull=False), name="customer_phone_unique"
            ),
            models.CheckConstraint(
                condition=Q(email__isnull=False) | Q(phone__isnull=False),
                name="customer_has_contact",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def set_password(self, raw_password: str | None) -> None:
        self.password = make_password(raw_password)

    def check_password(self, raw_password: str) -> bool:
        def upgrade(raw: str) -> None:
            self.set_password(raw)
            self.save(update_fields=["password"])

        return check_password(raw_password, self.password, upgrade)

    @property
    def session_auth_hash(self) -> str:
        """Changes with the password and with the session epoch, so older portal sessions stop
        working (identity.sessions.sessions_revoke)."""
        return _auth_hash(_PORTAL_SALT, self.password, self.session_epoch)
