from __future__ import annotations

import pytest
from django.test import Client

from walletdesk.web.security import POLICY

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/login/", "/console/login/", "/api/v1/tickets/"])
def test_pages_carry_the_content_security_policy(client: Client, path: str):
    response = client.get(path)
    policy = response["Content-Security-Policy"]
    assert policy == POLICY
    assert "script-src 'self'" in policy
    assert "'unsafe-eval'" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_response_with_its_own_policy_keeps_it(client: Client, supervisor, make_ticket):
    from walletdesk.tickets.attachments import Upload

    ticket = make_ticket(uploads=[Upload("a.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8)])
    attachment = ticket.messages.get().attachments.get()
    client.force_login(supervisor)
    response = client.get(f"/console/attachments/{attachment.pk}/")
    response.close()  # a FileResponse holds the file open until closed
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
