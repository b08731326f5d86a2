"""Hostile input never makes a 500: over-long integers in every path and query parameter,
deeply nested JSON in every API body and websocket frame."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.web_portal.conftest import TINY_PNG, sign_in
from walletdesk.identity.models import Customer, Role, User
from walletdesk.realtime.protocol import MalformedFrameError, decode_frame, parse_console_command
from walletdesk.safety.models import ReportedValue
from walletdesk.tickets.attachments import Upload
from walletdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db

HUGE = [
    "9" * 5000,  # past Python's int-from-text limit
    "9" * 30,  # a Python int, but no database's
    str(2**63),  # one past the 64-bit id range
    "-" + str(2**63),
]
# Every query parameter a page or endpoint reads (grep request.GET / query_params).
QUERY_PARAMS = [
    "page", "ticket", "assignee", "requester", "limit", "offset", "q", "status", "team",
    "channel", "problem_type", "order", "all",
]  # fmt: skip
# The body fields forms and endpoints read; ids among them arrive as text from forms.
BODY_FIELDS = [
    "assignee", "requester", "priority", "status", "team", "problem_type", "subject", "body",
    "kind", "contact", "ticket", "was_assignee", "was_status", "was_priority", "identifier",
]  # fmt: skip
SKIP_PREFIXES = ("admin/", "i18n/")  # Django's own, not ours


@pytest.fixture(autouse=True)
def _setup() -> Iterator[None]:
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)  # whitenoise warns otherwise
    cache.clear()  # sign-in rate limits
    yield
    cache.clear()


def _routes(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = ""
) -> Iterator[tuple[str, dict[str, Any]]]:
    """(route, converters) for every URL pattern, e.g. ("console/tickets/<id:ticket_id>/", …)."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        else:
            converters = getattr(entry.pattern, "converters", {})
            yield route, dict(converters)


def _fill(route: str, values: dict[str, str]) -> str:
    path = "/" + route.removeprefix("^")
    for name, value in values.items():
        for converter in ("int", "id", "str", "slug"):
            path = path.replace(f"<{converter}:{name}>", value)
    assert "<" not in path, f"a route this test cannot fill in: {route}"
    return path


def _routes_with_ids() -> list[str]:
    return [route for route, converters in _routes() if converters]


def test_the_walk_covers_every_id_in_a_path():
    routes = _routes_with_ids()
    assert any(route.startswith("api/") for route in routes)
    assert any(route.startswith("console/") for route in routes)
    assert any(route.startswith("tickets/") for route in routes)


@pytest.fixture
def world(
    make_ticket: Any, make_user: Any, customer: Customer
) -> tuple[User, Customer, dict[str, str]]:
    supervisor = make_user(Role.SUPERVISOR, ("management",))
    ticket: Ticket = make_ticket(requester=customer, uploads=[Upload("a.png", TINY_PNG)])
    attachment = ticket.messages.get().attachments.get()
    real_ids = {
        "ticket_id": str(ticket.pk),
        "customer_id": str(customer.pk),
        "attachment_id": str(attachment.pk),
        "unfreeze_id": "1",  # a request that does not exist: refused like one not yours
        "request_id": "1",  # an intake request that does not exist, likewise
        "token": "not-a-real-token",  # the lost-device recovery's cancel link
        "category": "security",  # help-centre topic and article, loaded on migrate
        "slug": "wallet-stolen",
        "key": "nosuchconversation",  # a live chat's key: unknown, refused like one not yours
    }
    report = ReportedValue.objects.create(
        value="evil.example",
        kind="domain",
        normalized="evil.example",
        category="link",
        ticket_id=ticket.pk,
    )
    real_ids["report_id"] = str(report.pk)
    return supervisor, customer, real_ids


def _clients(supervisor: User, customer: Customer) -> dict[str, Client]:
    console = Client()
    console.force_login(supervisor)
    portal = Client()
    sign_in(portal, customer)
    return {"console": console, "portal": portal, "anonymous": Client()}


def _client_for(route: str, clients: dict[str, Client]) -> list[Client]:
    if route.startswith(("console/", "api/")):
        return [clients["console"], clients["anonymous"]]
    return [clients["portal"], clients["anonymous"]]


def request(client: Client, method: str, path: str, **kwargs: Any) -> Any:
    response = getattr(client, method)(path, **kwargs)
    if response.streaming:  # attachments: reading to the end closes the file, as a server does
        b"".join(response.streaming_content)
    # (The client has closed every other response; closing again would end the test's
    # database connection, as a real request's end does.)
    return response


def _answer(client: Client, method: str, path: str, **kwargs: Any) -> int:
    return int(request(client, method, path, **kwargs).status_code)


def test_a_huge_id_in_any_path_is_not_found(world):
    supervisor, customer, _ids = world
    clients = _clients(supervisor, customer)
    for route in _routes_with_ids():
        signed_in, anonymous = _client_for(route, clients)
        for value in HUGE[:3]:
            path = _fill(route, dict.fromkeys(_converter_names(route), value))
            assert _answer(signed_in, "get", path) == 404, path[:80]
            assert _answer(signed_in, "post", path, data={}) == 404, path[:80]
            assert _answer(anonymous, "get", path) in (302, 401, 404), path[:80]


def _converter_names(route: str) -> list[str]:
    return [name for r, converters in _routes() if r == route for name in converters]


@pytest.mark.parametrize("value", HUGE)
def test_a_huge_integer_in_any_query_parameter_or_form_field_is_no_server_error(world, value):
    supervisor, customer, real_ids = world
    clients = _clients(supervisor, customer)
    query = dict.fromkeys(QUERY_PARAMS, value)
    form = dict.fromkeys(BODY_FIELDS, value)
    for route, _converters in _routes():
        path = _fill(route, real_ids)
        for client in _client_for(route, clients):
            status = _answer(client, "get", path, data=query)
            assert status < 500, (path, "GET", status)
            status = _answer(client, "post", path, data=form)
            assert status < 500, (path, "POST form", status)
            if route.startswith("api/"):
                for method in ("post", "patch"):
                    raw = "{" + ", ".join(f'"{name}": {value}' for name in BODY_FIELDS) + "}"
                    status = _answer(
                        client, method, path, data=raw, content_type="application/json"
                    )
                    assert status < 500, (path, method, status)


@pytest.mark.parametrize("depth", [900, 100_000])
def test_deeply_nested_json_is_a_bad_request(world, depth):
    supervisor, _customer, real_ids = world
    client = Client()
    client.force_login(supervisor)
    nested = "[" * depth + "]" * depth
    bodies = [nested, '{"subject": ' + nested + "}", '{"body": ' + nested + ', "kind": "note"}']
    for route in ("api/v1/tickets/", "api/v1/tickets/<id:ticket_id>/messages/"):
        path = _fill(route, real_ids)
        for body in bodies:
            response = client.post(path, data=body, content_type="application/json")
            assert response.status_code == 400, (path, response.status_code)
            error = response.json()["error"]
            assert set(error) >= {"code", "message"}
    path = _fill("api/v1/tickets/<id:ticket_id>/", real_ids)
    response = client.patch(path, data=bodies[1], content_type="application/json")
    assert response.status_code == 400
    if depth > 1000:
        assert response.json()["error"]["code"] == "malformed_request"


@pytest.mark.parametrize("opening", ["[", '{"a":'])
def test_a_websocket_frame_nested_to_its_size_limit_is_malformed(opening: str):
    from walletdesk.realtime.protocol import MAX_FRAME_CHARS

    frame = opening * (MAX_FRAME_CHARS // len(opening))
    with pytest.raises(MalformedFrameError):
        decode_frame(frame)
    with pytest.raises(MalformedFrameError):
        parse_console_command(frame)


@pytest.mark.parametrize("value", ["9" * 30, str(2**63), "9" * 1000])
def test_a_websocket_subscription_to_a_huge_ticket_id_is_malformed(value: str):
    with pytest.raises(MalformedFrameError):
        parse_console_command(json.dumps({"subscribe": int(value)}))


@pytest.mark.parametrize("value", ["9" * 30, "tickets"])
def test_a_next_that_is_not_a_path_is_no_server_error(customer: Customer, value: str):
    portal = Client()
    sign_in(portal, customer)
    response = portal.get("/login/", {"next": value})
    assert response.status_code < 500
