"""`{% load approvals %}{% pending_approvals user as count %}`: the console navigation's badge —
how many unfreeze requests wait for this user's decision (none for those who may not give one)."""

from __future__ import annotations

from django import template

from walletdesk.identity.models import User
from walletdesk.security.freeze import may_handle_unfreeze, unfreeze_pending_count

register = template.Library()


@register.simple_tag
def pending_approvals(user: object) -> int:
    if not isinstance(user, User):
        return 0
    return unfreeze_pending_count(user)


@register.simple_tag
def may_approve(user: object) -> bool:
    return isinstance(user, User) and may_handle_unfreeze(user)
