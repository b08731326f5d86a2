"""sessions_revoke ends every portal and console session, every API token and every socket of a
person; a password change goes through it."""

from __future__ import annotations

from typing import Any

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.test import Client
from django.urls import reverse

from tests.conftest import PASSWORD
from walletdesk.api.services import api_token_create
from walletdesk.identity.models import Customer, User
from walletdesk.identity.services import console_user_set_password, customer_set_password
from walletdesk.identity.sessions import sessions_revoke

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "lantern-orchard-quietly-71"


def _portal_client(customer: Customer) -> Client:
    client = Client()
    response = client.post(
        reverse("portal:login"), {"identifier": customer.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("portal:tickets")).status_code == 200
    return client


def _console_client(user: User) -> Client:
    client = Client()
    response = client.post(
        reverse("console:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.get(reverse("console:inbox")).status_code == 200
    return client


def _api_client(user: User) -> Client:
    client = Client(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='t')[1]}")
    assert client.get("/api/v1/tickets/").status_code == 200
    return client


def _signed_out_of_portal(client: Client) -> bool:
    response = client.get(reverse("portal:tickets"))
    return response.status_code == 302 and reverse("portal:login") in response["Location"]


def _signed_out_of_console(client: Client) -> bool:
    response = client.get(reverse("console:inbox"))
    return response.status_code == 302 and reverse("console:login") in response["Location"]


class _Listener:
    """A channel in a group, as an open socket of that person would be."""

    def __init__(self, group: str) -> None:
        self.layer = get_channel_layer()
        async_to_sync(self.layer.flush)()
        self.channel = async_to_sync(self.layer.new_channel)()
        async_to_sync(self.layer.group_add)(group, self.channel)

    def received(self) -> dict[str, Any]:
        message: dict[str, Any] = async_to_sync(self.layer.receive)(self.channel)
        return message


def test_revoking_a_customer_ends_portal_sessions_and_tells_sockets(
    customer: Customer, django_capture_on_commit_callbacks
) -> None:
    browser, phone = _portal_client(customer), _portal_client(customer)
    listener = _Listener(f"customer.{customer.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        sessions_revoke(customer=customer)
    assert _signed_out_of_portal(browser)
    assert _signed_out_of_portal(phone)
    message = listener.received()
    assert message["event"] == {"kind": "session.revoked"}
    assert message["group"] == f"customer.{customer.pk}"
    # Signing in again works: the revocation is of sessions, not of the account.
    _portal_client(customer)


def test_revoking_a_console_user_ends_sessions_api_tokens_and_tells_sockets(
    agent: User, supervisor: User, django_capture_on_commit_callbacks
) -> None:
    console, api = _console_client(agent), _api_client(agent)
    bystander_console, bystander_api = _console_client(supervisor), _api_client(supervisor)
    listener = _Listener(f"user.{agent.pk}")
    with django_capture_on_commit_callbacks(execute=True):
        sessions_revoke(user=agent)
    assert _signed_out_of_console(console)
    assert api.get("/api/v1/tickets/").status_code == 401
    assert listener.received()["event"] == {"kind": "session.revoked"}
    # Nobody else is touched.
    assert bystander_console.get(reverse("console:inbox")).status_code == 200
    assert bystander_api.get("/api/v1/tickets/").status_code == 200
    # A token issued after the revocation works.
    _api_client(agent)


def test_the_event_is_sent_only_when_the_revocation_commits(
    customer: Customer, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sessions_revoke(customer=customer)
    assert len(callbacks) == 1


def test_a_customer_password_change_ends_every_other_session(customer: Customer) -> None:
    old = _portal_client(customer)
    customer_set_password(customer=customer, password=NEW_PASSWORD)
    assert _signed_out_of_portal(old)
    fresh = Client()
    refused = fresh.post(
        reverse("portal:login"), {"identifier": customer.email, "password": PASSWORD}
    )
    assert refused.status_code == 400
    ok = fresh.post(
        reverse("portal:login"), {"identifier": customer.email, "password": NEW_PASSWORD}
    )
    assert ok.status_code == 302


def test_a_console_password_change_ends_sessions_and_tokens(agent: User) -> None:
    console, api = _console_client(agent), _api_client(agent)
    console_user_set_password(user=agent, password=NEW_PASSWORD)
    assert _signed_out_of_console(console)
    assert api.get("/api/v1/tickets/").status_code == 401


def test_a_password_changed_in_the_admin_ends_the_users_sessions_not_the_admins(
    make_user, agent: User
) -> None:
    admin_user = make_user("admin", ())
    admin = _console_client(admin_user)
    console, api = _console_client(agent), _api_client(agent)
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[agent.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _signed_out_of_console(console)
    assert api.get("/api/v1/tickets/").status_code == 401
    assert admin.get(reverse("console:inbox")).status_code == 200


def test_an_admin_changing_their_own_password_stays_signed_in(make_user) -> None:
    admin_user = make_user("admin", ())
    admin, elsewhere = _console_client(admin_user), _console_client(admin_user)
    response = admin.post(
        reverse("admin:auth_user_password_change", args=[admin_user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    assert admin.get(reverse("console:inbox")).status_code == 200
    assert _signed_out_of_console(elsewhere)


def test_revoking_sessions_is_written_to_the_audit_trail(make_customer):
    from walletdesk.audit.models import AuditEntry
    from walletdesk.identity.sessions import sessions_revoke

    customer = make_customer()
    sessions_revoke(customer=customer, by="user:1", reason="wallet_stolen")
    entry = AuditEntry.objects.get(action="sessions.revoke")
    assert (entry.actor, entry.target, entry.data) == (
        "user:1",
        f"customer:{customer.pk}",
        {"reason": "wallet_stolen"},
    )


def test_the_changepassword_command_ends_the_users_api_tokens(make_user, monkeypatch):
    from django.core.management import call_command
    from django.test import Client

    from walletdesk.identity.models import Role

    user = make_user(Role.SUPERVISOR, ("management",))
    _token, key = api_token_create(user=user, name="script")
    api = Client(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/tickets/").status_code == 200
    monkeypatch.setattr(
        "django.contrib.auth.management.commands.changepassword.Command._get_pass",
        lambda self, prompt="Password: ": "a-brand-new-passphrase-2027",
    )
    call_command("changepassword", user.username, stdout=None)
    assert api.get("/api/v1/tickets/").status_code == 401
