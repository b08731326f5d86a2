"""The admin lists tokens and revokes them; it never shows or makes keys."""

from __future__ import annotations

from django.test import Client

from walletdesk.api.models import ApiToken
from walletdesk.api.services import api_token_create
from walletdesk.identity.models import Role


def test_admin_lists_and_revokes(make_user):
    admin = make_user(Role.ADMIN, ())
    token, key = api_token_create(user=admin, name="crm")
    client = Client()
    client.force_login(admin)
    listing = client.get("/admin/api/apitoken/")
    assert listing.status_code == 200
    assert token.prefix in listing.content.decode()
    assert key not in listing.content.decode()
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    response = client.post(
        "/admin/api/apitoken/",
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert ApiToken.objects.count() == 1
