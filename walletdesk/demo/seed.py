"""`walletdesk seed-demo`: a deterministic demo installation.

Running it twice changes nothing: the second run sees the demo is there and only reprints the
sign-in details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from walletdesk.core import clock
from walletdesk.demo import chats, reports, wallets
from walletdesk.demo.conversations import TICKETS, DemoTicket
from walletdesk.demo.people import (
    CONSOLE_USERS,
    CUSTOMERS,
    DEMO_CUSTOMER_PASSWORD,
    IDENTITY_FACTS,
    OFFICIAL_CHANNELS,
)
from walletdesk.identity.models import Customer, User
from walletdesk.identity.services import console_user_create, customer_create
from walletdesk.safety.services import official_channel_register
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import (
    Author,
    TicketChanges,
    message_add,
    ticket_create,
    ticket_update,
)


@dataclass(frozen=True)
class SeedResult:
    created: bool
    tickets: int
    customers: int


def demo_present() -> bool:
    return User.objects.filter(username="admin").exists()


@transaction.atomic
def seed_demo() -> SeedResult:
    if demo_present():
        return SeedResult(False, Ticket.objects.count(), Customer.objects.count())
    now = clock.now().replace(minute=0, second=0, microsecond=0)
    users = {
        u.username: console_user_create(
            username=u.username,
            password=u.password,
            role=u.role,
            teams=u.teams,
            first_name=u.first_name,
            last_name=u.last_name,
            email=f"{u.username}@walletdesk.example",
        )
        for u in CONSOLE_USERS
    }
    for kind, value, label, hours in OFFICIAL_CHANNELS:
        official_channel_register(kind=kind, value=value, label=label, service_hours=hours)
    wallets.seed_merchants()
    customers: dict[str, Customer] = {}
    notable: dict[str, dict[str, str]] = {}
    for spec in CUSTOMERS:
        ref, notable[spec.key] = wallets.build(spec.key, spec.name, spec.story, now)
        with clock.frozen_at(now - dt.timedelta(days=90)):
            customers[spec.key] = customer_create(
                display_name=spec.name,
                email=spec.email,
                phone=spec.phone,
                password=DEMO_CUSTOMER_PASSWORD,
                language=spec.language,
                wallet_account_ref=ref,
            )
        if spec.key in IDENTITY_FACTS:
            birth, suffix = IDENTITY_FACTS[spec.key]
            customers[spec.key].birth_date = dt.date.fromisoformat(birth)
            customers[spec.key].id_number_suffix = suffix
            customers[spec.key].save(update_fields=["birth_date", "id_number_suffix"])
    for demo in TICKETS:
        _seed_ticket(demo, customers[demo.customer], users, notable[demo.customer], now)
    reports.seed_reports(users["security"])
    chats.seed_chats(users, customers["demo"], now)
    return SeedResult(True, len(TICKETS), len(customers))


def _seed_ticket(
    demo: DemoTicket,
    customer: Customer,
    users: dict[str, User],
    notable: dict[str, str],
    now: dt.datetime,
) -> None:
    opened = now - dt.timedelta(hours=demo.hours_ago)
    supervisor = users["supervisor"]
    with clock.frozen_at(opened):
        ticket = ticket_create(
            channel=demo.channel,
            requester=customer,
            subject=demo.subject,
            body=demo.body,
            problem_type=demo.problem_type,
            steps_tried=demo.steps_tried,
            transaction_ref=notable.get(demo.tx_story, ""),
        )
    if demo.assignee:
        assignee = users[demo.assignee]
        team = assignee.teams.values_list("code", flat=True).first()
        with clock.frozen_at(opened + dt.timedelta(minutes=2)):
            ticket = ticket_update(
                ticket=ticket,
                by=supervisor,
                changes=TicketChanges(assignee_id=assignee.pk, team=team),
            )
    for who, text, minutes in demo.turns:
        kind = "note" if who.startswith("note:") else "reply"
        username = who.removeprefix("note:")
        author = Author(customer=customer) if who == "customer" else Author(user=users[username])
        with clock.frozen_at(opened + dt.timedelta(minutes=minutes)):
            message_add(ticket=ticket, author=author, body=text, kind=kind, notify=False)
    _settle_status(ticket, demo.status, supervisor, opened + dt.timedelta(hours=1))


def _settle_status(ticket: Ticket, status: str, by: User, at: dt.datetime) -> None:
    ticket.refresh_from_db()
    path = {"closed": ["solved", "closed"]}.get(status, [status])
    with clock.frozen_at(at):
        for step in path:
            if step != ticket.status:
                ticket = ticket_update(ticket=ticket, by=by, changes=TicketChanges(status=step))


def sign_in_text(base_url: str) -> str:
    width = max(len(u.username) for u in CONSOLE_USERS)
    lines = [
        "WalletDesk demo — sign in with:",
        f"  Console  {base_url}/console/",
    ]
    for u in CONSOLE_USERS:
        lines.append(f"    {u.username.ljust(width)}  {u.password}   ({u.role})")
    lines += [
        f"  Portal   {base_url}/",
        f"    demo@walletdesk.example  {DEMO_CUSTOMER_PASSWORD}   (or any demo customer)",
        f"  Admin    {base_url}/admin/   (admin)",
    ]
    return "\n".join(lines)
