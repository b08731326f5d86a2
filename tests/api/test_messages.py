"""/api/v1/tickets/{id}/messages/: the whole thread, replies, notes, files, idempotency."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.api.conftest import error_of
from walletdesk.tickets import services
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.choices import MessageKind, ProblemType, Status
from walletdesk.tickets.models import Message

TINY_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 17


def url(ticket) -> str:
    return f"/api/v1/tickets/{ticket.pk}/messages/"


def test_thread_includes_notes_and_attachment_metadata(api_for, supervisor, make_ticket):
    ticket = make_ticket(uploads=[Upload("receipt.png", TINY_PNG)])
    services.message_add(
        ticket=ticket,
        author=services.Author(user=supervisor),
        body="Checked the ledger.",
        kind=MessageKind.NOTE,
    )
    response = api_for(supervisor).get(url(ticket))
    assert response.status_code == 200
    first, note = response.json()["results"]
    assert first["kind"] == "reply"
    assert first["author_kind"] == "customer"
    assert first["author_name"] == ticket.requester.display_name
    assert first["channel"] == "portal"
    (attachment,) = first["attachments"]
    stored = ticket.messages.first().attachments.get()
    assert attachment == {
        "id": stored.pk,
        "filename": "receipt.png",
        "content_type": "image/png",
        "size": len(TINY_PNG),
        "download_url": f"/console/attachments/{stored.pk}/",
    }
    assert note["kind"] == "note"
    assert note["author_kind"] == "agent"
    assert note["author_name"] == str(supervisor)
    assert note["body"] == "Checked the ledger."


def test_post_reply_and_note(api_for, supervisor, make_ticket):
    ticket = make_ticket()
    api = api_for(supervisor)
    reply = api.post(url(ticket), data={"body": "We are on it."}, content_type="application/json")
    assert reply.status_code == 201, reply.content
    assert reply.json()["kind"] == "reply"
    note = api.post(
        url(ticket), data={"body": "Escalate?", "kind": "note"}, content_type="application/json"
    )
    assert note.status_code == 201
    assert note.json()["kind"] == "note"
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN  # the first public agent reply opens the ticket
    assert ticket.first_response_at is not None
    bodies = [m["body"] for m in api.get(url(ticket)).json()["results"]]
    assert bodies[-2:] == ["We are on it.", "Escalate?"]


def test_post_with_attachments(api_for, supervisor, make_ticket):
    ticket = make_ticket()
    response = api_for(supervisor).post(
        url(ticket),
        data={
            "body": "Your statement.",
            "attachments": [
                SimpleUploadedFile("a.png", TINY_PNG, content_type="image/png"),
                SimpleUploadedFile("b.csv", b"date,amount\n2026-01-01,10.00\n"),
            ],
        },
    )
    assert response.status_code == 201, response.content
    names = [a["filename"] for a in response.json()["attachments"]]
    assert names == ["a.png", "b.csv"]


def test_disguised_executable_is_refused(api_for, supervisor, make_ticket):
    ticket = make_ticket()
    response = api_for(supervisor).post(
        url(ticket),
        data={"body": "x", "attachments": [SimpleUploadedFile("a.png", b"MZ\x90\x00binary")]},
    )
    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_failed"
    assert ticket.messages.count() == 1


def test_empty_message_is_400(api_for, supervisor, make_ticket):
    ticket = make_ticket()
    response = api_for(supervisor).post(url(ticket), data={}, content_type="application/json")
    assert response.status_code == 400
    assert "body" in error_of(response)["fields"]


def test_same_external_id_twice_stores_one_message(api_for, supervisor, make_ticket):
    ticket = make_ticket()
    api = api_for(supervisor)
    data = {"body": "Hello from the CRM", "external_id": "crm-msg-7"}
    first = api.post(url(ticket), data=data, content_type="application/json")
    again = api.post(url(ticket), data=data, content_type="application/json")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    assert Message.objects.filter(external_id="crm-msg-7").count() == 1


def test_an_external_id_used_elsewhere_reveals_nothing(api_for, supervisor, make_user, make_ticket):
    """Ids are the poster's own, per ticket: sending an id that exists on another ticket, or
    that another user sent, stores a new message and tells nothing of the first one."""
    one, other = make_ticket(), make_ticket()
    api = api_for(supervisor)
    data = {"body": "Hi", "external_id": "shared-id"}
    first = api.post(url(one), data=data, content_type="application/json")
    elsewhere = api.post(url(other), data=data, content_type="application/json")
    colleague = api_for(make_user("supervisor", ("management",)))
    theirs = colleague.post(url(one), data=data, content_type="application/json")
    assert first.status_code == elsewhere.status_code == theirs.status_code == 201
    assert len({first.json()["id"], elsewhere.json()["id"], theirs.json()["id"]}) == 3
    assert other.messages.count() == 2
    assert one.messages.filter(external_id="shared-id").count() == 2


def test_closed_ticket_refuses_messages_with_409(api_for, supervisor, make_ticket):
    ticket = make_ticket()
    for status in (Status.SOLVED, Status.CLOSED):
        services.ticket_update(
            ticket=ticket, by=supervisor, changes=services.TicketChanges(status=status)
        )
    response = api_for(supervisor).post(
        url(ticket), data={"body": "Hello?"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert error_of(response)["code"] == "conflict"


def test_invisible_ticket_thread_is_404(api_for, agent, make_ticket):
    hidden = make_ticket(problem_type=ProblemType.ACCOUNT_STOLEN)
    api = api_for(agent)
    assert api.get(url(hidden)).status_code == 404
    response = api.post(url(hidden), data={"body": "hi"}, content_type="application/json")
    assert response.status_code == 404
    assert hidden.messages.count() == 1


def test_thread_queries_do_not_grow_with_messages(
    api_for, agent, make_ticket, django_assert_max_num_queries
):
    ticket = make_ticket()
    api = api_for(agent)
    api.get(url(ticket))  # the token's first use writes last_used_at

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(url(ticket)).status_code == 200
        return len(queries)

    def add(n: int) -> None:
        for i in range(n):
            services.message_add(
                ticket=ticket,
                author=services.Author(user=agent),
                body=f"note {i}",
                kind=MessageKind.NOTE,
                uploads=[Upload("a.png", TINY_PNG)],
            )

    add(2)
    few = count_queries()
    add(20)
    assert count_queries() == few
    with django_assert_max_num_queries(7):
        response = api.get(url(ticket))
    assert response.json()["count"] == 23


def test_a_lost_idempotency_race_returns_the_winner(api_for, supervisor, make_ticket, monkeypatch):
    """Two posts with one external_id at once: the loser's look-up misses the winner's row,
    its insert hits the unique constraint, and it answers with the message the winner stored."""
    from walletdesk.tickets.inbound import service

    ticket = make_ticket()
    api = api_for(supervisor)
    data = {"body": "first", "external_id": "race-1"}
    winner = api.post(url(ticket), data=data, content_type="application/json").json()
    real_lookup = service._stored
    calls = []

    def late_lookup(**kwargs):
        calls.append(kwargs)
        return None if len(calls) == 1 else real_lookup(**kwargs)  # the first look misses it

    monkeypatch.setattr(service, "_stored", late_lookup)
    response = api.post(
        url(ticket), data={**data, "body": "second"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["id"] == winner["id"]
    assert len(calls) == 2
    assert ticket.messages.filter(external_id="race-1").count() == 1
