"""The admin shows conversations and entries read-only; the token digest is never shown."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.conftest import PASSWORD
from walletdesk.chat.services import customer_say
from walletdesk.identity.models import Role

pytestmark = pytest.mark.django_db


def test_conversations_and_entries_are_read_only_in_the_admin(make_user, visitor_chat):
    admin = make_user(Role.ADMIN, ("management",))
    conversation = visitor_chat(problem_type="fees_limits")
    customer_say(conversation=conversation, text="hello there", client_id="m1")
    entry = conversation.entries.get(client_id="m1")
    client = Client()
    assert client.login(username=admin.username, password=PASSWORD)
    page = client.get(f"/admin/chat/conversation/{conversation.pk}/change/")
    assert page.status_code == 200
    assert "hello there" in page.content.decode()
    assert conversation.token_digest not in page.content.decode()
    assert client.get("/admin/chat/entry/add/").status_code == 403
    edit = client.post(f"/admin/chat/entry/{entry.pk}/change/", {"text": "changed"})
    assert edit.status_code == 403
    entry.refresh_from_db()
    assert entry.text == "hello there"
    assert client.post(f"/admin/chat/entry/{entry.pk}/delete/", {"post": "yes"}).status_code == 403
