"""The delivery state on each agent message in the console, and the outbox for admins."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.layers import get_channel_layer
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from walletdesk.core.events import event_from_json
from walletdesk.identity.models import Role
from walletdesk.outbox.choices import DeliveryState
from walletdesk.outbox.models import OutboundMessage
from walletdesk.tickets.models import Message
from walletdesk.tickets.services import Author, message_add

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _english(settings: Any) -> None:
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def console(make_user) -> Client:
    client = Client()
    client.force_login(
        make_user(Role.AGENT, ("frontline",), username="console-agent", language="en")
    )
    return client


@pytest.fixture
def reply(agent, django_capture_on_commit_callbacks):
    def reply(ticket, body: str = "We are on it.") -> Message:
        with django_capture_on_commit_callbacks(execute=True):
            return message_add(ticket=ticket, author=Author(user=agent), body=body)

    return reply


def shown_on(html: str, message: Message) -> str:
    """The HTML of one message's article in the thread."""
    start = html.index(f'id="message-{message.pk}"')
    return html[start : html.index("</article>", start)]


def page(client: Client, ticket) -> str:
    return client.get(reverse("console:ticket", args=[ticket.pk])).content.decode()


def test_a_permanent_failure_is_shown_on_the_message_with_its_reason(
    console, make_ticket, reply, use_transport
):
    use_transport("email", "Refuses")
    ticket = make_ticket(channel="email")
    message = reply(ticket)
    assert OutboundMessage.objects.get(source_message_id=message.pk).state == "failed_permanent"
    shown = shown_on(page(console, ticket), message)
    assert 'data-delivery-state="failed_permanent"' in shown
    assert "Could not be sent by Email" in shown
    assert "server refused it." in shown
    assert "example.com" not in shown.split("msg-body")[0]  # the address stays off the badge
    # The fragment the live updates fetch says the same.
    fragment = console.get(reverse("console:ticket-thread", args=[ticket.pk]), headers=HTMX)
    assert 'data-delivery-state="failed_permanent"' in shown_on(fragment.content.decode(), message)


def test_a_retry_is_shown_with_its_attempt_and_next_try(console, make_ticket, reply, use_transport):
    use_transport("email", "AlwaysDown")
    ticket = make_ticket(channel="email")
    message = reply(ticket)
    outbound = OutboundMessage.objects.get(source_message_id=message.pk)
    shown = shown_on(page(console, ticket), message)
    assert 'data-delivery-state="failed_transient"' in shown
    assert "attempt 1 failed. The provider could not be reached." in shown
    next_try = timezone.localtime(outbound.next_attempt_at).strftime("%Y-%m-%d %H:%M")
    assert f"Next try at {next_try}." in shown


def test_sent_queued_and_kept_replies_say_so(console, make_ticket, reply, agent):
    email_ticket = make_ticket(channel="email")
    sent = reply(email_ticket)
    queued = message_add(ticket=email_ticket, author=Author(user=agent), body="not committed")
    html = page(console, email_ticket)
    assert "Sent by Email at" in shown_on(html, sent)
    assert 'data-delivery-state="queued"' in shown_on(html, queued)
    assert "Waiting to be sent by Email." in shown_on(html, queued)
    assert "data-delivery-state" not in shown_on(html, email_ticket.messages.first())

    api_ticket = make_ticket(channel="api")
    kept = reply(api_ticket)
    assert "Kept in WalletDesk" in shown_on(page(console, api_ticket), kept)


def test_the_thread_reads_every_delivery_state_in_one_query(console, make_ticket, reply):
    ticket = make_ticket(channel="email")
    reply(ticket)
    url = reverse("console:ticket-thread", args=[ticket.pk])
    with CaptureQueriesContext(connection) as few:
        assert console.get(url, headers=HTMX).status_code == 200
    for n in range(8):
        reply(ticket, body=f"reply {n}")
    with CaptureQueriesContext(connection) as many:
        response = console.get(url, headers=HTMX)
    assert response.content.decode().count("data-delivery-state=") == 9
    assert len(many) == len(few)
    outbox_queries = [q for q in many.captured_queries if "outbox_outboundmessage" in q["sql"]]
    assert len(outbox_queries) == 1


def test_a_change_of_delivery_state_refreshes_the_ticket_in_the_console(make_ticket, reply):
    ticket = make_ticket(channel="email")
    holder: dict[str, Message] = {}

    async def listen() -> list[dict[str, Any]]:
        layer = get_channel_layer()
        name = await layer.new_channel()
        await layer.group_add(f"ticket.{ticket.pk}", name)
        holder["message"] = await sync_to_async(reply)(ticket)
        events = []
        while not any(e["event"]["kind"] == "message.updated" for e in events):
            events.append(await asyncio.wait_for(layer.receive(name), timeout=10))
        await layer.group_discard(f"ticket.{ticket.pk}", name)
        return events

    events = async_to_sync(listen)()
    updated = next(e["event"] for e in events if e["event"]["kind"] == "message.updated")
    assert event_from_json(updated).wire() == {
        "kind": "message.updated",
        "ticket": ticket.pk,
        "message": holder["message"].pk,
    }


def test_admins_list_the_outbox_by_state_and_send_failed_ones_again(
    make_user, make_ticket, reply, use_transport, settings
):
    use_transport("email", "Refuses")
    failed = OutboundMessage.objects.get(source_message_id=reply(make_ticket(channel="email")).pk)
    settings.OUTBOX_TRANSPORTS = {}
    sent = OutboundMessage.objects.get(source_message_id=reply(make_ticket(channel="email")).pk)
    admin = Client()
    admin.force_login(make_user(Role.ADMIN, (), username="outbox-admin", language="en"))
    url = reverse("admin:outbox_outboundmessage_changelist")
    listing = admin.get(url, {"state__exact": "failed_permanent"}).content.decode()
    assert f"/admin/outbox/outboundmessage/{failed.pk}/change/" in listing
    assert f"/admin/outbox/outboundmessage/{sent.pk}/change/" not in listing
    assert admin.get(reverse("admin:outbox_outboundmessage_add")).status_code == 403

    response = admin.post(url, {"action": "retry_now", "_selected_action": [failed.pk]})
    assert response.status_code == 302
    failed.refresh_from_db()
    assert (failed.state, failed.attempts) == (DeliveryState.QUEUED, 0)


def test_agents_cannot_open_the_outbox_admin(console):
    response = console.get(reverse("admin:outbox_outboundmessage_changelist"))
    assert response.status_code in {302, 403}
