"""Live chat in real browsers across two `walletdesk serve` processes: the customer's phone
(360 px, in Chinese) talks to server A, the agent's desktop console (in English) to server B.
The servers share the PostgreSQL test database (seeded through the services) and a private
`redis-server` this test starts, and nothing else: whatever one person sees of the other — the
chat waiting, its acceptance, each message, the other side typing, the close — has gone from
one process to the other through Redis.

Scaled mode only: the PostgreSQL + Redis lane of `scripts/test.sh` runs it (`-m browser`)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from tests.browser_launch import off_loop
from tests.realtime.chat_redis import PrivateRedis, private_redis  # noqa: F401 - the fixture
from tests.runtime.processes import command, embedded_env, free_port, wait_for
from walletdesk.chat.services import conversation_start, presence_set, queue_join
from walletdesk.config.settings import PASSWORD_HASHERS as PRODUCT_PASSWORD_HASHERS
from walletdesk.identity.services import console_user_create, customer_create

SCALED = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) and bool(
    os.environ.get("REDIS_URL")
)

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(
        not SCALED,
        reason="two server processes share a database only in the scaled mode: "
        "set DATABASE_URL to PostgreSQL and REDIS_URL (the PostgreSQL + Redis lane does)",
    ),
    # The servers write through their own connections: committed rows, flushed afterwards.
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings(
        "ignore:Session-scoped fixtures defined as instance methods:pytest.PytestRemovedIn10Warning"
    ),
]

READY_SECONDS = 45
WAIT_MS = 15_000
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}
PASSWORD = "tidal-Browser-Passphrase-7"
CUSTOMER_EMAIL = "xiaoming@example.com"


def _seed() -> None:
    """The agent is online for one chat at a time and already has one, so the next chat waits
    in the queue for them to accept it, instead of being given to them at once."""
    agent = console_user_create(
        username="desk-b", password=PASSWORD, role="agent", teams=["frontline"], first_name="Lei"
    )
    presence_set(user=agent, status="online", capacity=1, languages=["zh-hans", "en"])
    customer_create(display_name="王小明", email=CUSTOMER_EMAIL, password=PASSWORD)
    earlier = conversation_start(
        origin="embed",
        language="zh-hans",
        visitor_name="Earlier visitor",
        visitor_contact="earlier@example.com",
    )
    queue_join(conversation=earlier.conversation)
    earlier.conversation.refresh_from_db()
    assert earlier.conversation.agent_id == agent.pk, earlier.conversation.state


@dataclass(frozen=True)
class Servers:
    customer: str  # server A's base URL
    agent: str  # server B's


def _test_database_url() -> str:
    """DATABASE_URL with the test database's name (pytest-django's test_<name>) in its path."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def _stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def servers(
    tmp_path: Path,
    private_redis: PrivateRedis,  # noqa: F811
    transactional_db: None,
    settings: Any,
) -> Iterator[Servers]:
    # Seeded here through the services, committed; hashed as the servers' settings hash.
    settings.PASSWORD_HASHERS = PRODUCT_PASSWORD_HASHERS
    settings.CHAT_HOURS = ""
    env = embedded_env(tmp_path / "data")
    env.update(
        DATABASE_URL=_test_database_url(),
        REDIS_URL=private_redis.url,
        WALLETDESK_SECRET_KEY="two-servers-test-secret-key-not-for-production-0123456789",
        WALLETDESK_TASKS_IMMEDIATE="1",  # no `walletdesk worker` in this test
        WALLETDESK_CHAT_HOURS="",  # the queue is open whenever the test runs
    )
    processes: list[subprocess.Popen[bytes]] = []
    logs = [tmp_path / "serve-a.log", tmp_path / "serve-b.log"]
    ports = (free_port(), free_port())
    try:
        for port, log in zip(ports, logs, strict=True):
            with log.open("w") as out:
                processes.append(
                    subprocess.Popen(  # noqa: S603 - our own interpreter and module
                        command("serve", "--port", str(port), "--workers", "1"),
                        env=env,
                        cwd=tmp_path,
                        stdout=out,
                        stderr=subprocess.STDOUT,
                    )
                )
        off_loop(_seed)  # while the servers start (pytest-django has made the tables)
        for process, log in zip(processes, logs, strict=True):

            def ready(process: subprocess.Popen[bytes] = process, log: Path = log) -> bool:
                assert process.poll() is None, log.read_text()
                return "Uvicorn running on" in log.read_text()

            wait_for(ready, seconds=READY_SECONDS, explain=log.read_text)
        yield Servers(*(f"http://127.0.0.1:{port}" for port in ports))
    finally:
        _stop(processes)


@pytest.fixture
def open_page(browser: Browser, servers: Servers) -> Iterator[Callable[..., Page]]:
    """A page in a fresh browser context; every context is closed before the servers stop."""
    contexts: list[BrowserContext] = []

    def open_at(base: str, *, phone: bool) -> Page:
        if phone:
            context = browser.new_context(
                viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
            )
        else:
            context = browser.new_context(viewport=DESKTOP)
            context.add_cookies([{"name": "wd_lang", "value": "en", "url": base}])
        context.set_default_timeout(WAIT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


def _console(page: Page, base: str) -> None:
    page.goto(f"{base}/console/login/")
    page.fill("input[name=username]", "desk-b")
    page.fill("input[name=password]", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url(f"{base}/console/")
    page.goto(f"{base}/console/chats/")
    page.wait_for_function("() => window.WDChat && window.WDChat.connected")


def _widget(page: Page, base: str) -> None:
    page.goto(f"{base}/login/?next=/chat/")
    page.fill("input[name=identifier]", CUSTOMER_EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_url(f"{base}/chat/")
    expect(page.locator("#chat")).to_have_attribute("data-ready", "true")


def test_a_customer_on_one_server_chats_with_an_agent_on_the_other(
    servers: Servers, open_page: Callable[..., Page]
) -> None:
    expect.set_options(timeout=WAIT_MS)
    desk = open_page(servers.agent, phone=False)
    _console(desk, servers.agent)
    expect(desk.locator("#chats-active")).to_contain_text("Earlier visitor")
    expect(desk.locator("#chats-waiting")).to_contain_text("No chat is waiting")

    # Server A: the customer, on a phone, picks a type, reads the suggestions, joins the queue.
    phone = open_page(servers.customer, phone=True)
    _widget(phone, servers.customer)
    expect(phone.locator("#chat-title")).to_have_text("在线客服")
    phone.get_by_test_id("topic-topup_not_credited").click()
    expect(phone.get_by_test_id("suggestions")).to_be_visible()
    phone.get_by_test_id("still-need-help").click()
    expect(phone.get_by_test_id("queue")).to_be_visible()
    expect(phone.get_by_test_id("queue-position")).to_have_text("下一位就是您。")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Server B: the console, open before the customer came, shows the chat waiting, live.
    waiting = desk.locator("#chats-waiting tr[data-chat]")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("王小明")
    expect(desk.locator("#nav-chats-badge")).to_have_attribute("data-count", "1")
    key = waiting.get_attribute("data-chat")
    assert key
    waiting.locator("a").click()
    desk.wait_for_url(f"{servers.agent}/console/chats/{key}/")
    desk.click("#chat-accept")
    expect(desk.locator("#chat-header")).to_have_attribute("data-may-send", "1")
    expect(phone.get_by_test_id("queue")).to_be_hidden()

    # The customer writes in Chinese; the agent sees them typing, then the message.
    phone.locator("#chat-input").press_sequentially("我的充值还没到账", delay=40)
    expect(desk.locator("#chat-typing")).to_be_visible()
    expect(desk.locator("#chat-typing")).to_contain_text("The customer is typing")
    phone.click("#chat-send")
    expect(desk.locator("#chat-entries")).to_contain_text("我的充值还没到账")
    expect(desk.locator("#chat-typing")).to_be_hidden()

    # The agent answers in English; the customer sees them typing, then the answer.
    desk.locator("#chat-text").press_sequentially("I am checking your top-up now.", delay=40)
    expect(phone.get_by_test_id("typing")).to_be_visible()
    expect(phone.get_by_test_id("typing")).to_contain_text("Lei 正在输入")
    desk.press("#chat-text", "Enter")
    answer = phone.locator('.chat-msg[data-author="agent"]')
    expect(answer).to_contain_text("I am checking your top-up now.")
    expect(phone.get_by_test_id("typing")).to_be_hidden()

    # The agent closes the chat; the customer is asked to rate it.
    desk.click("#chat-close")
    expect(desk.locator("#chat-header")).to_have_attribute("data-state", "closed")
    expect(phone.get_by_test_id("rating")).to_be_visible()
    expect(phone.locator("#chat-composer")).to_be_hidden()
