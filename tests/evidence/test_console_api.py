"""The agent's download, in the console and the API: the security team, supervisors and admins,
for a customer with a proven ticket they can see; everyone else gets 404 and no bundle."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import pytest
from django.test import Client

from tests.evidence.conftest import PERIOD, Story, open_bundle
from walletdesk.api.services import api_token_create
from walletdesk.audit.models import AuditEntry
from walletdesk.identity.models import Role, User
from walletdesk.security.models import SecurityEvent, SecurityEventKind
from walletdesk.tickets.choices import Channel, ProblemType
from walletdesk.tickets.services import Provenance, ticket_create

pytestmark = pytest.mark.django_db
FORM = {"period_start": PERIOD[0].isoformat(), "period_end": PERIOD[1].isoformat()}


def console_url(story: Story) -> str:
    return f"/console/customers/{story.customer.pk}/evidence/"


def api_url(story: Story) -> str:
    return f"/api/v1/customers/{story.customer.pk}/evidence/"


def as_user(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api(user: User) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Token {api_token_create(user=user, name='t')[1]}")


def no_download() -> None:
    assert not AuditEntry.objects.filter(action="evidence.download").exists()
    assert not SecurityEvent.objects.filter(kind=SecurityEventKind.EVIDENCE_DOWNLOADED).exists()


def test_the_security_specialist_downloads_and_the_customer_sees_it(
    story: Story, security_specialist: User
) -> None:
    client = as_user(security_specialist)
    page = client.get(console_url(story) + f"?ticket={story.ticket.pk}")
    assert page.status_code == 200
    response = client.post(console_url(story), FORM)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    opened = open_bundle(response.content)
    assert opened.data["requested_by"]["kind"] == "agent"
    (entry,) = AuditEntry.objects.filter(action="evidence.download")
    assert entry.actor == f"user:{security_specialist.pk}"
    assert entry.target == f"customer:{story.customer.pk}"
    assert entry.data["sha256"] == hashlib.sha256(response.content).hexdigest()
    assert entry.data["by"] == "agent"
    event = SecurityEvent.objects.get(
        customer=story.customer, kind=SecurityEventKind.EVIDENCE_DOWNLOADED
    )
    assert event.data["by"] == "agent"


def test_a_supervisor_may_download(story: Story, supervisor: User) -> None:
    assert as_user(supervisor).post(console_url(story), FORM).status_code == 200


def test_a_frontline_agent_is_refused_even_seeing_the_customer(story: Story, agent: User) -> None:
    # A frontline ticket of the same customer: the agent sees the customer's panel...
    ticket_create(
        channel=Channel.PORTAL,
        subject="充值没到账",
        body="我充值了100元",
        problem_type=ProblemType.TOPUP_NOT_CREDITED,
        requester=story.customer,
    )
    client = as_user(agent)
    assert client.get(f"/console/customers/{story.customer.pk}/panel/").status_code == 200
    # ...but not the evidence bundle.
    assert client.get(console_url(story)).status_code == 404
    assert client.post(console_url(story), FORM).status_code == 404
    assert api(agent).post(api_url(story), FORM).status_code == 404
    no_download()


def test_a_security_specialist_without_a_proven_ticket_is_refused(
    make_customer: Callable[..., object], security_specialist: User
) -> None:
    customer = make_customer(display_name="赵六")
    # A ticket in the security queue, but from someone who only claimed the customer's address.
    ticket_create(
        channel=Channel.EMAIL,
        subject="wallet stolen",
        body="help",
        problem_type=ProblemType.ACCOUNT_STOLEN,
        requester=customer,  # type: ignore[arg-type]
        provenance=Provenance(verified=False),
    )
    url = f"/console/customers/{customer.pk}/evidence/"  # type: ignore[attr-defined]
    assert as_user(security_specialist).post(url, FORM).status_code == 404
    api_path = f"/api/v1/customers/{customer.pk}/evidence/"  # type: ignore[attr-defined]
    assert api(security_specialist).post(api_path, FORM).status_code == 404
    no_download()


def test_a_security_specialist_without_any_ticket_of_the_customer_is_refused(
    story: Story, make_user: Callable[..., User]
) -> None:
    other = make_user(Role.SPECIALIST, ("payments",))
    assert as_user(other).post(console_url(story), FORM).status_code == 404
    no_download()


def test_the_panel_offers_the_download_only_to_those_allowed(
    story: Story, security_specialist: User, agent: User
) -> None:
    ticket_page = f"/console/tickets/{story.ticket.pk}/"
    assert console_url(story) in as_user(security_specialist).get(ticket_page).content.decode()
    ticket_create(
        channel=Channel.PORTAL,
        subject="充值没到账",
        body="我充值了100元",
        problem_type=ProblemType.TOPUP_NOT_CREDITED,
        requester=story.customer,
    )
    panel = as_user(agent).get(f"/console/customers/{story.customer.pk}/panel/")
    assert console_url(story) not in panel.content.decode()


def test_the_api_returns_the_zip(story: Story, security_specialist: User) -> None:
    response = api(security_specialist).post(
        api_url(story), json.dumps(FORM), content_type="application/json"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert open_bundle(response.content).data["period"]["start"] == FORM["period_start"]
    (entry,) = AuditEntry.objects.filter(action="evidence.download")
    assert entry.data["sha256"] == hashlib.sha256(response.content).hexdigest()


def test_the_api_defaults_to_the_last_30_days(story: Story, security_specialist: User) -> None:
    response = api(security_specialist).post(api_url(story), "{}", content_type="application/json")
    assert response.status_code == 200
    assert open_bundle(response.content).data["period"]["days"] == 30


def test_the_api_explains_a_bad_period(story: Story, security_specialist: User) -> None:
    response = api(security_specialist).post(
        api_url(story),
        json.dumps({"period_start": "2026-03-01", "period_end": "2099-01-01"}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["period_end"]
    response = api(security_specialist).post(
        api_url(story), json.dumps({"period_start": 5}), content_type="application/json"
    )
    assert response.status_code == 400
    no_download()


def test_the_api_operation_is_in_the_schema(client: Client) -> None:
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/customers/{customer_id}/evidence/"]["post"]
    assert "application/zip" in operation["responses"]["200"]["content"]


@pytest.mark.parametrize("body", ["null", "[]", '"2026-03-01"', "5"])
def test_the_api_refuses_a_body_that_is_not_an_object(
    story: Story, security_specialist: User, body: str
) -> None:
    response = api(security_specialist).post(api_url(story), body, content_type="application/json")
    assert response.status_code == 400
    no_download()
