"""Writes for people: customers and console users."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from walletdesk.core import clock
from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.identifiers import (
    normalise_email,
    normalise_phone,
    normalise_username,
    rate_subject_text,
)
from walletdesk.identity.models import Customer, Language, Role, Team, TeamCode, User
from walletdesk.identity.passwords import password_validate
from walletdesk.identity.sessions import sessions_revoke

# Run once per failed lookup so "no such customer" costs as long as "wrong password".
_DUMMY_HASH = make_password("walletdesk-timing-equaliser")


def customer_lookup(identifier: str) -> Customer | None:
    """Find an active customer by registered email or phone number, however it is spelt."""
    value = unicodedata.normalize("NFKC", identifier).strip()
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
    if password is not None:
        password_validate(password=password, user=customer)
    customer.set_password(password)
    customer.password_changed_at = clock.now() if password is not None else None
    customer.save()
    return customer


@transaction.atomic
def customer_set_password(*, customer: Customer, password: str) -> Customer:
    """A new password: checked like every password, and every older session, socket and API
    token of the customer ends (sign the current one in again with portal_login)."""
    password_validate(password=password, user=customer)
    customer.set_password(password)
    customer.password_changed_at = clock.now()
    customer.save(update_fields=["password", "password_changed_at"])
    sessions_revoke(customer=customer, reason="password_changed")
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
    password_validate(password=password, user=user)
    user.set_password(password)
    user.save()
    user.teams.set(team_ensure(code) for code in teams)
    return user


@transaction.atomic
def console_user_set_password(*, user: User, password: str) -> User:
    """A new password: checked like every password, and every older session, socket and API
    token of the user ends (keep the current one with Django's update_session_auth_hash)."""
    password_validate(password=password, user=user)
    user.set_password(password)
    user.save(update_fields=["password"])
    sessions_revoke(user=user, reason="password_changed")
    return user


def customer_rate_subject(identifier: str) -> str:
    """What sign-in attempts with `identifier` are counted against: the customer it names, so
    their email and phone share one counter, else the identifier in its normal form."""
    customer = customer_lookup(identifier)
    if customer is not None:
        return f"customer:{customer.pk}"
    return rate_subject_text(identifier)


def console_rate_subject(username: str) -> str:
    """What console sign-in attempts are counted against: the username as Django's form reads
    it (NFKC), case-folded, so look-alike spellings share one counter."""
    return "user:" + normalise_username(username)


def team_ensure(code: str) -> Team:
    if code not in TeamCode.values:
        raise ValidationFailed(_("Unknown team."))
    team, _created = Team.objects.get_or_create(code=code)
    return team
