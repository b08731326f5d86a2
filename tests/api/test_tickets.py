"""/api/v1/tickets/: visibility, filters, paging, create and change."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.api.conftest import error_of
from walletdesk.identity.models import Role
from walletdesk.tickets import services
from walletdesk.tickets.choices import Channel, Priority, ProblemType, Status
from walletdesk.tickets.models import Ticket, TicketEvent

TICKETS = "/api/v1/tickets/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def test_list_shows_only_visible_tickets(api_for, agent, supervisor, make_ticket):
    frontline = make_ticket(problem_type=ProblemType.TOPUP_NOT_CREDITED)
    security = make_ticket(problem_type=ProblemType.ACCOUNT_STOLEN)
    assert sorted(ids(api_for(agent).get(TICKETS))) == [frontline.pk]
    assert sorted(ids(api_for(supervisor).get(TICKETS))) == sorted([frontline.pk, security.pk])


def test_ticket_representation(api_for, supervisor, make_ticket, customer):
    ticket = make_ticket(
        requester=customer, steps_tried="Restarted the app.", transaction_ref="tx_1"
    )
    services.ticket_update(
        ticket=ticket, by=supervisor, changes=services.TicketChanges(assignee_id=supervisor.pk)
    )
    row = api_for(supervisor).get(f"{TICKETS}{ticket.pk}/").json()
    assert row["reference"] == f"WD-{ticket.pk:06d}"
    assert row["status"] == "new"
    assert row["priority"] == "normal"
    assert row["channel"] == "portal"
    assert row["problem_type"] == "topup_not_credited"
    assert row["team"] == "frontline"
    assert row["assignee"] == {
        "id": supervisor.pk,
        "username": supervisor.username,
        "name": str(supervisor),
    }
    assert row["requester"] == {
        "id": customer.pk,
        "ref": customer.ref,
        "display_name": customer.display_name,
    }
    assert row["steps_tried"] == "Restarted the app."
    assert row["transaction_ref"] == "tx_1"
    assert row["first_response_at"] is None
    assert row["solved_at"] is None


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=new", {"a"}),
        ("status=active", {"a", "b"}),
        ("status=solved", {"c"}),
        ("channel=email", {"b"}),
        ("problem_type=account_stolen", {"c"}),
        ("team=security", {"c"}),
        ("assignee=me", {"b"}),
        ("assignee=none", {"a", "c"}),
        ("order=updated", {"a", "b", "c"}),
    ],
)
def test_filters_narrow_the_list(api_for, supervisor, make_ticket, query, expected):
    tickets = {
        "a": make_ticket(channel=Channel.PORTAL),
        "b": make_ticket(channel=Channel.EMAIL),
        "c": make_ticket(channel=Channel.CHAT, problem_type=ProblemType.ACCOUNT_STOLEN),
    }
    services.ticket_update(
        ticket=tickets["b"],
        by=supervisor,
        changes=services.TicketChanges(status=Status.OPEN, assignee_id=supervisor.pk),
    )
    services.ticket_update(
        ticket=tickets["c"], by=supervisor, changes=services.TicketChanges(status=Status.SOLVED)
    )
    by_id = {ticket.pk: name for name, ticket in tickets.items()}
    got = ids(api_for(supervisor).get(f"{TICKETS}?{query}"))
    assert {by_id[pk] for pk in got} == expected


def test_filter_by_requester_and_assignee_id(api_for, supervisor, agent, make_ticket, customer):
    mine = make_ticket(requester=customer)
    make_ticket()
    services.ticket_update(
        ticket=mine, by=supervisor, changes=services.TicketChanges(assignee_id=agent.pk)
    )
    api = api_for(supervisor)
    assert ids(api.get(f"{TICKETS}?requester={customer.pk}")) == [mine.pk]
    assert ids(api.get(f"{TICKETS}?assignee={agent.pk}")) == [mine.pk]


def test_default_order_is_the_queue_and_updated_is_newest_first(api_for, supervisor, make_ticket):
    older = make_ticket()
    newer = make_ticket()
    urgent = make_ticket(priority=Priority.URGENT)
    api = api_for(supervisor)
    assert ids(api.get(TICKETS)) == [urgent.pk, older.pk, newer.pk]
    services.ticket_update(
        ticket=older, by=supervisor, changes=services.TicketChanges(subject="Touched")
    )
    assert ids(api.get(f"{TICKETS}?order=updated"))[0] == older.pk


@pytest.mark.parametrize(
    "query",
    ["status=lost", "channel=fax", "team=nobody", "assignee=someone", "requester=x", "team="],
)
def test_bad_filters_are_400(api_for, supervisor, query):
    response = api_for(supervisor).get(f"{TICKETS}?{query}")
    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_failed"


def test_pagination(api_for, supervisor, make_ticket):
    made = [make_ticket().pk for _ in range(5)]
    api = api_for(supervisor)
    first = api.get(f"{TICKETS}?limit=2").json()
    assert first["count"] == 5
    assert [row["id"] for row in first["results"]] == made[:2]
    assert first["next"].endswith("limit=2&offset=2")
    assert ids(api.get(f"{TICKETS}?limit=2&offset=4")) == made[4:]
    assert ids(api.get(f"{TICKETS}?limit=2&offset=999999999999")) == []
    assert len(ids(api.get(f"{TICKETS}?limit=100000"))) == 5  # capped, not refused


@pytest.mark.parametrize("query", ["limit=0", "limit=-1", "limit=x", "offset=-2", "offset=null"])
def test_bad_paging_is_400(api_for, supervisor, query):
    response = api_for(supervisor).get(f"{TICKETS}?{query}")
    assert response.status_code == 400
    assert error_of(response)["code"] == "validation_failed"


@pytest.mark.parametrize("role", [Role.AGENT, Role.SUPERVISOR])
def test_list_queries_do_not_grow_with_tickets(
    api_for, make_user, make_ticket, django_assert_max_num_queries, role
):
    user = make_user(role, ("frontline",))
    api = api_for(user)
    api.get(TICKETS)  # the token's first use writes last_used_at; measure from here

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert api.get(f"{TICKETS}?limit=200").status_code == 200
        return len(queries)

    for _ in range(3):
        ticket = make_ticket()
        services.ticket_update(
            ticket=ticket, by=user, changes=services.TicketChanges(assignee_id=user.pk)
        )
    few = count_queries()
    for _ in range(27):
        make_ticket()
    assert count_queries() == few
    with django_assert_max_num_queries(6):
        response = api.get(f"{TICKETS}?limit=200")
    assert response.json()["count"] == 30


def test_create_for_a_customer(api_for, supervisor, customer):
    response = api_for(supervisor).post(
        TICKETS,
        data={
            "requester": customer.pk,
            "subject": "Card declined",
            "body": "My card was declined at the shop.",
            "problem_type": "payment_method",
            "priority": "high",
            "steps_tried": "Tried again later.",
            "transaction_ref": "tx_42",
            "external_thread_id": "crm-1001",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    row = response.json()
    assert response["Location"] == f"{TICKETS}{row['id']}/"
    ticket = Ticket.objects.get(pk=row["id"])
    assert ticket.requester == customer
    assert ticket.channel == Channel.API
    assert ticket.priority == Priority.HIGH
    assert ticket.language == customer.preferred_language
    assert ticket.external_threads.get().external_id == "crm-1001"
    first = ticket.messages.get()
    assert first.author_kind == "customer"
    assert first.author_customer == customer
    assert first.recorded_by == supervisor
    assert first.body == "My card was declined at the shop."
    assert row["priority"] == "high"
    assert row["steps_tried"] == "Tried again later."


def test_an_agent_opened_ticket_starts_with_the_customers_words_and_a_note(
    api_for, supervisor, customer, client
):
    """The customer's request as told is the first public message, marked as recorded by the
    agent; the agent's remarks are an internal note the customer never sees."""
    response = api_for(supervisor).post(
        TICKETS,
        data={
            "requester": customer.pk,
            "channel": "phone",
            "subject": "Top-up missing",
            "body": "I topped up 100 CNY yesterday and my balance did not change.",
            "note": "Caller verified with the last four digits of the card.",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    ticket_id = response.json()["id"]
    assert response.json()["requester_verified"] is True
    thread = api_for(supervisor).get(f"{TICKETS}{ticket_id}/messages/").json()["results"]
    first, note = thread
    assert first["kind"] == "reply"
    assert first["author_kind"] == "customer"
    assert first["author_name"] == customer.display_name
    assert first["recorded_by"]["id"] == supervisor.pk
    assert first["body"] == "I topped up 100 CNY yesterday and my balance did not change."
    assert note["kind"] == "note"
    assert note["author_kind"] == "agent"
    assert note["recorded_by"] is None
    assert note["body"] == "Caller verified with the last four digits of the card."
    from tests.web_portal.conftest import sign_in

    sign_in(client, customer)
    page = client.get(reverse("portal:ticket", args=[ticket_id])).content.decode()
    assert "I topped up 100 CNY" in page
    assert "Caller verified" not in page


def test_a_retried_create_with_the_same_external_id_is_stored_once(api_for, agent):
    api = api_for(agent)
    data = {"contact": "caller 42", "subject": "Help", "body": "Call me.", "external_id": "c-1"}
    first = api.post(TICKETS, data=data, content_type="application/json")
    again = api.post(TICKETS, data=data, content_type="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Ticket.objects.get().messages.count() == 1


def test_create_for_a_contact_with_defaults(api_for, agent):
    response = api_for(agent).post(
        TICKETS,
        data={"contact": "+86 138 0000 0000", "subject": "Help", "body": "Call me back."},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    row = response.json()
    assert row["requester"] is None
    assert row["contact"] == "+86 138 0000 0000"
    assert row["problem_type"] == "other"
    assert row["channel"] == "api"
    assert row["priority"] == "normal"


def test_create_needs_requester_or_contact(api_for, agent):
    response = api_for(agent).post(
        TICKETS, data={"subject": "Help", "body": "Hi"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "requester" in error_of(response)["fields"]


def test_create_cannot_name_a_customer_the_user_may_not_see(
    api_for, agent, make_customer, make_ticket
):
    stranger = make_customer()
    make_ticket(requester=stranger, problem_type=ProblemType.ACCOUNT_STOLEN)  # security team's
    api = api_for(agent)
    data = {"requester": stranger.pk, "subject": "Help", "body": "Hi"}
    hidden = api.post(TICKETS, data=data, content_type="application/json")
    missing = api.post(TICKETS, data={**data, "requester": 987654}, content_type="application/json")
    assert hidden.status_code == missing.status_code == 404
    assert error_of(hidden) == error_of(missing)
    assert error_of(hidden)["code"] == "customer_not_found"
    assert not Ticket.objects.filter(channel=Channel.API).exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("subject", 42),
        ("subject", "   "),
        ("subject", "null\x00byte"),
        ("body", ["a list"]),
        ("requester", "1"),
        ("requester", True),
        ("requester", 1.5),
        ("priority", 20),
        ("external_thread_id", ""),
    ],
)
def test_create_takes_json_types_strictly(api_for, supervisor, customer, field, value):
    data = {"requester": customer.pk, "subject": "Help", "body": "Hi", field: value}
    response = api_for(supervisor).post(TICKETS, data=data, content_type="application/json")
    assert response.status_code == 400, response.content
    assert field in error_of(response)["fields"]
    assert not Ticket.objects.filter(channel=Channel.API).exists()


def test_same_external_thread_twice_joins_the_open_ticket(api_for, supervisor):
    api = api_for(supervisor)
    data = {"contact": "x@example.com", "subject": "Hi", "body": "Hi", "external_thread_id": "t1"}
    first = api.post(TICKETS, data=data, content_type="application/json")
    assert first.status_code == 201
    again = api.post(TICKETS, data={**data, "body": "Me again"}, content_type="application/json")
    assert again.status_code == 200, again.content
    assert again.json()["id"] == first.json()["id"]
    assert "Location" not in again
    (ticket,) = Ticket.objects.all()
    assert [m.body for m in ticket.messages.order_by("id")] == ["Hi", "Me again"]


def test_patch_roundtrip(api_for, supervisor, agent, make_ticket):
    ticket = make_ticket()
    api = api_for(supervisor)
    response = api.patch(
        f"{TICKETS}{ticket.pk}/",
        data={
            "status": "open",
            "priority": "urgent",
            "problem_type": "transaction_failed",
            "team": "payments",
            "assignee": agent.pk,
            "subject": "Payment stuck",
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    row = response.json()
    assert row["status"] == "open"
    assert row["priority"] == "urgent"
    assert row["problem_type"] == "transaction_failed"
    assert row["team"] == "payments"
    assert row["assignee"]["id"] == agent.pk
    assert row["subject"] == "Payment stuck"
    assert api.get(f"{TICKETS}{ticket.pk}/").json() == row
    changed = set(TicketEvent.objects.filter(ticket=ticket).values_list("field", flat=True))
    assert {"status", "priority", "problem_type", "team", "assignee", "subject"} <= changed

    response = api.patch(
        f"{TICKETS}{ticket.pk}/", data={"assignee": None}, content_type="application/json"
    )
    assert response.json()["assignee"] is None
    # Fields not sent stay as they are.
    assert response.json()["priority"] == "urgent"


def test_illegal_status_change_is_409(api_for, supervisor, make_ticket):
    ticket = make_ticket()
    api = api_for(supervisor)
    api.patch(f"{TICKETS}{ticket.pk}/", data={"status": "solved"}, content_type="application/json")
    response = api.patch(
        f"{TICKETS}{ticket.pk}/", data={"status": "on_hold"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert response["Content-Type"] == "application/json"
    assert error_of(response)["code"] == "conflict"
    ticket.refresh_from_db()
    assert ticket.status == Status.SOLVED


def test_unknown_assignee_is_404(api_for, supervisor, make_ticket, make_user):
    ticket = make_ticket()
    gone = make_user(Role.AGENT)
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    api = api_for(supervisor)
    for assignee in (987654, gone.pk):
        response = api.patch(
            f"{TICKETS}{ticket.pk}/", data={"assignee": assignee}, content_type="application/json"
        )
        assert response.status_code == 404
        assert error_of(response)["code"] == "assignee_not_found"
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_invisible_ticket_is_404_for_read_and_write(api_for, agent, make_ticket):
    hidden = make_ticket(problem_type=ProblemType.ACCOUNT_STOLEN)
    api = api_for(agent)
    assert api.get(f"{TICKETS}{hidden.pk}/").status_code == 404
    response = api.patch(
        f"{TICKETS}{hidden.pk}/", data={"subject": "mine now"}, content_type="application/json"
    )
    assert response.status_code == 404
    assert error_of(response)["code"] == "ticket_not_found"
    hidden.refresh_from_db()
    assert hidden.subject != "mine now"


def test_pagination_counts_no_further_than_the_cap(api_for, supervisor, make_customer):
    from django.utils import timezone

    from walletdesk.api.pagination import COUNT_CAP

    requester, now = make_customer(), timezone.now()
    Ticket.objects.bulk_create(
        Ticket(subject=f"Bulk {n}", channel="api", requester=requester, created_at=now)
        for n in range(COUNT_CAP + 5)
    )
    api = api_for(supervisor)
    first = api.get(f"{TICKETS}?limit=10").json()
    assert (first["count"], first["count_capped"]) == (COUNT_CAP, True)
    assert first["next"].endswith("limit=10&offset=10")
    deep = api.get(f"{TICKETS}?limit=10&offset={COUNT_CAP}").json()
    assert len(deep["results"]) == 5
    assert deep["next"] is None
    assert deep["count"] == COUNT_CAP + 5  # past the cap the rows seen are the floor
    small = api.get(f"{TICKETS}?limit=10&order=updated&status=new").json()
    assert small["count_capped"] is True


def test_a_retried_create_tells_nothing_once_the_ticket_left_the_agents_reach(api_for, agent):
    """A stolen-wallet call goes to the security team at once; repeating the create must not
    become a way for the frontline agent to keep reading that ticket."""
    api = api_for(agent)
    data = {
        "contact": "+8613900001111",
        "subject": "My wallet was stolen",
        "body": "Someone took my phone.",
        "problem_type": "account_stolen",
        "channel": "phone",
        "external_id": "call-77",
    }
    first = api.post(TICKETS, data=data, content_type="application/json")
    assert first.status_code == 201
    ticket = Ticket.objects.get()
    assert api.get(f"{TICKETS}{ticket.pk}/").status_code == 404
    again = api.post(TICKETS, data=data, content_type="application/json")
    assert again.status_code == 404
    assert "stolen" not in again.content.decode().lower()
    assert Ticket.objects.get().messages.count() == 1
