"""Small words for templates: how long ago, and who on the team wrote a message."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template

from walletdesk.core import clock
from walletdesk.identity.models import User

register = template.Library()

_A_MINUTE = timedelta(minutes=1)


@register.filter
def under_a_minute(moment: datetime | None) -> bool:
    """True for a moment less than a minute ago: "just now" reads better than "0 minutes"."""
    if moment is None:
        return False
    return clock.now() - moment < _A_MINUTE


@register.filter
def team_member_name(user: User | None) -> str:
    """The name a customer sees on a team member's reply: their full name as set in their
    profile, never the sign-in name; "" when the profile has none."""
    if user is None:
        return ""
    return user.get_full_name()
