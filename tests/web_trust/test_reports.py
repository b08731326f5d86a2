"""/report/ opens a security ticket with screenshots; the security team confirms it; then the
check answers "reported". Who may decide, who may see."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.web_portal.conftest import TINY_PNG, sign_in
from walletdesk.audit.models import AuditEntry
from walletdesk.identity.models import Customer, Role, User
from walletdesk.identity.services import team_ensure
from walletdesk.safety.models import ReportedValue
from walletdesk.safety.verify import channel_verify
from walletdesk.tickets.models import Ticket

pytestmark = pytest.mark.django_db


def _png() -> SimpleUploadedFile:
    return SimpleUploadedFile("fake-sms.png", TINY_PNG, content_type="image/png")


def _report(client: Client, **extra: object) -> object:
    data = {
        "category": "link",
        "values": "https://walletdesk-refund.top/claim\n+86 400-800-8889",
        "what_happened": "An SMS said my wallet was locked and I must log in here.",
        "attachments": [_png()],
        **extra,
    }
    return client.post("/report/", data)


def test_a_signed_out_report_opens_a_security_ticket_with_the_screenshot(client: Client) -> None:
    team_ensure("security")
    response = _report(client, contact="reporter@example.com")
    assert response.status_code == 302
    assert response["Location"] == "/report/sent/"
    ticket = Ticket.objects.get()
    assert ticket.problem_type == "phishing_report"
    assert ticket.team is not None
    assert ticket.team.code == "security"
    assert ticket.requester is None
    assert ticket.contact == "reporter@example.com"
    message = ticket.messages.get()
    assert "walletdesk-refund.top" in message.body
    attachment = message.attachments.get()
    assert attachment.content_type == "image/png"
    reports = ReportedValue.objects.order_by("id")
    assert [(r.kind, r.normalized, r.state, r.ticket_id) for r in reports] == [
        ("domain", "walletdesk-refund.top", "new", ticket.pk),
        ("phone", "+864008008889", "new", ticket.pk),
    ]


def test_signed_out_reporters_must_say_how_to_reach_them(client: Client) -> None:
    response = _report(client)
    assert response.status_code == 400
    assert not Ticket.objects.exists()


def test_a_signed_in_report_lands_on_the_customers_own_ticket(
    client: Client, customer: Customer
) -> None:
    sign_in(client, customer)
    response = _report(client)
    ticket = Ticket.objects.get()
    assert response["Location"] == f"/tickets/{ticket.pk}/"
    assert ticket.requester == customer
    assert ticket.requester_verified
    assert customer.security_events.filter(kind="phishing_reported").exists()


def test_a_customer_cannot_see_another_customers_report(
    client: Client, customer: Customer, make_customer: Callable[..., Customer]
) -> None:
    sign_in(client, customer)
    _report(client)
    ticket = Ticket.objects.get()
    other = Client()
    sign_in(other, make_customer(email="other@example.com"))
    assert other.get(f"/tickets/{ticket.pk}/").status_code == 404
    assert "walletdesk-refund.top" not in other.get("/tickets/").content.decode()
    assert "walletdesk-refund.top" not in other.get("/verify/").content.decode()


def _reported_ticket(client: Client) -> Ticket:
    _report(client, contact="+86 139 0000 0000")
    client.cookies.clear()
    return Ticket.objects.get()


def test_a_security_specialist_confirms_and_the_check_answers_reported(
    client: Client, security_specialist: User
) -> None:
    ticket = _reported_ticket(client)
    report = ReportedValue.objects.get(kind="domain")
    assert channel_verify("walletdesk-refund.top").status == "lookalike"
    client.force_login(security_specialist)
    page = client.get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert 'id="phishing-reports"' in page
    assert f"/console/reports/{report.pk}/decide/" in page
    response = client.post(f"/console/reports/{report.pk}/decide/", {"decision": "confirm"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "confirmed"
    assert report.confirmed_by == security_specialist.pk
    assert report.decided_at is not None
    assert channel_verify("https://WALLETDESK-REFUND.top/other").status == "reported"
    entry = AuditEntry.objects.get(action="phishing_report.confirmed")
    assert entry.actor == f"user:{security_specialist.pk}"
    assert entry.target == f"reported_value:{report.pk}"
    assert "walletdesk-refund" not in str(entry.data)


def test_a_frontline_agent_cannot_confirm(client: Client, make_user: Callable[..., User]) -> None:
    ticket = _reported_ticket(client)
    report = ReportedValue.objects.get(kind="domain")
    # Frontline sees the ticket once it is assigned to them, but may still not decide.
    agent = make_user(Role.AGENT, ("frontline", "security"))
    client.force_login(agent)
    page = client.get(f"/console/tickets/{ticket.pk}/").content.decode()
    assert "/decide/" not in page
    response = client.post(f"/console/reports/{report.pk}/decide/", {"decision": "confirm"})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.state == "new"
    assert channel_verify("walletdesk-refund.top").status == "lookalike"
    assert not AuditEntry.objects.filter(action__startswith="phishing_report.").exists()


def test_an_agent_who_cannot_see_the_ticket_gets_404(
    client: Client, make_user: Callable[..., User]
) -> None:
    _reported_ticket(client)
    report = ReportedValue.objects.get(kind="domain")
    client.force_login(make_user(Role.SPECIALIST, ("payments",)))
    response = client.post(f"/console/reports/{report.pk}/decide/", {"decision": "confirm"})
    assert response.status_code == 404


def test_a_supervisor_rejects(client: Client, supervisor: User) -> None:
    _reported_ticket(client)
    report = ReportedValue.objects.get(kind="phone")
    client.force_login(supervisor)
    client.post(f"/console/reports/{report.pk}/decide/", {"decision": "reject"})
    report.refresh_from_db()
    assert report.state == "rejected"
    assert channel_verify("+86 400-800-8889").status == "lookalike"
    assert AuditEntry.objects.filter(action="phishing_report.rejected").count() == 1


def test_an_official_channel_cannot_be_confirmed_from_the_console(
    client: Client, supervisor: User
) -> None:
    _report(client, values="+86 400-800-8888", contact="x@example.com")
    client.cookies.clear()
    report = ReportedValue.objects.get()
    client.force_login(supervisor)
    response = client.post(
        f"/console/reports/{report.pk}/decide/", {"decision": "confirm"}, follow=True
    )
    assert "flash-error" in response.content.decode()
    report.refresh_from_db()
    assert report.state == "new"
    assert channel_verify("4008008888").status == "official"


def test_reports_are_limited_per_client(client: Client) -> None:
    for index in range(10):
        response = _report(client, contact=f"r{index}@example.com", attachments=[])
        assert response.status_code == 302
    assert _report(client, contact="r11@example.com").status_code == 429


@pytest.mark.parametrize("values", ["", "a\x00b", "x" * 600, "\n".join(["a.example"] * 6)])
def test_junk_reports_are_refused_without_a_ticket(client: Client, values: str) -> None:
    response = _report(client, values=values, contact="x@example.com", attachments=[])
    assert response.status_code == 400
    assert not Ticket.objects.exists()
    assert not ReportedValue.objects.exists()
