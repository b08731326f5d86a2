"""Writes for people: customers and console users."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.models import Customer, Language, Role, Team, TeamCode, User

_PHONE_SEPARATORS = re.compile(r"[\s\-().]")
# Run once per failed lookup so "no such customer" costs as long as "wrong password".
_DUMMY_HASH = make_password("walletdesk-timing-equaliser")


def normalise_phone(raw: str) -> str:
    """Reduce a phone number to E.164. Bare 11-digit mainland mobiles get +86."""
    digits = _PHONE_SEPARATORS.sub("", raw.strip())
    if digits.startswith("00"):
        digits = "+" + digits[2:]
    if re.fullmatch(r"1\d{10}", digits):
        digits = "+86" + digits
    if not re.fullmatch(r"\+\d{7,15}", digits):
        raise ValidationFailed(
            _("Enter a phone number in international form, e.g. +86 138 0013 8000.")
        )
    return digits


def normalise_email(raw: str) -> str:
    value = raw.strip()
    local, _sep, domain = value.rpartition("@")
    if not local or not domain or "." not in domain:
        raise ValidationFailed(_("Enter a valid email address."))
    return f"{local}@{domain.lower()}"


def customer_lookup(identifier: str) -> Customer | None:
    """Find an active customer by registered email or phone number."""
    value = identifier.strip()
    if not value:
        return None
    try:
        if "@" in value:
            return Customer.objects.filter(
                email__iexact=normalise_email(value), is_active=True
            ).first()
        return Customer.objects.filter(phone=normalise_phone(value), is_active=True).first()
    except ValidationFailed:
        return None


def customer_authenticate(*, identifier: str, password: str) -> Customer | None:
    customer = customer_lookup(identifier)
    if customer is None:
        Customer(password=_DUMMY_HASH).check_password(password)
        return None
    if not customer.check_password(password):
        return None
    customer.last_login = clock.now()
    customer.save(update_fields=["last_login"])
    return customer


@transaction.atomic
def customer_create(
    *,
    display_name: str,
    email: str | None = None,
    phone: str | None = None,
    password: str | None = None,
    language: str = Language.ZH_HANS,
    wallet_account_ref: str = "",
) -> Customer:
    if not email and not phone:
        raise ValidationFailed(_("A customer needs an email address or a phone number."))
    customer = Customer(
        display_name=display_name.strip(),
        email=normalise_email(email) if email else None,
        phone=normalise_phone(phone) if phone else None,
        preferred_language=language,
        wallet_account_ref=wallet_account_ref,
    )
    customer.set_password(password)
    customer.save()
    return customer


@transaction.atomic
def console_user_create(
    *,
    username: str,
    password: str,
    role: str,
    teams: Iterable[str] = (),
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    language: str = Language.ZH_HANS,
) -> User:
    if role not in Role.values:
        raise ValidationFailed(_("Unknown role."))
    user = User(
        username=username,
        role=role,
        first_name=first_name,
        last_name=last_name,
        email=email,
        language=language,
        is_staff=role == Role.ADMIN,
        is_superuser=role == Role.ADMIN,
    )
    user.set_password(password)
    user.save()
    user.teams.set(team_ensure(code) for code in teams)
    return user


def team_ensure(code: str) -> Team:
    if code not in TeamCode.values:
        raise ValidationFailed(_("Unknown team."))
    team, _created = Team.objects.get_or_create(code=code)
    return team
