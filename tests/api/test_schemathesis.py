"""Property-based fuzzing of every operation in /api/schema/ with schemathesis.

Runs against the real Django WSGI application, authenticated with a supervisor's real token, with
customers, tickets and messages in the database. Every response must: not be a 5xx, conform to
the schema (status, content type, headers, body), and, when it is an error, have the
`{"error": {"code", "message"}}` envelope.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from django.conf import settings as django_settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from walletdesk.api.services import api_token_create
from walletdesk.identity.models import Role
from walletdesk.tickets import services
from walletdesk.tickets.choices import MessageKind, ProblemType

pytestmark = [
    pytest.mark.django_db,
    # schemathesis 4 / hypothesis-jsonschema call APIs their own dependencies deprecate;
    # nothing here can change that, and it says nothing about our code.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:hypothesis_jsonschema.*"),
    pytest.mark.filterwarnings("ignore::DeprecationWarning:jsonschema.*"),
]


# WhiteNoise (a warning, so an error here) wants STATIC_ROOT to exist when the handler is built.
Path(django_settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
APP = get_wsgi_application()
# Loaded at collection, as schemathesis's pytest integration expects (its fixture-based loader
# relies on a pytest internal that pytest 9 removed). Fetching the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP)


@pytest.fixture(autouse=True)
def _keep_the_test_transaction() -> Iterator[None]:
    """Django's WSGI handler recycles database connections at the end of each request; its own
    test client switches that off, and so must we, or the test's transaction would be lost."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def token(make_user, make_customer, make_ticket) -> str:
    """A supervisor's key, and a little world to find: customers, tickets with replies, notes
    and a solved ticket, so generated ids (small integers) often hit real rows."""
    supervisor = make_user(Role.SUPERVISOR, ("management",))
    make_user(Role.AGENT, ("frontline",))
    for index in range(3):
        customer = make_customer()
        problem = ProblemType.ACCOUNT_STOLEN if index == 2 else ProblemType.TRANSACTION_FAILED
        ticket = make_ticket(requester=customer, problem_type=problem)
        services.message_add(
            ticket=ticket,
            author=services.Author(user=supervisor),
            body="Looking into it.",
            kind=MessageKind.NOTE,
        )
    make_ticket(contact="walk-in@example.com")
    return api_token_create(user=supervisor, name="fuzz")[1]


def error_envelope(ctx: Any, response: Any, case: Any) -> bool | None:
    """Every 4xx/5xx is `{"error": {"code": str, "message": str, "fields"?: {str: [str]}}}`."""
    if response.status_code < 400:
        return None
    body = response.json()
    assert isinstance(body, dict) and set(body) == {"error"}, body
    error = body["error"]
    assert isinstance(error.get("code"), str) and error["code"], body
    assert isinstance(error.get("message"), str) and error["message"], body
    assert set(error) <= {"code", "message", "fields"}, body
    for field, messages in error.get("fields", {}).items():
        assert isinstance(field, str) and isinstance(messages, list), body
        assert all(isinstance(message, str) for message in messages), body
    return True


def not_a_server_error(ctx: Any, response: Any, case: Any) -> bool | None:
    assert response.status_code < 500, (case.method, case.formatted_path, response.text[:500])
    return True


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    database=None,  # no .hypothesis/ directory in the work tree
    # The fixtures hold the database state every example shares, on purpose.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_conforms_to_its_schema(case: Any, token: str) -> None:
    case.call_and_validate(
        headers={"Authorization": f"Token {token}"},
        additional_checks=[not_a_server_error, error_envelope],
    )
