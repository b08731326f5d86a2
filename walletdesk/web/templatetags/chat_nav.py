"""`{% load chat_nav %}{% chats_waiting user as count %}`: the console navigation's chat badge —
how many chats wait in the queues this user may take from."""

from __future__ import annotations

from django import template

from walletdesk.identity.models import User
from walletdesk.web.console.chat_page import waiting_count

register = template.Library()


@register.simple_tag
def chats_waiting(user: object) -> int:
    if not isinstance(user, User):
        return 0
    return waiting_count(user=user)
