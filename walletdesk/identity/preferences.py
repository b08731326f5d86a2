"""A customer's own settings, changed by the customer: for now, the language they read in."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from walletdesk.core.errors import ValidationFailed
from walletdesk.identity.models import Customer, Language


def customer_set_language(*, customer: Customer, language: str) -> Customer:
    """Remember the language the customer picked; answers, emails and pages then use it."""
    if language not in Language.values:
        raise ValidationFailed(_("This language is not offered."))
    if customer.preferred_language != language:
        customer.preferred_language = language
        customer.save(update_fields=["preferred_language"])
    return customer
