"""What agents and admins read: "just now" instead of "0 minutes", a reply labelled with its
author rather than the ticket's channel, the composer's errors under the composer, and the
admin in the product's words in both languages."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.web_console.conftest import HTMX
from walletdesk.core import clock
from walletdesk.identity.models import Role, User
from walletdesk.tickets.choices import Channel
from walletdesk.tickets.models import Ticket
from walletdesk.tickets.services import Author, message_add


def test_a_new_ticket_reads_just_now_not_zero_minutes(
    login_as: Callable[[User], Client], supervisor: User, make_ticket: Callable[..., Ticket]
) -> None:
    started = dt.datetime(2026, 11, 3, 6, 0, tzinfo=dt.UTC)
    with clock.frozen_at(started):
        make_ticket(subject="Fresh one")
    with clock.frozen_at(started - dt.timedelta(hours=3)):
        make_ticket(subject="Older one")
    client = login_as(supervisor)

    with clock.frozen_at(started + dt.timedelta(seconds=20)):
        page = client.get(reverse("console:inbox")).content.decode()

    assert "0\xa0minutes" not in page
    assert "0 minutes" not in page
    assert page.count("opened just now") == 1  # the older one keeps its age
    assert page.count("updated just now") == 1


def test_an_agents_reply_is_labelled_with_the_agent_not_the_channel(
    login_as: Callable[[User], Client],
    make_user: Callable[..., User],
    make_ticket: Callable[..., Ticket],
) -> None:
    agent = make_user(Role.AGENT, username="li.wei", first_name="伟", last_name="李")
    ticket: Ticket = make_ticket(channel=Channel.EMAIL)
    message_add(ticket=ticket, author=Author(user=agent), body="Looking into it.")
    client = login_as(agent)

    page = client.get(reverse("console:ticket", args=[ticket.pk])).content.decode()
    metas = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", meta)).strip()
        for meta in re.findall(r'<div class="msg-meta">(.*?)</time>', page, flags=re.S)
    ]

    assert metas[0].startswith(f"{ticket.requester} · Email ·")  # how the customer wrote
    assert metas[1].startswith("李伟 · Public reply ·")  # who answered, not "Email"


def test_the_composers_answer_lands_under_the_composer(
    login_as: Callable[[User], Client], agent: User, make_ticket: Callable[..., Ticket]
) -> None:
    ticket: Ticket = make_ticket()
    client = login_as(agent)
    page = client.get(reverse("console:ticket", args=[ticket.pk])).content.decode()

    composer = page[page.index('<section class="card" id="composer">') :]
    composer = composer[: composer.index("</section>")]
    assert 'hx-target="#composer-feedback"' in composer
    assert composer.index('id="composer-feedback"') < composer.index('name="kind" value="reply"')

    refused = client.post(
        reverse("console:ticket-message", args=[ticket.pk]),
        {"kind": "reply", "body": " "},
        headers=HTMX,
    ).content.decode()
    assert 'data-outcome="refused"' in refused
    assert "This field is required." in refused


def test_the_admin_speaks_the_products_words(
    client: Client, make_user: Callable[..., User]
) -> None:
    admin = make_user(Role.ADMIN, ("management",), username="root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    chinese = client.get("/admin/").content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get("/admin/").content.decode()

    assert "WalletDesk 管理后台" in chinese
    assert "Django" not in chinese
    for name in ("客户", "工单", "客服工作台用户", "官方渠道", "沙盒钱包", "商户"):
        assert name in chinese, name
    assert "WalletDesk administration" in english
    assert "Django administration" not in english
    for name in ("Customers", "Tickets", "Console users", "Official channels", "Merchants"):
        assert name in english, name
