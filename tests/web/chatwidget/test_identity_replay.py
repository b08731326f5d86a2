"""The app's identity token opens one chat: the same token sent again (copied from a webview's
history, a log, a shared link) is refused, while a fresh token for the customer still works."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from tests.web.chatwidget.conftest import SECRET, post_start
from walletdesk.chat.identity_token import identity_token_mint
from walletdesk.chat.models import Conversation
from walletdesk.core import clock
from walletdesk.identity.models import Customer

pytestmark = pytest.mark.django_db


def _token(sub: str, seconds: int = 300) -> str:
    return identity_token_mint(secret=SECRET, sub=sub, exp=int(clock.now().timestamp()) + seconds)


def test_an_identity_token_opens_one_chat_only(
    client: Client, make_customer: Callable[..., Customer]
) -> None:
    someone = make_customer(email="once@example.com")
    token = _token(someone.ref)
    assert post_start(client, {"mode": "app", "identity": token}).status_code == 201
    replay = post_start(Client(), {"mode": "app", "identity": token})
    assert replay.status_code == 403
    assert replay.json()["error"]["code"] == "identity_invalid"
    assert Conversation.objects.filter(customer=someone).count() == 1
    fresh = post_start(client, {"mode": "app", "identity": _token(someone.ref, 301)})
    assert fresh.status_code == 201
